/**
 * Property: for any rows of a table with every BigQuery type (NULLs, extremes, REPEATED,
 * STRUCT, unicode), the official Storage Read client reading through the local server gets
 * the same values as the official REST client querying the same table (its wire values, see
 * canonWire), over any number of streams and small batches.
 */
import fc from 'fast-check';
import { RecordBatchReader, type Timestamp } from 'apache-arrow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FieldSchema } from '../../../emulator/engine/contract.js';
import { formatDatetime, formatTime, formatTimestampRfc3339 } from '../../../emulator/types/datetime.js';
import { formatScaled } from '../../../emulator/types/numbers.js';
import {
  canonBatches,
  canonWireRows,
  createSession,
  readStream,
  startLocal,
  tablePath,
  type Local,
} from './helpers.js';

const FIELDS: FieldSchema[] = [
  { name: 'id', type: 'INT64', mode: 'REQUIRED' },
  { name: 'i', type: 'INT64' },
  { name: 'f', type: 'FLOAT64' },
  { name: 'b', type: 'BOOL' },
  { name: 's', type: 'STRING' },
  { name: 'by', type: 'BYTES' },
  { name: 'n', type: 'NUMERIC' },
  { name: 'bn', type: 'BIGNUMERIC' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'd', type: 'DATE' },
  { name: 'dt', type: 'DATETIME' },
  { name: 't', type: 'TIME' },
  { name: 'g', type: 'GEOGRAPHY' },
  { name: 'j', type: 'JSON' },
  { name: 'arr', type: 'INT64', mode: 'REPEATED' },
  { name: 'sarr', type: 'STRING', mode: 'REPEATED' },
  {
    name: 'st',
    type: 'RECORD',
    fields: [
      { name: 'x', type: 'NUMERIC' },
      { name: 'y', type: 'TIMESTAMP' },
      { name: 'z', type: 'DATE', mode: 'REPEATED' },
    ],
  },
  {
    name: 'rs',
    type: 'RECORD',
    mode: 'REPEATED',
    fields: [
      { name: 'k', type: 'STRING' },
      { name: 'v', type: 'FLOAT64' },
    ],
  },
];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_US = -62135596800000000n; // 0001-01-01T00:00:00Z
const MAX_US = 253402300799999999n; // 9999-12-31T23:59:59.999999Z
const DAY_US = 86_400_000_000n;

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 5 });
const int64 = fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String);
const float64 = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 0, -1.5, 1e21),
);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const numeric = fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }).map((v) => formatScaled(v, 9));
const bignumeric = fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n }).map((v) => formatScaled(v, 38));
const micros = fc.bigInt({ min: MIN_US, max: MAX_US });
const timestamp = micros.map(formatTimestampRfc3339);
const datetime = micros.map((us) => formatDatetime(us));
const date = micros.map((us) => formatDatetime(us).slice(0, 10));
const time = fc.bigInt({ min: 0n, max: DAY_US - 1n }).map(formatTime);
const geography = fc
  .tuple(fc.integer({ min: -179, max: 179 }), fc.integer({ min: -89, max: 89 }))
  .map(([lon, lat]) => `POINT(${lon} ${lat})`);
const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v));

function rowArb(id: number) {
  return fc.record({
    id: fc.constant(String(id)),
    i: nullable(int64),
    f: nullable(float64),
    b: nullable(fc.boolean()),
    s: nullable(text),
    by: nullable(fc.uint8Array({ maxLength: 10 }).map((u) => Buffer.from(u).toString('base64'))),
    n: nullable(numeric),
    bn: nullable(bignumeric),
    ts: nullable(timestamp),
    d: nullable(date),
    dt: nullable(datetime),
    t: nullable(time),
    g: nullable(geography),
    j: nullable(json),
    arr: fc.array(int64, { maxLength: 3 }),
    sarr: fc.array(text, { maxLength: 3 }),
    st: nullable(fc.record({ x: nullable(numeric), y: nullable(timestamp), z: fc.array(date, { maxLength: 2 }) })),
    rs: fc.array(fc.record({ k: nullable(text), v: nullable(float64) }), { maxLength: 2 }),
  });
}

const rowsArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rowArb(i))))
  .map((rows) => rows as Record<string, unknown>[]);

let local: Local;
/** The same server code on an engine without selectChunks: sessions built from REST rows. */
let restRowsLocal: Local;
let tableNo = 0;

beforeAll(async () => {
  local = await startLocal({ batchRows: 7 });
  restRowsLocal = await startLocal({ batchRows: 5 }, true);
  await local.bq.createDataset('types');
  await restRowsLocal.bq.createDataset('types');
});

afterAll(async () => {
  await local?.stop();
  await restRowsLocal?.stop();
});

it('reads every type through Storage Read exactly as the REST path returns it', async () => {
  await fc.assert(
    fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 5 }), fc.boolean(), async (rows, streams, restRows) => {
      const { bq, read: client } = restRows ? restRowsLocal : local;
      const name = `t${++tableNo}`;
      const [table] = await bq.dataset('types').createTable(name, { schema: { fields: FIELDS } });
      if (rows.length > 0) await table.insert(rows, { raw: false });

      const [wireRows] = await bq.query({ query: `SELECT * FROM \`types.${name}\``, skipParsing: true });
      const expected = canonWireRows(FIELDS, wireRows as unknown as { f: { v: unknown }[] }[]);

      const session = await createSession(client, { table: tablePath('types', name), maxStreamCount: streams });
      const schemaBytes = session.arrowSchema!.serializedSchema as Uint8Array;
      const read = await Promise.all(session.streams!.map((s) => readStream(client, schemaBytes, s.name!)));
      const actual = read.flatMap((r) => canonBatches(FIELDS, r.batches));

      const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.id) - Number(b.id);
      expect(actual.sort(byId)).toEqual(expected.sort(byId));
      expect(actual).toHaveLength(rows.length);
    }),
    { numRuns: 30 },
  );
});

it('sends the Arrow types BigQuery sends for each column type', async () => {
  const name = `t${++tableNo}`;
  await local.bq.dataset('types').createTable(name, { schema: { fields: FIELDS } });
  const session = await createSession(local.read, { table: tablePath('types', name) });
  const schema = RecordBatchReader.from(session.arrowSchema!.serializedSchema as Uint8Array).open().schema;
  const described = schema.fields.map((f) => `${f.name}: ${String(f.type)}${f.nullable ? '' : ' not null'}`);
  expect(described).toEqual([
    'id: Int64 not null',
    'i: Int64',
    'f: Float64',
    'b: Bool',
    's: Utf8',
    'by: Binary',
    'n: Decimal[38e+9]',
    'bn: Decimal[76e+38]',
    'ts: Timestamp<MICROSECOND, UTC>',
    'd: Date32<DAY>',
    'dt: Timestamp<MICROSECOND>',
    't: Time64<MICROSECOND>',
    'g: Utf8',
    'j: Utf8',
    'arr: List<Int64> not null',
    'sarr: List<Utf8> not null',
    'st: Struct<{x:Decimal[38e+9], y:Timestamp<MICROSECOND, UTC>, z:List<Date32<DAY>>}>',
    'rs: List<Struct<{k:Utf8, v:Float64}>> not null',
  ]);
  expect((schema.fields[8]!.type as Timestamp).timezone).toBe('UTC');
  expect((schema.fields[10]!.type as Timestamp).timezone).toBeNull();
  expect(schema.fields[12]!.metadata.get('ARROW:extension:name')).toBe('google:sqlType:geography');
  expect(schema.fields[13]!.metadata.get('ARROW:extension:name')).toBe('google:sqlType:json');
});
