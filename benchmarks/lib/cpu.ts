import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux x86 and arm). */
const TICKS_PER_SECOND = 100;

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return NaN;
  }
}

export interface CpuUse {
  seconds: number;
  /** Average busy cores of the whole machine over the interval. */
  machineCores: number;
  /** Average cores used by each named process. */
  processes: Record<string, number>;
  /** Busy cores not accounted for by the named processes: other work on a shared machine. */
  otherCores: number;
}

/**
 * CPU used over an interval, machine-wide and by our processes, from /proc. On a shared
 * machine `otherCores` says how much the figures were disturbed by work that is not ours.
 */
export class CpuMeter {
  private readonly start = Date.now();
  private readonly machine = machineTicks();
  private readonly startTicks: Record<string, number>;

  constructor(private readonly pids: Record<string, number>) {
    this.startTicks = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processTicks(pid)]));
  }

  read(): CpuUse {
    const seconds = (Date.now() - this.start) / 1000;
    const now = machineTicks();
    const cores = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) / 100;
    const processes = Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [name, cores(processTicks(pid) - this.startTicks[name]!)]),
    );
    const machineCores = now && this.machine ? cores(now.busy - this.machine.busy) : NaN;
    const ours = Object.values(processes).reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
    return {
      seconds: Math.round(seconds * 10) / 10,
      machineCores,
      processes,
      otherCores: Math.max(0, Math.round((machineCores - ours) * 100) / 100),
    };
  }
}

export function formatCpu(c: CpuUse): string {
  const ours = Object.entries(c.processes)
    .map(([name, cores]) => `${name} ${cores}`)
    .join(', ');
  return `${c.machineCores} cores busy (${ours}; other work ${c.otherCores})`;
}
