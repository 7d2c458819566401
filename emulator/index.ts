/**
 * A local BigQuery-compatible REST server backed by DuckDB, for tests and laptops. The
 * official `@google-cloud/bigquery` client talks to it unchanged (see ./client.ts).
 *
 * ```ts
 * const bq = await startLocalBigQuery({ port: 0 });       // in memory, free port
 * const client = createLocalBigQueryClient({ url: bq.url, projectId: 'local' });
 * bq.faults.failNext('jobs.query', 2, 503);                 // exercise retries
 * await bq.stop();
 * ```
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Engine } from './engine/contract.js';
import { createDuckDbEngine } from './engine/index.js';
import { FaultController } from './faults/controller.js';
import { createApp, isLoopback } from './server/app.js';
import type { JobStoreOptions } from './server/jobs/store.js';
import { startStorageReadServer, type StorageReadOptions, type StorageReadServer } from './storage-read/index.js';

export { FaultController } from './faults/controller.js';
export type { FaultRule, FaultRuleInput, FaultKind } from './faults/controller.js';
export { createLocalBigQueryClient } from './client.js';
export { createLocalBigQueryReadClient } from './storage-read/index.js';
export type { StorageReadOptions, StorageReadServer, SessionStats } from './storage-read/index.js';

export interface LocalBigQueryOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. The admin API is only served on loopback. */
  host?: string;
  /** DuckDB file for data that survives restarts; in memory when absent. */
  dataFile?: string;
  /** Use this engine instead of creating a DuckDB one (tests). It is closed by stop(). */
  engine?: Engine;
  /** Log each request to stderr. Default: env BQ_LOCAL_LOG=1. */
  log?: boolean;
  /** Limits of the in-memory job registry. */
  jobs?: JobStoreOptions;
  /**
   * Port of the Storage Read gRPC service (BigQueryRead), on the same host. 0 picks a free
   * port (the default); null turns the service off.
   */
  storageReadPort?: number | null;
  /** Session lifetime, batch size, clock of the Storage Read service (port and host come from above). */
  storageRead?: Omit<StorageReadOptions, 'port' | 'host'>;
}

export interface LocalBigQuery {
  /** Base URL, e.g. http://127.0.0.1:9050 — pass as `apiEndpoint`. */
  url: string;
  port: number;
  faults: FaultController;
  /** The Storage Read gRPC service, unless turned off (`storageReadPort: null`). */
  storageRead: StorageReadServer | undefined;
  stop(): Promise<void>;
}

export async function startLocalBigQuery(options: LocalBigQueryOptions = {}): Promise<LocalBigQuery> {
  const host = options.host ?? '127.0.0.1';
  const engine =
    options.engine ?? (await createDuckDbEngine(options.dataFile !== undefined ? { dataFile: options.dataFile } : {}));
  const faults = new FaultController();
  let storageRead: StorageReadServer | undefined;
  const app = createApp({
    storageRead: () => storageRead,
    engine,
    faults,
    admin: isLoopback(host) || host === 'localhost',
    log: options.log ?? process.env.BQ_LOCAL_LOG === '1',
    ...(options.jobs ? { jobs: options.jobs } : {}),
  });
  const server = createServer({ keepAliveTimeout: 30_000 }, app.handle);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  try {
    await listen(server, options.port ?? 0, host);
  } catch (err) {
    await engine.close().catch(() => undefined);
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  if (options.storageReadPort !== null) {
    try {
      storageRead = await startStorageReadServer(engine, {
        ...options.storageRead,
        host,
        port: options.storageReadPort ?? 0,
      });
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close().catch(() => undefined);
      throw err;
    }
  }
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  app.context.baseUrl = url;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await storageRead?.stop();
      await engine.close();
    })());

  try {
    await probe(url);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, faults, storageRead, stop };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          Object.assign(
            new Error(`Port ${port} on ${host} is already in use; choose another port (0 picks a free one).`),
            { code: 'EADDRINUSE' },
          ),
        );
      } else {
        reject(err);
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Ready means the REST surface answers: GET datasets of a throwaway project returns 200. */
function probe(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/bigquery/v2/projects/_readiness_probe/datasets`,
      { method: 'GET', agent: false },
      (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else reject(new Error(`Local BigQuery readiness probe answered ${res.statusCode ?? '?'}`));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
