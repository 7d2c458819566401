import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Servers we start run in their own process group, so a Ctrl-C in the terminal reaches only
 * our CLI, which then stops them in order (generator, Harper, BigQuery). The price is that
 * they would outlive us if we exited abruptly: this kills whatever is still running then.
 */
export function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of children) {
      try {
        c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}
