/**
 * The local Storage Read gRPC server: BigQueryRead on loopback (plaintext), beside the REST
 * server and over the same engine. See emulator/README.md ("Storage Read API").
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Engine } from '../engine/contract.js';
import { bigQueryReadService } from './proto.js';
import { createReadService } from './service.js';
import { SessionStore, type Retained, type SessionStats } from './sessions.js';

/** BigQuery's read session lifetime. */
export const DEFAULT_SESSION_TTL_MS = 6 * 3600_000;

export interface StorageReadOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Read session lifetime. Default 6 h, like BigQuery. */
  sessionTtlMs?: number;
  /** Rows per Arrow record batch (one ReadRows response). Default 10,000. */
  batchRows?: number;
  /** With max_stream_count 0, about one stream per this many rows. Default 100,000. */
  rowsPerDefaultStream?: number;
  /** Live read sessions at most; more are refused with RESOURCE_EXHAUSTED. Default 64. */
  maxSessions?: number;
  /** Snapshot bytes all live sessions hold at most (fully read sessions are released first). Default 1 GiB. */
  maxRetainedBytes?: number;
  /** Clock in ms (tests move it to expire sessions). Default Date.now. */
  now?: () => number;
}

export interface StorageReadServer {
  host: string;
  port: number;
  /** `host:port`, e.g. for `servicePath`/`port` of the official client. */
  address: string;
  /** Every known session with its rows and bytes read (Storage Read bills bytes read). */
  sessions(): SessionStats[];
  /** Live sessions and the snapshot bytes they hold (bounded by maxSessions / maxRetainedBytes). */
  retained(): Retained;
  /** Expires every live session now (its readers then get FAILED_PRECONDITION); returns how many. */
  expireSessions(): number;
  stop(): Promise<void>;
}

export async function startStorageReadServer(
  engine: Engine,
  options: StorageReadOptions = {},
): Promise<StorageReadServer> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const sessions = new SessionStore({
    ttlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    now,
    ...(options.maxSessions !== undefined ? { maxSessions: options.maxSessions } : {}),
    ...(options.maxRetainedBytes !== undefined ? { maxRetainedBytes: options.maxRetainedBytes } : {}),
  });
  const server = new Server({
    // Record batches are at most a few MB, but a wide table could exceed grpc's 4 MB default.
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  server.addService(
    bigQueryReadService,
    createReadService({
      engine,
      sessions,
      now,
      batchRows: options.batchRows ?? 10_000,
      rowsPerDefaultStream: options.rowsPerDefaultStream ?? 100_000,
    }),
  );
  const bindHost = host.includes(':') ? `[${host}]` : host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${bindHost}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (err, bound) => {
      if (err) {
        const inUse = /EADDRINUSE|address already in use/i.test(err.message);
        reject(
          inUse
            ? Object.assign(
                new Error(
                  `Storage Read port ${options.port ?? 0} on ${host} is already in use; choose another port (0 picks a free one).`,
                ),
                { code: 'EADDRINUSE' },
              )
            : err,
        );
      } else resolve(bound);
    });
  });
  // Frees expired sessions' data even when no request comes (a short TTL sweeps sooner).
  const sweeper = setInterval(() => sessions.sweep(), Math.min(60_000, options.sessionTtlMs ?? 60_000));
  sweeper.unref();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= new Promise<void>((resolve) => {
      clearInterval(sweeper);
      // Open ReadRows streams are cut: the engine closes right after.
      server.forceShutdown();
      sessions.clear();
      resolve();
    }));
  return {
    host,
    port,
    address: `${bindHost}:${port}`,
    sessions: () => sessions.stats(),
    retained: () => sessions.retained(),
    expireSessions: () => sessions.expireAll(),
    stop,
  };
}
