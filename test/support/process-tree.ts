import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmdline: string;
}

/** Every process on the machine, from /proc (Linux). */
export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(entry), state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]), cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** A process and all its descendants (alive, not zombies). */
export function processTree(root: number): ProcInfo[] {
  const all = processes().filter((p) => p.state !== 'Z');
  const tree: ProcInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const p of all) {
      if (p.ppid === pid) {
        tree.push(p);
        queue.push(p.pid);
      }
    }
  }
  return tree;
}

/** Live (non-zombie) processes among `pids` or in any of the process groups `pgids`. */
export function survivors(pids: readonly number[], pgids: readonly number[]): ProcInfo[] {
  return processes().filter((p) => p.state !== 'Z' && (pids.includes(p.pid) || pgids.includes(p.pgid)));
}
