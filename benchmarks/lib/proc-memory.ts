import { readFileSync } from 'node:fs';

/** Memory of a process from /proc/<pid>/status, in MiB (Linux only). */
export interface MemorySample {
  /** Resident set now. */
  rssMiB: number;
  /** Peak resident set over the process's life (the kernel's high-water mark). */
  hwmMiB: number;
  /** Anonymous pages (heaps, stacks): what a leak grows. */
  anonMiB: number;
  /** File-backed pages (e.g. LMDB's memory map): grows with the data the process touches. */
  fileMiB: number;
}

const FIELDS = { VmRSS: 'rssMiB', VmHWM: 'hwmMiB', RssAnon: 'anonMiB', RssFile: 'fileMiB' } as const;

export function readMemory(pid: number): MemorySample | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // exited, or not Linux
  }
  const sample: MemorySample = { rssMiB: NaN, hwmMiB: NaN, anonMiB: NaN, fileMiB: NaN };
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    const key = m && FIELDS[m[1] as keyof typeof FIELDS];
    if (key) sample[key] = Math.round((Number(m[2]) / 1024) * 10) / 10;
  }
  return sample;
}

/**
 * Samples a process's memory on a timer and keeps the peak of what it saw, so a short
 * spike between two labelled snapshots is not missed (VmHWM covers it too).
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private peakRss = 0;
  private peakAnon = 0;
  readonly snapshots: ({ label: string } & MemorySample)[] = [];

  constructor(
    readonly pid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    this.sample();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  sample(): MemorySample | undefined {
    const s = readMemory(this.pid);
    if (s) {
      this.peakRss = Math.max(this.peakRss, s.rssMiB);
      this.peakAnon = Math.max(this.peakAnon, s.anonMiB);
    }
    return s;
  }

  /** Records the memory now under a label (e.g. "50%"). */
  snapshot(label: string): void {
    const s = this.sample();
    if (s) this.snapshots.push({ label, ...s });
  }

  summary(): {
    peakRssMiB: number;
    peakAnonMiB: number;
    hwmMiB: number;
    snapshots: ({ label: string } & MemorySample)[];
  } {
    const last = this.sample();
    return {
      peakRssMiB: this.peakRss,
      peakAnonMiB: this.peakAnon,
      hwmMiB: last?.hwmMiB ?? NaN,
      snapshots: this.snapshots,
    };
  }
}
