/**
 * Shared pieces of the Storage Read tests: a local server (REST + gRPC) with a clock the tests
 * move, the official clients, reading streams through the raw v1 BigQueryReadClient, and one
 * canonical text form per value so rows read through Storage Read (Arrow) and through the REST
 * API (the official @google-cloud/bigquery client) compare exactly.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { RecordBatchReader, type Data, type RecordBatch } from 'apache-arrow';
import { createLocalBigQueryClient } from '../../../emulator/client.js';
import { startLocalBigQuery, type LocalBigQuery, type StorageReadOptions } from '../../../emulator/index.js';
import { createLocalBigQueryReadClient } from '../../../emulator/storage-read/index.js';
import type { Engine, FieldSchema } from '../../../emulator/engine/contract.js';
import { createDuckDbEngine } from '../../../emulator/engine/index.js';
import { formatDate, formatDatetime, formatTime, parseDatetime, parseTime } from '../../../emulator/types/datetime.js';
import { BIGNUMERIC, formatScaled, NUMERIC, parseScaled } from '../../../emulator/types/numbers.js';

process.env.METADATA_SERVER_DETECTION = 'none';

export const PROJECT = 'storage-read-project';

export interface Local {
  server: LocalBigQuery;
  bq: BigQuery;
  read: BigQueryReadClient;
  /** The server's clock; tests move it forward to expire sessions. */
  clock: { now: number };
  stop(): Promise<void>;
}

/**
 * `restRowsOnly`: the engine without `selectChunks`, so sessions are built from `query`'s REST
 * rows (the path for engines that cannot hand typed chunks).
 */
export async function startLocal(
  storageRead: Omit<StorageReadOptions, 'port' | 'host' | 'now'> = {},
  restRowsOnly = false,
): Promise<Local> {
  const clock = { now: Date.now() };
  let engine: Engine | undefined;
  if (restRowsOnly) {
    const duck = await createDuckDbEngine({});
    engine = new Proxy(duck, {
      get: (target, key) => (key === 'selectChunks' ? undefined : Reflect.get(target, key, target)),
    });
  }
  const server = await startLocalBigQuery({
    port: 0,
    storageRead: { ...storageRead, now: () => clock.now },
    ...(engine ? { engine } : {}),
  });
  if (!server.storageRead) throw new Error('storage read service did not start');
  const read = createLocalBigQueryReadClient({ port: server.storageRead.port });
  return {
    server,
    bq: createLocalBigQueryClient({ url: server.url, projectId: PROJECT }),
    read,
    clock,
    stop: async () => {
      await read.close();
      await server.stop();
    },
  };
}

export function tablePath(dataset: string, table: string): string {
  return `projects/${PROJECT}/datasets/${dataset}/tables/${table}`;
}

export interface SessionRequest {
  table: string;
  maxStreamCount?: number;
  selectedFields?: string[];
  rowRestriction?: string;
  snapshotTime?: { seconds: number; nanos?: number };
}

export async function createSession(read: BigQueryReadClient, req: SessionRequest) {
  const [session] = await read.createReadSession({
    parent: `projects/${PROJECT}`,
    readSession: {
      table: req.table,
      dataFormat: 'ARROW',
      readOptions: { selectedFields: req.selectedFields ?? [], rowRestriction: req.rowRestriction ?? '' },
      ...(req.snapshotTime ? { tableModifiers: { snapshotTime: req.snapshotTime } } : {}),
    },
    maxStreamCount: req.maxStreamCount ?? 1,
  });
  return session;
}

export interface StreamRead {
  batches: RecordBatch[];
  rowCounts: number[];
  firstHadSchema: boolean;
}

/** Reads one stream from `offset` to its end, decoding each response with the session schema. */
export async function readStream(
  read: BigQueryReadClient,
  schemaBytes: Uint8Array,
  stream: string,
  offset = 0,
): Promise<StreamRead> {
  const out: StreamRead = { batches: [], rowCounts: [], firstHadSchema: false };
  let first = true;
  for await (const response of read.readRows({ readStream: stream, offset })) {
    if (first) out.firstHadSchema = (response.arrowSchema?.serializedSchema?.length ?? 0) > 0;
    first = false;
    const bytes = response.arrowRecordBatch?.serializedRecordBatch as Uint8Array;
    const reader = RecordBatchReader.from(Buffer.concat([schemaBytes, bytes]));
    for (const batch of reader) out.batches.push(batch);
    out.rowCounts.push(Number(response.rowCount));
  }
  return out;
}

/**
 * Error code and details of a failed gRPC call. (The stock client retries a failed ReadRows
 * twice, about 7 s, before the error surfaces; tests live with that rather than change it.)
 */
export async function grpcError(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code: number; details: string };
    return { code: e.code, details: e.details };
  }
  throw new Error('expected the call to fail');
}

// ------------------------------------------------------------------ canonical values

export type Canon = string | null | Canon[] | { [k: string]: Canon };

