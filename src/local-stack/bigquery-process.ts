import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { killOnExit } from '../util/child-cleanup.js';
import { packageRoot } from '../util/package-root.js';

export interface LocalBigQueryProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The local BigQuery server as its own process (so its memory is its own and it survives
 * nothing of ours), file-backed, on 127.0.0.1. Resolves once it prints its URL.
 */
export async function startLocalBigQueryProcess(options: {
  port: number;
  dataFile: string;
  logFile: string;
}): Promise<LocalBigQueryProcess> {
  const cli = join(packageRoot(), 'dist', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', String(options.port), '--data', options.dataFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only the CLI, which stops this last.
    detached: true,
  });
  killOnExit(child);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      log.write(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.pipe(log, { end: false });
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) =>
      reject(
        new Error(
          `the local BigQuery server exited with code ${String(code)} before it was ready (log: ${options.logFile})`,
        ),
      ),
    );
  });
  return {
    url,
    pid: child.pid,
    stop: () => stopChild(child, exited).finally(() => log.end()),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 10_000))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}
