import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { findFreePorts } from '../../src/harper-process/index.js';

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

/**
 * Stops a CLI a test left running (a failed step): Ctrl-C, then SIGKILL after a minute, so
 * no run keeps holding its root's DuckDB lock, Harper or ports for the next test or file.
 */
export async function stopIfRunning(cli: RunningCli | undefined): Promise<void> {
  if (!cli || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGINT');
  const stopped = await Promise.race([cli.exited, new Promise((r) => setTimeout(r, 60_000, 'timeout'))]);
  if (stopped === 'timeout') cli.child.kill('SIGKILL');
}

/** `harper-bigquery-sync start` (what `npm start` runs) on `root`, on free loopback ports. */
export async function spawnStart(root: string, scenario: string, extra: string[] = []): Promise<RunningCli> {
  const [http, ops, bq] = await findFreePorts(3);
  return spawnCli('dist/src/cli/main.js', [
    'start',
    '--root',
    root,
    '--scenario',
    scenario,
    '--http-port',
    String(http),
    '--ops-port',
    String(ops),
    '--bigquery-port',
    String(bq),
    ...extra,
  ]);
}
