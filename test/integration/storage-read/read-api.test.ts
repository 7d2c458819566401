/**
 * The local Storage Read service through the official raw v1 BigQueryReadClient: sessions,
 * disjoint streams, offsets, restrictions, projections, splits, expiry and error codes.
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../../emulator/engine/contract.js';
import { RecordBatchReader } from 'apache-arrow';
import { canonBatches, createSession, grpcError, readStream, startLocal, tablePath, type Local } from './helpers.js';

const ROWS = 2_500;
const FIELDS: FieldSchema[] = [
  { name: 'id', type: 'INT64', mode: 'REQUIRED' },
  { name: 'name', type: 'STRING' },
  { name: 'ts', type: 'TIMESTAMP' },
];

let local: Local;
const table = tablePath('ds', 'items');

beforeAll(async () => {
  local = await startLocal({ batchRows: 300 });
  const [dataset] = await local.bq.createDataset('ds');
  const [t] = await dataset.createTable('items', { schema: { fields: FIELDS } });
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    id: i,
    name: i % 7 === 0 ? null : `n${i}`,
    ts: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 1000) await t.insert(rows.slice(i, i + 1000));
});

afterAll(async () => {
  await local?.stop();
});

async function readIds(streams: readonly string[], schemaBytes: Uint8Array, fields = FIELDS): Promise<string[][]> {
  return Promise.all(
    streams.map(async (s) => {
      const read = await readStream(local.read, schemaBytes, s);
      return canonBatches(fields, read.batches).map((r) => r.id as string);
    }),
  );
}

describe('CreateReadSession + ReadRows', () => {
  it('splits the table into max_stream_count disjoint streams that cover every row once', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 4 });
    expect(session.name).toMatch(new RegExp(`^projects/storage-read-project/locations/[a-z0-9-]+/sessions/`));
    expect(session.streams).toHaveLength(4);
    expect(Number(session.estimatedRowCount)).toBe(ROWS);
    const perStream = await readIds(
      session.streams!.map((s) => s.name!),
      session.arrowSchema!.serializedSchema as Uint8Array,
    );
    const all = perStream.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    for (const ids of perStream) expect(ids.length).toBeGreaterThan(0);
  });

  it('sends the Arrow schema in the session and in the first response, row counts per batch, progress', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 1 });
    const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
    const schema = RecordBatchReader.from(schemaBytes).open().schema;
    expect(schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['id', 'Int64', false],
      ['name', 'Utf8', true],
      ['ts', 'Timestamp<MICROSECOND, UTC>', true],
    ]);
    const stream = session.streams![0]!.name!;
    const read = await readStream(local.read, schemaBytes, stream);
    expect(read.firstHadSchema).toBe(true);
    expect(read.rowCounts).toEqual(read.batches.map((b) => b.numRows));
    expect(read.rowCounts.reduce((a, b) => a + b, 0)).toBe(ROWS);
    const progress: number[] = [];
    for await (const r of local.read.readRows({ readStream: stream, offset: 0 })) {
      progress.push(r.stats!.progress!.atResponseEnd!);
    }
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('resumes a stream at an offset with exactly the rows after it', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 2 });
    const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
    const stream = session.streams![1]!.name!;
    const full = canonBatches(FIELDS, (await readStream(local.read, schemaBytes, stream)).batches);
    for (const offset of [0, 1, 299, 300, 301, full.length - 1, full.length]) {
      const tail = canonBatches(FIELDS, (await readStream(local.read, schemaBytes, stream, offset)).batches);
      expect(tail).toEqual(full.slice(offset));
    }
    const past = await grpcError(readStream(local.read, schemaBytes, stream, full.length + 1));
    expect(past.code).toBe(status.OUT_OF_RANGE);
  });

  it('applies row_restriction through the GoogleSQL translation', async () => {
    const session = await createSession(local.read, {
      table,
      maxStreamCount: 3,
      rowRestriction: "id >= 100 AND id < 200 AND ts >= TIMESTAMP '2024-01-01 00:02:00 UTC' -- a comment",
    });
    const ids = (
      await readIds(
        session.streams!.map((s) => s.name!),
        session.arrowSchema!.serializedSchema as Uint8Array,
      )
    )
      .flat()
      .map(Number)
      .sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 80 }, (_, i) => 120 + i));
  });

  it('answers no stream for a restriction that matches nothing', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 3, rowRestriction: 'id < 0' });
    expect(session.streams).toEqual([]);
    expect(Number(session.estimatedRowCount)).toBe(0);
  });

  it('reads only the selected fields, in table order', async () => {
    const session = await createSession(local.read, { table, selectedFields: ['ts', 'ID'], rowRestriction: 'id = 7' });
    const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
    const fields = [FIELDS[0]!, FIELDS[2]!];
    const read = await readStream(local.read, schemaBytes, session.streams![0]!.name!);
    expect(read.batches[0]!.schema.fields.map((f) => f.name)).toEqual(['id', 'ts']);
    expect(canonBatches(fields, read.batches)).toEqual([
      { id: '7', ts: String(BigInt(Date.UTC(2024, 0, 1) + 7000) * 1000n) },
    ]);
  });

  it('splits a stream into a primary and a remainder that read back to back as the original', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 1 });
    const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
    const original = session.streams![0]!.name!;
    const [split] = await local.read.splitReadStream({ name: original, fraction: 0.3 });
    const primary = split.primaryStream!.name!;
    const remainder = split.remainderStream!.name!;
    const [p, r, o] = await readIds([primary, remainder, original], schemaBytes);
    expect(p!.length).toBeGreaterThan(0);
    expect(r!.length).toBeGreaterThan(0);
    expect([...p!, ...r!]).toEqual(o);
    const [again] = await local.read.splitReadStream({ name: primary, fraction: 0.5 });
    const [a, b] = await readIds([again.primaryStream!.name!, again.remainderStream!.name!], schemaBytes);
    expect([...a!, ...b!]).toEqual(p);
    const bad = await grpcError(local.read.splitReadStream({ name: original, fraction: 1.5 }));
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
  });

  it('echoes the snapshot time (reads current data: the local server has no time travel)', async () => {
    const seconds = Math.floor(local.clock.now / 1000) - 60;
    const session = await createSession(local.read, { table, snapshotTime: { seconds } });
    expect(Number(session.tableModifiers!.snapshotTime!.seconds)).toBe(seconds);
    const future = await grpcError(createSession(local.read, { table, snapshotTime: { seconds: seconds + 3600 } }));
    expect(future.code).toBe(status.INVALID_ARGUMENT);
  });

  it('records rows and bytes read per session', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 1 });
    await readStream(local.read, session.arrowSchema!.serializedSchema as Uint8Array, session.streams![0]!.name!);
    const stats = local.server.storageRead!.sessions().find((s) => s.name === session.name)!;
    expect(stats.rowsRead).toBe(ROWS);
    expect(stats.bytesRead).toBeGreaterThan(ROWS * 8);
  });
});

describe('session expiry', () => {
  it('answers FAILED_PRECONDITION "session expired" after the session lifetime, as BigQuery', async () => {
    const session = await createSession(local.read, { table, maxStreamCount: 2 });
    const expire = Number(session.expireTime!.seconds) * 1000;
    expect(expire - local.clock.now).toBeGreaterThan(5.9 * 3600_000);
    const stream = session.streams![0]!.name!;
    const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
    local.clock.now = expire + 1000;
    try {
      const err = await grpcError(readStream(local.read, schemaBytes, stream, 0));
      expect(err.code).toBe(status.FAILED_PRECONDITION);
      expect(err.details).toMatch(/session expired at/);
      const split = await grpcError(local.read.splitReadStream({ name: stream, fraction: 0.5 }));
      expect(split.code).toBe(status.FAILED_PRECONDITION);
    } finally {
      local.clock.now = Date.now();
    }
  });
});

describe('error codes', () => {
  it('NOT_FOUND for a missing table or dataset', async () => {
    const table404 = await grpcError(createSession(local.read, { table: tablePath('ds', 'missing') }));
    expect(table404.code).toBe(status.NOT_FOUND);
    expect(table404.details).toMatch(/Not found: Table/);
    const ds404 = await grpcError(createSession(local.read, { table: tablePath('nods', 'x') }));
    expect(ds404.code).toBe(status.NOT_FOUND);
    expect(ds404.details).toMatch(/Not found: Dataset/);
  });

  it('INVALID_ARGUMENT for a bad restriction, an unknown field or a malformed table path', async () => {
    for (const req of [
      { table, rowRestriction: 'nope = 1' },
      { table, rowRestriction: 'id = = 1' },
      { table, selectedFields: ['id', 'nope'] },
      { table: 'datasets/ds/tables/items' },
    ]) {
      const err = await grpcError(createSession(local.read, req));
      expect(err.code, JSON.stringify(req)).toBe(status.INVALID_ARGUMENT);
    }
  });

  it('NOT_FOUND for an unknown stream', async () => {
    const session = await createSession(local.read, { table });
    const name = session.streams![0]!.name!.replace(/streams\/.*$/, 'streams/nosuchstream');
    const err = await grpcError(readStream(local.read, new Uint8Array(), name, 0));
    expect(err.code).toBe(status.NOT_FOUND);
  });
});
