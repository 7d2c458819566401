import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

const children = new Set<ChildProcess>();
let hooked = false;
let reaper: ChildProcess | undefined;

/**
 * Servers we start run in their own process group, so a Ctrl-C in the terminal reaches only
 * our CLI, which then stops them in order (generator, Harper, BigQuery). The price is that
 * they would outlive us if we ended abruptly. Two guards: on a normal exit whatever is still
 * running is killed here; for an exit with no chance to run code (SIGKILL, a crash of node)
 * an orphan reaper watching a pipe from us stops their process groups (see orphan-reaper.ts).
 * The child must have been spawned with `detached: true` (its pid is its group id).
 */
export function killOnExit(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  children.add(child);
  tellReaper(`add ${pid}`);
  child.once('exit', () => {
    children.delete(child);
    tellReaper(`del ${pid}`);
  });
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of children) {
      try {
        // The whole group: a server's own children go with it.
        process.kill(-c.pid!, 'SIGKILL');
      } catch {
        try {
          c.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

/** The reaper's pid, when one runs (for tests and diagnostics). */
export function reaperPid(): number | undefined {
  return reaper?.pid;
}

function tellReaper(line: string): void {
  const stdin = startReaper()?.stdin;
  if (stdin && !stdin.destroyed) stdin.write(`${line}\n`);
}

function startReaper(): ChildProcess | undefined {
  if (reaper) return reaper;
  const script = join(packageRoot(), 'dist', 'src', 'util', 'orphan-reaper.js');
  if (!existsSync(script)) return undefined;
  reaper = spawn(process.execPath, [script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  // Neither the reaper nor its pipe may keep our event loop alive.
  reaper.unref();
  (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  reaper.stdin?.on('error', () => undefined);
  return reaper;
}
