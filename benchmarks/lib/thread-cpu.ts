import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU ticks (user + system) of every thread of a process, by thread id, from /proc. */
export function threadTicks(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** CPU seconds each thread used between two samples (threads new in `after` count from 0). */
export function threadSeconds(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [tid, ticks] of after) out.set(tid, (ticks - (before.get(tid) ?? 0)) / TICKS_PER_SECOND);
  return out;
}

/** The thread that used the most CPU in an interval (Harper's worker thread during raw writes). */
export function busiestThread(seconds: Map<number, number>): number | undefined {
  let best: number | undefined;
  for (const [tid, s] of seconds) if (best === undefined || s > seconds.get(best)!) best = tid;
  return best;
}
