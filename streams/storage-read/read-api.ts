import { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { credentials } from '@grpc/grpc-js';
import type { BigQueryConnection } from '../../config/types.js';

/** What a backfill asks of CreateReadSession. */
export interface SessionRequest {
  /** Project the session is created (and billed) in. */
  billingProjectId: string;
  table: { projectId: string; dataset: string; table: string };
  /** Columns to read; undefined reads every column. */
  selectedFields?: readonly string[];
  /** GoogleSQL filter, e.g. the snapshot's upper bound on the timestamp column. */
  rowRestriction: string;
  /** Read the table as of this instant (microseconds since the epoch). */
  snapshotMicros: bigint;
  maxStreams: number;
}

export interface OpenedSession {
  name: string;
  /** Stream names; the service may return fewer than asked (at least one unless the table is empty). */
  streams: string[];
  /** The Arrow schema message (IPC-encapsulated) every record batch of the session follows. */
  arrowSchema: Uint8Array;
  /** When the service drops the session (ms since the epoch); undefined when not said. */
  expireAtMs?: number;
  /** The service's estimate of the bytes the session scans (what it bills), when given. */
  estimatedBytes?: number;
}

/** One ReadRows response: a serialized Arrow record batch and its row count. */
export interface ReadRowsMessage {
  rowCount: number;
  batch: Uint8Array;
}

/**
 * The two calls of the Storage Read API a backfill uses. The Google implementation wraps the
 * official raw v1 client; tests may pass their own.
 */
export interface StorageReadApi {
  createSession(request: SessionRequest): Promise<OpenedSession>;
  /** Rows of one stream from `offset` (rows already read), as the service sends them. */
  readRows(stream: string, offset: number): AsyncIterable<ReadRowsMessage>;
  close(): Promise<void>;
}

/** `host:port` of Google's Storage Read API. */
export const GOOGLE_STORAGE_API = 'bigquerystorage.googleapis.com:443';

/** True for 127.x.x.x, localhost and [::1] (the local server speaks gRPC without TLS). */
export function isLoopbackAddress(hostPort: string): boolean {
  const host = hostPort.replace(/:\d+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The Storage Read endpoint a connection reads from, or undefined when it has none: a local
 * REST endpoint without `storageApiEndpoint` must never fall through to Google's.
 */
export function storageEndpointOf(connection: BigQueryConnection): string | undefined {
  if (connection.storageApiEndpoint) return connection.storageApiEndpoint;
  return connection.apiEndpoint ? undefined : GOOGLE_STORAGE_API;
}

/** The official raw v1 client behind `StorageReadApi`. */
export function googleStorageReadApi(connection: BigQueryConnection, endpoint: string): StorageReadApi {
  const port = Number(/:(\d+)$/.exec(endpoint)?.[1] ?? 443);
  const servicePath = endpoint.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const options: NonNullable<ConstructorParameters<typeof BigQueryReadClient>[0]> = { servicePath, port };
  if (isLoopbackAddress(endpoint)) options.sslCreds = credentials.createInsecure();
  else if (typeof connection.credentials === 'string') options.keyFilename = connection.credentials;
  else if (connection.credentials) options.credentials = connection.credentials as never;
  const client = new BigQueryReadClient(options);
  return {
    async createSession(r) {
      const seconds = r.snapshotMicros / 1_000_000n;
      const [session] = await client.createReadSession({
        parent: `projects/${r.billingProjectId}`,
        readSession: {
          table: `projects/${r.table.projectId}/datasets/${r.table.dataset}/tables/${r.table.table}`,
          dataFormat: 'ARROW',
          readOptions: {
            ...(r.selectedFields ? { selectedFields: [...r.selectedFields] } : {}),
            rowRestriction: r.rowRestriction,
          },
          tableModifiers: {
            snapshotTime: { seconds: seconds.toString(), nanos: Number(r.snapshotMicros % 1_000_000n) * 1000 },
          },
        },
        maxStreamCount: r.maxStreams,
      });
      const expire = session.expireTime;
      return {
        name: session.name ?? '',
        streams: (session.streams ?? []).map((s) => s.name ?? ''),
        arrowSchema: (session.arrowSchema?.serializedSchema as Uint8Array | undefined) ?? new Uint8Array(),
        ...(expire?.seconds !== undefined && expire.seconds !== null
          ? { expireAtMs: Number(expire.seconds) * 1000 + Math.floor(Number(expire.nanos ?? 0) / 1e6) }
          : {}),
        ...(session.estimatedTotalBytesScanned !== undefined && session.estimatedTotalBytesScanned !== null
          ? { estimatedBytes: Number(session.estimatedTotalBytesScanned) }
          : {}),
      };
    },
    async *readRows(stream, offset) {
      // No client retries: a retried call would resend the same offset after rows were
      // already delivered. The backfill resumes from its committed offsets instead.
      const call = client.readRows(
        { readStream: stream, offset },
        { retryRequestOptions: { retries: 0, noResponseRetries: 0 }, retry: undefined },
      );
      try {
        for await (const response of call as AsyncIterable<{
          rowCount?: unknown;
          arrowRecordBatch?: { serializedRecordBatch?: Uint8Array | null; rowCount?: unknown } | null;
        }>) {
          const batch = response.arrowRecordBatch?.serializedRecordBatch;
          if (!batch || batch.length === 0) continue;
          yield { rowCount: Number(response.rowCount ?? response.arrowRecordBatch?.rowCount ?? 0), batch };
        }
      } finally {
        call.cancel();
      }
    },
    close: () => client.close(),
  };
}
