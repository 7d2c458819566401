import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux x86 and arm). */
const TICKS_PER_SECOND = 100;

/** CPU ticks (user + system) and name of every thread of a process, from /proc/<pid>/task. */
export function namedThreadTicks(pid: number): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // exited, or not Linux
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The name sits in parentheses and may hold spaces: fields start after the last ')'.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export interface ThreadShare {
  tid: number;
  name: string;
  /** Share of one core this thread used over the interval (1 = always on a CPU). */
  busy: number;
}

/**
 * Per-thread CPU of one process over an interval. The busiest thread of a one-worker Harper
 * during a sync is the worker thread that runs it (the main thread only serves the REST
 * status polls, LMDB commits and libuv pool threads show up on their own).
 */
export class ThreadCpuMeter {
  private readonly start = Date.now();
  private readonly before: Map<number, { name: string; ticks: number }>;

  constructor(private readonly pid: number) {
    this.before = namedThreadTicks(pid);
  }

  /** Every thread that used CPU over the interval, busiest first. */
  read(): { seconds: number; threads: ThreadShare[] } {
    const seconds = (Date.now() - this.start) / 1000;
    const threads: ThreadShare[] = [];
    for (const [tid, now] of namedThreadTicks(this.pid)) {
      const used = now.ticks - (this.before.get(tid)?.ticks ?? 0);
      if (used <= 0) continue;
      threads.push({ tid, name: now.name, busy: Math.round((used / TICKS_PER_SECOND / seconds) * 100) / 100 });
    }
    threads.sort((a, b) => b.busy - a.busy);
    return { seconds: Math.round(seconds * 10) / 10, threads };
  }
}
