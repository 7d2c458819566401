#!/usr/bin/env node
/**
 * Outlives our CLI by design: it runs in its own process group with a pipe from the CLI as
 * its stdin, on which the CLI writes the process-group id of every server it starts. When
 * that pipe closes, the CLI has exited, however it ended (SIGKILL included): every group
 * still alive gets SIGTERM, then SIGKILL after a grace period. Servers run in their own
 * groups so a terminal Ctrl-C reaches only the CLI, which stops them in order itself; this
 * is what keeps them from being left behind when it cannot.
 */
const GRACE_MS = Number(process.env.HBS_REAPER_GRACE_MS ?? 10_000);
const groups = new Set<number>();
let pending = '';

function alive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(-group, name);
  } catch {
    // already gone
  }
}

async function reap(): Promise<void> {
  const living = [...groups].filter(alive);
  for (const group of living) signal(group, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (living.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const group of living.filter(alive)) signal(group, 'SIGKILL');
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const [verb, id] = line.trim().split(' ');
    const group = Number(id);
    if (!Number.isInteger(group) || group <= 1) continue;
    if (verb === 'add') groups.add(group);
    else if (verb === 'del') groups.delete(group);
  }
});
process.stdin.on('close', () => void reap());
process.stdin.on('error', () => void reap());
// Hang-ups and Ctrl-C sent to the terminal are the CLI's to handle; this one waits for the pipe.
for (const name of ['SIGINT', 'SIGHUP'] as const) process.on(name, () => undefined);