function wordsToBigint(words: Uint32Array, at: number, n: number): bigint {
  let x = 0n;
  for (let w = n - 1; w >= 0; w--) x = (x << 32n) | BigInt(words[at * n + w] as number);
  return BigInt.asIntN(n * 32, x);
}

/** Canonical text of row `i` of Arrow data for a BigQuery field (decoded from the raw buffers). */
export function canonArrow(field: FieldSchema, data: Data, i: number, element = false): Canon {
  if (field.mode === 'REPEATED' && !element) {
    const offsets = data.valueOffsets as Int32Array;
    const child = data.children[0] as Data;
    const out: Canon[] = [];
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++) out.push(canonArrow(field, child, k, true));
    return out;
  }
  if (!data.getValid(i)) return null;
  const values = data.values as unknown as ArrayLike<unknown>;
  switch (field.type) {
    case 'INT64':
    case 'INTEGER':
    case 'TIMESTAMP':
      return String(values[i] as bigint);
    case 'FLOAT64':
    case 'FLOAT':
      return String(values[i] as number);
    case 'BOOL':
    case 'BOOLEAN':
      return String(((values[i >> 3] as number) >> (i & 7)) & 1 ? 'true' : 'false');
    case 'NUMERIC':
      return formatScaled(wordsToBigint(data.values as Uint32Array, i, 4), 9);
    case 'BIGNUMERIC':
      return formatScaled(wordsToBigint(data.values as Uint32Array, i, 8), 38);
    case 'DATE':
      return formatDate(values[i] as number);
    case 'DATETIME':
      return formatDatetime(values[i] as bigint);
    case 'TIME':
      return formatTime(values[i] as bigint);
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
    case 'BYTES': {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = (data.values as Uint8Array).subarray(offsets[i] as number, offsets[i + 1] as number);
      return field.type === 'BYTES' ? Buffer.from(bytes).toString('base64') : Buffer.from(bytes).toString('utf8');
    }
    case 'STRUCT':
    case 'RECORD': {
      const out: { [k: string]: Canon } = {};
      (field.fields ?? []).forEach((sub, k) => {
        out[sub.name] = canonArrow(sub, data.children[k] as Data, i);
      });
      return out;
    }
    default:
      throw new Error(`no canonical form for ${field.type}`);
  }
}

/** Rows of Arrow batches as canonical objects keyed by field name. */
export function canonBatches(fields: readonly FieldSchema[], batches: readonly RecordBatch[]): Record<string, Canon>[] {
  const rows: Record<string, Canon>[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.numRows; i++) {
      const row: Record<string, Canon> = {};
      fields.forEach((f, c) => {
        row[f.name] = canonArrow(f, batch.data.children[c] as Data, i);
      });
      rows.push(row);
    }
  }
  return rows;
}

/**
 * Canonical text of a REST wire cell (`v`) as the official client receives it with
 * `skipParsing` (int64 microseconds for TIMESTAMP). Why not the client's decoded values:
 * @google-cloud/bigquery 8.3.1 decodes a TIMESTAMP before 1970 with a sub-second fraction one
 * second early (wire -7766949599999001 -> 1723-11-16T17:59:59.000999Z instead of 18:00:00.000999),
 * so its decoding is not a reference for exactness; the wire values are.
 */
export function canonWire(field: FieldSchema, value: unknown, element = false): Canon {
  if (field.mode === 'REPEATED' && !element) {
    return ((value as { v: unknown }[] | null) ?? []).map((cell) => canonWire(field, cell.v, true));
  }
  if (value === null || value === undefined) return null;
  const v = String(value as string);
  switch (field.type) {
    case 'INT64':
    case 'INTEGER':
    case 'TIMESTAMP':
    case 'BOOL':
    case 'BOOLEAN':
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
    case 'DATE':
      return v;
    case 'FLOAT64':
    case 'FLOAT':
      return String(Number(v));
    case 'NUMERIC':
      return formatScaled(parseScaled(v, NUMERIC) as bigint, NUMERIC.scale);
    case 'BIGNUMERIC':
      return formatScaled(parseScaled(v, BIGNUMERIC) as bigint, BIGNUMERIC.scale);
    case 'DATETIME':
      return formatDatetime(parseDatetime(v) as bigint);
    case 'TIME':
      return formatTime(parseTime(v) as bigint);
    case 'BYTES':
      return Buffer.from(v, 'base64').toString('base64');
    case 'STRUCT':
    case 'RECORD': {
      const cells = (value as { f: { v: unknown }[] }).f;
      const out: { [k: string]: Canon } = {};
      (field.fields ?? []).forEach((sub, k) => {
        out[sub.name] = canonWire(sub, cells[k]?.v);
      });
      return out;
    }
    default:
      throw new Error(`no canonical form for ${field.type}`);
  }
}

export function canonWireRows(fields: readonly FieldSchema[], rows: readonly { f: { v: unknown }[] }[]) {
  return rows.map((r) => {
    const row: Record<string, Canon> = {};
    fields.forEach((f, c) => {
      row[f.name] = canonWire(f, r.f[c]?.v);
    });
    return row;
  });
}
