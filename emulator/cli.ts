#!/usr/bin/env node
/**
 * `bigquery-local`: run the local BigQuery-compatible server in the foreground.
 *
 *   bigquery-local                       # http://127.0.0.1:9050, in memory
 *   bigquery-local --port 0 --data ./bq.duckdb
 *   bigquery-local --storage-read-port 9060    # Storage Read gRPC on a fixed port (default: a free one)
 *
 * Point the official client at it with `apiEndpoint: <url>` (see emulator/client.ts) or
 * BIGQUERY_EMULATOR_HOST=<url>. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startLocalBigQuery } from './index.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('must be an integer from 0 to 65535.');
  return port;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError('must be a positive number of seconds.');
  return seconds;
}

interface CliOptions {
  port: number;
  host: string;
  data?: string;
  log?: boolean;
  /** false with --no-storage-read. */
  storageRead: boolean;
  storageReadPort: number;
  storageReadSessionTtl?: number;
  storageReadMaxSessions?: number;
  storageReadMaxMib?: number;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number.');
  return n;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('bigquery-local')
    .description(
      'Local BigQuery-compatible REST server (DuckDB inside) for the official @google-cloud/bigquery client.',
    )
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 9050)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('-d, --data <file>', 'DuckDB file that keeps data across restarts (default: in memory)')
    .option('--log', 'log every request to stderr (same as BQ_LOCAL_LOG=1)')
    .option(
      '--storage-read-port <port>',
      'port of the Storage Read gRPC service (default 0: a free one, printed at start)',
      parsePort,
      0,
    )
    .option('--no-storage-read', 'do not serve the Storage Read gRPC service')
    .option(
      '--storage-read-session-ttl <seconds>',
      'lifetime of a Storage Read session (default 21600 = 6 h, like BigQuery)',
      parseSeconds,
    )
    .option('--storage-read-max-sessions <n>', 'live Storage Read sessions at most (default 64)', parsePositive)
    .option(
      '--storage-read-max-mib <mib>',
      'MiB of session snapshots held in memory at most (default 1024); more is refused with RESOURCE_EXHAUSTED',
      parsePositive,
    )
    .showHelpAfterError();
  program.parse(argv);
  const opts = program.opts<CliOptions>();

  let server;
  try {
    server = await startLocalBigQuery({
      port: opts.port,
      host: opts.host,
      ...(opts.data !== undefined ? { dataFile: opts.data } : {}),
      ...(opts.log ? { log: true } : {}),
      storageReadPort: opts.storageRead ? opts.storageReadPort : null,
      storageRead: {
        ...(opts.storageReadSessionTtl !== undefined ? { sessionTtlMs: opts.storageReadSessionTtl * 1000 } : {}),
        ...(opts.storageReadMaxSessions !== undefined ? { maxSessions: opts.storageReadMaxSessions } : {}),
        ...(opts.storageReadMaxMib !== undefined ? { maxRetainedBytes: opts.storageReadMaxMib * 1024 ** 2 } : {}),
      },
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message =
      e.code === 'EADDRINUSE'
        ? `bigquery-local: ${e.message} Stop the other process or pass --port / --storage-read-port <free port> (0 picks one).`
        : `bigquery-local: could not start: ${e.message}`;
    process.stderr.write(message + '\n');
    process.exitCode = 1;
    return;
  }

  // Handlers go in before the address is printed: stdout to a pipe is synchronous, so a parent
  // that reads the address can signal before the next line runs, and would find none.
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`bigquery-local: ${signal} received, stopping\n`);
    server
      .stop()
      .then(() => {
        process.exitCode = 0;
      })
      .catch((err: unknown) => {
        process.stderr.write(`bigquery-local: error while stopping: ${String(err)}\n`);
        process.exitCode = 1;
      })
      .finally(() => {
        // Nothing else should keep the process alive, but do not hang if something does.
        setTimeout(() => process.exit(), 2000).unref();
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const storage = opts.data !== undefined ? `data file ${opts.data}` : 'in memory';
  process.stdout.write(`bigquery-local listening on ${server.url} (${storage})\n`);
  process.stdout.write(
    `  client: new BigQuery({ projectId, apiEndpoint: '${server.url}', authClient })  or  BIGQUERY_EMULATOR_HOST=${server.url}\n`,
  );
  if (server.storageRead) {
    process.stdout.write(
      `bigquery-local storage read (gRPC) listening on ${server.storageRead.address}\n` +
        `  client: new BigQueryReadClient({ servicePath: '${server.storageRead.host}', port: ${server.storageRead.port}, sslCreds: grpc.credentials.createInsecure() })\n`,
    );
  }
}

void main(process.argv);
