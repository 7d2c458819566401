import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killOnExit } from '../util/child-cleanup.js';
import { packageRoot } from '../util/package-root.js';

export interface LocalBigQueryProcess {
  url: string;
  /** `host:port` of its Storage Read gRPC service (what `bigquery.storageApiEndpoint` takes). */
  storageReadAddress: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The local BigQuery server as its own process (so its memory is its own and it survives
 * nothing of ours), file-backed, on 127.0.0.1, with its Storage Read gRPC service on a free
 * port. Resolves once it prints both addresses.
 */
export async function startLocalBigQueryProcess(options: {
  port: number;
  dataFile: string;
  logFile: string;
  /** Called as soon as the process exists, with a way to stop it (e.g. on Ctrl-C while it starts). */
  onStarted?: (stop: () => Promise<void>) => void;
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
  let startErrors = '';
  child.stderr?.on('data', (chunk: Buffer) => (startErrors = (startErrors + chunk.toString()).slice(-4000)));
  options.onStarted?.(() => stopChild(child, exited));
  const { url, storageReadAddress } = await new Promise<{ url: string; storageReadAddress: string }>(
    (resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        log.write(chunk);
        const addresses = listeningAddresses(out);
        if (addresses) {
          child.stdout?.off('data', onData);
          child.stdout?.pipe(log, { end: false });
          resolve(addresses);
        }
      };
      child.stdout?.on('data', onData);
      void exited.then((code) =>
        reject(
          new Error(
            [
              `the local BigQuery server exited with code ${String(code)} before it was ready (log: ${options.logFile})`,
              lockAdvice(startErrors, options.dataFile),
            ]
              .filter(Boolean)
              .join('\n'),
          ),
        ),
      );
    },
  );
  return {
    url,
    storageReadAddress,
    pid: child.pid,
    stop: () => stopChild(child, exited).finally(() => log.end()),
  };
}

/** The REST URL and the Storage Read address `bigquery-local` prints once both listen. */
export function listeningAddresses(stdout: string): { url: string; storageReadAddress: string } | undefined {
  const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
  const storageReadAddress = /storage read \(gRPC\) listening on (\S+)/.exec(stdout)?.[1];
  return url && storageReadAddress ? { url, storageReadAddress } : undefined;
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

/**
 * DuckDB lets one process open a data file for writing; a server left over from a crashed
 * run keeps the lock. Its message names the holder's pid: say who it is and how to stop it.
 */
export function lockAdvice(stderr: string, dataFile: string): string | undefined {
  const match = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(stderr);
  if (!match) return undefined;
  const pid = Number(match[2]);
  const command = commandLineOf(pid) ?? match[1]!;
  return [
    `The data file ${dataFile} is locked by process ${pid} (${command}).`,
    'It is probably the local BigQuery server of an earlier run that did not stop.',
    `Stop it with: kill ${pid}   (if it is still there after a few seconds: kill -9 ${pid})`,
    'then run the command again.',
  ].join('\n');
}

function commandLineOf(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
