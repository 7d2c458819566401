import os from 'node:os';

/** The machine a benchmark ran on: every result is printed and stored with it. */
export interface Machine {
  cpuModel: string;
  cpuCount: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-minute load average at the start: a busy shared machine skews every figure. */
  loadAverage1m: number;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export function formatMachine(m: Machine): string {
  return `${m.cpuCount} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, load ${m.loadAverage1m}`;
}
