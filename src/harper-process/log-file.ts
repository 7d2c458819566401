import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The last `lines` lines of a (possibly large) log file, read from its end. */
export function tailFile(path: string, lines = 60): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(path).size;
    const chunk = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(chunk);
    readSync(fd, buffer, 0, chunk, size - chunk);
    // Harper's banner is colour art: strip escape codes so a failure message stays readable.
    // eslint-disable-next-line no-control-regex
    const text = buffer.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
    return text.replace(/\n+$/, '').split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}
