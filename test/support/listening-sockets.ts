import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** A TCP socket in LISTEN state, as the kernel reports it. */
export interface ListeningSocket {
  address: string;
  port: number;
  inode: string;
}

/** `/proc/net/tcp*` hex address (little-endian words) to text: 0100007F -> 127.0.0.1. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/.{2}/g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Every listening TCP socket on the host (IPv4 and IPv6), read from /proc; no connections made. */
function listeningSockets(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A = LISTEN
      const [addressHex, portHex] = fields[1]!.split(':');
      sockets.push({ address: decodeAddress(addressHex!), port: parseInt(portHex!, 16), inode: fields[9]! });
    }
  }
  return sockets;
}

/** The process and every descendant (Harper may fork), by scanning /proc/<pid>/stat. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

/** Socket inodes open in a process or any of its threads. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  const fdDirs = [`/proc/${pid}/fd`];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) fdDirs.push(`/proc/${pid}/task/${task}/fd`);
  } catch {
    // no task folder: the process is gone
  }
  for (const dir of fdDirs) {
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${dir}/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

/** The listening TCP sockets held by a process tree (a process, its threads and children). */
export function listeningSocketsOf(pid: number): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const member of processTree(pid)) for (const inode of socketInodes(member)) inodes.add(inode);
  return listeningSockets().filter((socket) => inodes.has(socket.inode));
}

/** 127.0.0.0/8, ::1 or an IPv4-mapped loopback address. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}
