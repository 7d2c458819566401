import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import type { BigQueryRow, SchemaField, WireValue } from '../../../streams/convert/wire-row.js';
import type { SourceRow } from '../../../streams/model/index.js';
import { convertPage, preConverted } from '../../../streams/offload/convert-page.js';
import { decodePayload, encodePayload } from '../../../streams/offload/record-codec.js';
import type { ConvertedRows } from '../../../streams/offload/protocol.js';
import { firstDifference } from '../../support/same-value.js';

/**
 * Records made in Harper's thread vs records made in the reader worker and handed over
 * (convert there, encode, transfer, decode here): for random rows of every column type the
 * converters produce (boolean, number incl. -0/NaN/±Infinity, BigInt, decimal string,
 * Buffer, Date, parsed JSON incl. a `__proto__` key, GeoJSON, nested records, arrays), the
 * records, the skipped rows and their reasons must be the same, value for value and type
 * for type.
 */

const FIELDS: SchemaField[] = [
  { name: 'k', type: 'INT64', mode: 'REQUIRED' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'b', type: 'BOOL' },
  { name: 'i', type: 'INT64' },
  { name: 'f', type: 'FLOAT64' },
  { name: 'n', type: 'NUMERIC' },
  { name: 's', type: 'STRING' },
  { name: 'bytes', type: 'BYTES' },
  { name: 'd', type: 'DATE' },
  { name: 'j', type: 'JSON' },
  { name: 'g', type: 'GEOGRAPHY' },
  { name: 'ints', type: 'INT64', mode: 'REPEATED' },
  { name: 'blobs', type: 'BYTES', mode: 'REPEATED' },
  {
    name: 'rec',
    type: 'RECORD',
    fields: [
      { name: 'x', type: 'FLOAT64' },
      { name: 'raw', type: 'BYTES' },
      { name: 'at', type: 'TIMESTAMP' },
    ],
  },
];

const nullable = (a: fc.Arbitrary<WireValue>) => fc.option(a, { nil: null, freq: 5 });
const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String);
const micros = fc.bigInt(-62_135_596_800_000_000n, 253_402_300_799_999_999n).map(String);
const float = fc
  .oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE))
  .map((x) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x)));
const base64 = fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('base64'));
const json = fc
  .oneof(
    fc.jsonValue(),
    fc.constant({ ['__proto__']: { polluted: true }, constructor: 1 }),
    fc.constant({ z: [-0, 1.5, { __proto__x: null }] }),
  )
  .map((v) => JSON.stringify(v) ?? 'null');
const point = fc
  .tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
  .map(([x, y]) => `POINT(${x} ${y})`);

const wireRow: fc.Arbitrary<BigQueryRow> = fc
  .record({
    k: int64,
    ts: nullable(micros),
    b: nullable(fc.constantFrom('true', 'false', 'yes')),
    i: nullable(fc.oneof(int64, fc.constant('12x'))),
    f: nullable(float),
    n: nullable(fc.oneof(fc.constant('0.5'), fc.constant('-12345678901234567890.123456789'), fc.constant('1e3'))),
    s: nullable(fc.string()),
    bytes: nullable(base64),
    d: nullable(fc.constant('2026-01-02')),
    j: nullable(fc.oneof(json, fc.constant('{not json'))),
    g: nullable(point),
    ints: fc.array(int64, { maxLength: 3 }),
    blobs: fc.array(base64, { maxLength: 3 }),
    rec: nullable(fc.record({ x: nullable(float), raw: nullable(base64), at: nullable(micros) })),
    // Wire rows are plain JSON objects (restRowToObject); fast-check's records have no prototype.
  })
  .map((row) => JSON.parse(JSON.stringify(row)) as BigQueryRow);

describe('records converted in the reader worker and handed over', () => {
  it.each([
    ['wkt', 'string'],
    ['geojson', 'number-when-safe'],
  ] as const)('equal the records converted in Harper’s thread (%s, %s)', (geographyFormat, numericMode) => {
    const convert = bigQueryRowConverter({
      fields: FIELDS,
      key: { kind: 'columns', columns: [{ name: 'k', type: 'INT64' }] },
      numericMode,
      geographyFormat,
      timestampMicros: true,
    });
    fc.assert(
      fc.property(fc.array(wireRow, { maxLength: 8 }), (wire) => {
        const rows: SourceRow<BigQueryRow>[] = wire.map((row, i) => ({
          cursor: { timestampMicros: BigInt(i), key: [row.k as string] },
          row,
        }));
        // In Harper's thread: the pipeline's converter on each row.
        const expected = rows.map(({ row }) => {
          try {
            return convert(structuredClone(row));
          } catch (error) {
            return { error: (error as Error).message };
          }
        });
        // Through the worker's hand-over: convert, encode, (transfer), decode, look up.
        const { payload } = encodePayload(convertPage(rows, convert));
        const arrived = decodePayload(structuredClone(payload)) as ConvertedRows;
        const refused = new WeakMap<object, string>();
        for (const [index, reason] of arrived.errors) refused.set(arrived.rows[index]!.row, reason);
        const lookup = preConverted(refused);
        expect(arrived.rows.length).toBe(rows.length);
        arrived.rows.forEach((r, i) => {
          expect(firstDifference(r.cursor, rows[i]!.cursor)).toBeUndefined();
          const got = lookup(r.row);
          const want = expected[i]!;
          expect(firstDifference(got, want)).toBeUndefined();
          // A refused row keeps the raw row, as the in-thread path's skipped entry does.
          if ('error' in got) expect(firstDifference(r.row, rows[i]!.row)).toBeUndefined();
        });
      }),
      { numRuns: 300 },
    );
  });
});
