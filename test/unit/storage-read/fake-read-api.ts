import {
  Int64,
  Table,
  TimestampMicrosecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  makeData,
  makeVector,
} from 'apache-arrow';
import type {
  OpenedSession,
  ReadRowsMessage,
  SessionRequest,
  StorageReadApi,
} from '../../../streams/storage-read/read-api.js';

/** A source row of the fake table: key, timestamp (µs), a label. */
export interface FakeRow {
  k: bigint;
  ts: bigint;
  label: string;
}

export const FAKE_FIELDS = [
  { name: 'k', type: 'INT64', mode: 'REQUIRED' },
  { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE' },
  { name: 'label', type: 'STRING', mode: 'NULLABLE' },
];

function arrowTable(rows: readonly FakeRow[]): Table {
  const ts = makeData({
    type: new TimestampMicrosecond('UTC'),
    length: rows.length,
    nullCount: 0,
    data: BigInt64Array.from(rows, (r) => r.ts),
  });
  return new Table({
    k: vectorFromArray(
      rows.map((r) => r.k),
      new Int64(),
    ),
    ts: makeVector(ts),
    label: vectorFromArray(
      rows.map((r) => r.label),
      new Utf8(),
    ),
  });
}

/** IPC stream bytes split into the schema message and one record batch message (as the API sends them). */
function messages(rows: readonly FakeRow[]): { schema: Uint8Array; batch: Uint8Array } {
  const full = tableToIPC(arrowTable(rows), 'stream');
  // An encapsulated message: 0xFFFFFFFF, the metadata length, the metadata (a schema has no body).
  const schemaLength = 8 + new DataView(full.buffer, full.byteOffset + 4, 4).getInt32(0, true);
  return { schema: full.subarray(0, schemaLength), batch: full.subarray(schemaLength, full.length - 8) };
}

interface FakeSession {
  name: string;
  streams: FakeRow[][];
  expired: boolean;
}

/**
 * An in-memory stand-in for the Storage Read API (unit tests only): sessions filter the rows
 * with the `ts < TIMESTAMP_MICROS(n)` restriction the backfill sends, deal them round-robin
 * to streams, and serve them as Arrow batches of `batchRows` rows.
 */
export class FakeReadApi implements StorageReadApi {
  readonly sessions: FakeSession[] = [];
  readonly requests: SessionRequest[] = [];
  /** Throws from createSession when it returns an error (e.g. a refused old snapshot). */
  refuseSession: ((request: SessionRequest) => Error | undefined) | undefined;
  /** Expires the session serving the nth ReadRows message overall (1-based). */
  expireAtMessage: number | undefined;
  /** Bytes of every record batch message served (what Storage Read bills). */
  bytesSent = 0;
  private messagesServed = 0;

  constructor(
    private readonly rows: FakeRow[],
    private readonly batchRows = 7,
  ) {}

  async createSession(request: SessionRequest): Promise<OpenedSession> {
    this.requests.push(request);
    const refused = this.refuseSession?.(request);
    if (refused) throw refused;
    const bound = BigInt(/TIMESTAMP_MICROS\((-?\d+)\)/.exec(request.rowRestriction)![1]!);
    const visible = this.rows.filter((r) => r.ts < bound);
    const count = Math.min(request.maxStreams, visible.length);
    const streams: FakeRow[][] = Array.from({ length: count }, () => []);
    visible.forEach((r, i) => streams[i % count]!.push(r));
    const name = `projects/p/locations/us/sessions/s${this.sessions.length + 1}`;
    this.sessions.push({ name, streams, expired: false });
    return {
      name,
      streams: streams.map((_, i) => `${name}/streams/${i}`),
      arrowSchema: messages(this.rows.slice(0, 1)).schema,
    };
  }

  async *readRows(stream: string, offset: number): AsyncIterable<ReadRowsMessage> {
    const sessionName = stream.replace(/\/streams\/\d+$/, '');
    const session = this.sessions.find((s) => s.name === sessionName);
    if (!session) throw Object.assign(new Error(`session ${sessionName} not found`), { code: 5 });
    const rows = session.streams[Number(/(\d+)$/.exec(stream)![1])]!;
    for (let at = offset; at < rows.length; at += this.batchRows) {
      await Promise.resolve();
      if (this.expireAtMessage !== undefined && ++this.messagesServed >= this.expireAtMessage) {
        session.expired = true;
        this.expireAtMessage = undefined;
      }
      if (session.expired) {
        throw Object.assign(new Error(`there was an error operating on '${stream}': session expired`), { code: 9 });
      }
      const chunk = rows.slice(at, at + this.batchRows);
      const batch = messages(chunk).batch;
      this.bytesSent += batch.byteLength;
      yield { rowCount: chunk.length, batch };
    }
  }

  async close(): Promise<void> {}
}
