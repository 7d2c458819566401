import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the output once `pattern` appears; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Runs a compiled CLI of this package (dist/...) with node, capturing stdout and stderr. */
export function spawnCli(script: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setInterval(check, 50);
        const deadline = Date.now() + timeoutMs;
        function check() {
          const match = text.match(pattern);
          if (match) {
            clearInterval(timer);
            resolve(match);
          } else if (child.exitCode !== null || Date.now() > deadline) {
            clearInterval(timer);
            reject(new Error(`did not see ${String(pattern)}; output:\n${text}`));
          }
        }
      });
    },
  };
}
