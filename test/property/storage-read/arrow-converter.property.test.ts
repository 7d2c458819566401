import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  List,
  RecordBatch,
  Schema,
  Struct,
  TimeMicrosecond,
  TimestampMicrosecond,
  Utf8,
  makeData,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDatetime, formatTime } from '../../../emulator/types/datetime.js';
import { formatFloat64, formatScaled } from '../../../emulator/types/numbers.js';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import type { BigQueryRow, SchemaField, WireValue } from '../../../streams/convert/wire-row.js';
import type { KeyColumn } from '../../../streams/query/key-spec.js';
import { convertArrowBatch } from '../../../streams/storage-read/arrow-record-converter.js';
import { arrowSchemaProblem } from '../../../streams/storage-read/support.js';

/**
 * The Arrow converter against the REST converter: the same random BigQuery values, once as
 * Arrow columns in the layout the Storage Read API sends, once as the REST text BigQuery
 * (and the local server) sends, must become equal Harper records.
 */

interface Column {
  field: SchemaField;
  /** Random value of this column (null allowed unless REPEATED). */
  value: fc.Arbitrary<unknown>;
  arrow: DataType;
  /** Arrow column data from the values. */
  data(values: unknown[]): Data;
  /** REST wire value of one value. */
  wire(value: unknown): WireValue;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_MICROS = -62_135_596_800_000_000n; // 0001-01-01
const MAX_MICROS = 253_402_300_799_999_999n; // 9999-12-31 23:59:59.999999

function bitmap(values: unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8) + 1);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

function fixed(type: DataType, values: unknown[], fill: (v: unknown[]) => ArrayLike<unknown>): Data {
  return makeData({ type, length: values.length, ...bitmap(values), data: fill(values) } as never) as Data;
}

function scaledWords(values: unknown[], words: number): Uint32Array {
  const out = new Uint32Array(values.length * words);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(words * 32, (v as bigint | null) ?? 0n);
    for (let w = 0; w < words; w++) {
      out[i * words + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return out;
}

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 6 });

const scalar = (
  name: string,
  type: string,
  value: fc.Arbitrary<unknown>,
  arrow: DataType,
  data: Column['data'],
  wire: (v: never) => string,
): Column => ({
  field: { name, type, mode: 'NULLABLE' },
  value: nullable(value),
  arrow,
  data,
  wire: (v) => (v === null ? null : wire(v as never)),
});

const big64 = (v: unknown[]) => BigInt64Array.from(v, (x) => (x as bigint | null) ?? 0n);

const COLUMNS = {
  int: scalar(
    'n',
    'INT64',
    fc.bigInt(INT64_MIN, INT64_MAX),
    new Int64(),
    (v) => fixed(new Int64(), v, big64),
    (v: bigint) => v.toString(),
  ),
  small: scalar(
    'small',
    'INTEGER',
    fc.bigInt(-1000n, 1000n),
    new Int64(),
    (v) => fixed(new Int64(), v, big64),
    (v: bigint) => v.toString(),
  ),
  float: scalar(
    'f',
    'FLOAT64',
    fc.double(),
    new Float64(),
    (v) => fixed(new Float64(), v, (x) => Float64Array.from(x, (y) => (y as number | null) ?? 0)),
    (v: number) => formatFloat64(v),
  ),
  bool: scalar(
    'b',
    'BOOL',
    fc.boolean(),
    new Bool(),
    (v) => vectorFromArray(v as (boolean | null)[], new Bool()).data[0]!,
    (v: boolean) => String(v),
  ),
  numeric: scalar(
    'num',
    'NUMERIC',
    fc.bigInt(-(10n ** 38n) + 1n, 10n ** 38n - 1n),
    new Decimal(9, 38, 128),
    (v) => fixed(new Decimal(9, 38, 128), v, (x) => scaledWords(x, 4)),
    (v: bigint) => formatScaled(v, 9),
  ),
  smallNumeric: scalar(
    'price',
    'NUMERIC',
    fc.bigInt(-(10n ** 12n), 10n ** 12n),
    new Decimal(9, 38, 128),
    (v) => fixed(new Decimal(9, 38, 128), v, (x) => scaledWords(x, 4)),
    (v: bigint) => formatScaled(v, 9),
  ),
  bignumeric: scalar(
    'bn',
    'BIGNUMERIC',
    fc.bigInt(-(10n ** 76n) + 1n, 10n ** 76n - 1n),
    new Decimal(38, 76, 256),
    (v) => fixed(new Decimal(38, 76, 256), v, (x) => scaledWords(x, 8)),
    (v: bigint) => formatScaled(v, 38),
  ),
  string: scalar(
    's',
    'STRING',
    fc.string({ unit: 'binary' }),
    new Utf8(),
    (v) => vectorFromArray(v as (string | null)[], new Utf8()).data[0]!,
    (v: string) => v,
  ),
  bytes: scalar(
    'raw',
    'BYTES',
    fc.uint8Array({ maxLength: 40 }),
    new Binary(),
    (v) => vectorFromArray(v as (Uint8Array | null)[], new Binary()).data[0]!,
    (v: Uint8Array) => Buffer.from(v).toString('base64'),
  ),
  timestamp: scalar(
    'ts',
    'TIMESTAMP',
    fc.bigInt(MIN_MICROS, MAX_MICROS),
    new TimestampMicrosecond('UTC'),
    (v) => fixed(new TimestampMicrosecond('UTC'), v, big64),
    (v: bigint) => v.toString(),
  ),
  date: scalar(
    'd',
    'DATE',
    fc.integer({ min: -719_162, max: 2_932_896 }),
    new DateDay(),
    (v) => fixed(new DateDay(), v, (x) => Int32Array.from(x, (y) => (y as number | null) ?? 0)),
    (v: number) => formatDate(v),
  ),
  datetime: scalar(
    'dt',
    'DATETIME',
    fc.bigInt(MIN_MICROS, MAX_MICROS),
    new TimestampMicrosecond(),
    (v) => fixed(new TimestampMicrosecond(), v, big64),
    (v: bigint) => formatDatetime(v),
  ),
  time: scalar(
    't',
    'TIME',
    fc.bigInt(0n, 86_399_999_999n),
    new TimeMicrosecond(),
    (v) => fixed(new TimeMicrosecond(), v, big64),
    (v: bigint) => formatTime(v),
  ),
  json: scalar(
    'doc',
    'JSON',
    fc.jsonValue().map((j) => JSON.stringify(j)),
    new Utf8(),
    (v) => vectorFromArray(v as (string | null)[], new Utf8()).data[0]!,
    (v: string) => v,
  ),
  geography: scalar(
    'where',
    'GEOGRAPHY',
    fc
      .tuple(fc.integer({ min: -180, max: 180 }), fc.integer({ min: -90, max: 90 }))
      .map(([x, y]) => `POINT(${x} ${y})`),
    new Utf8(),
    (v) => vectorFromArray(v as (string | null)[], new Utf8()).data[0]!,
    (v: string) => v,
  ),
  sourceId: scalar(
    'id',
    'STRING',
    fc.string(),
    new Utf8(),
    (v) => vectorFromArray(v as (string | null)[], new Utf8()).data[0]!,
    (v: string) => v,
  ),
} satisfies Record<string, Column>;

const repeatedInt: Column = {
  field: { name: 'tags', type: 'INT64', mode: 'REPEATED' },
  value: fc.array(fc.bigInt(INT64_MIN, INT64_MAX), { maxLength: 4 }),
  arrow: new List(new Field('item', new Int64(), false)),
  data: (v) => vectorFromArray(v as bigint[][], new List(new Field('item', new Int64(), false))).data[0]!,
  wire: (v) => (v as bigint[]).map((x) => x.toString()),
};

const structType = new Struct([new Field('x', new Int64(), true), new Field('label', new Utf8(), true)]);
const record: Column = {
  field: {
    name: 'rec',
    type: 'RECORD',
    mode: 'NULLABLE',
    fields: [
      { name: 'x', type: 'INT64', mode: 'NULLABLE' },
      { name: 'label', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
  value: nullable(fc.record({ x: nullable(fc.bigInt(INT64_MIN, INT64_MAX)), label: nullable(fc.string()) })),
  arrow: structType,
  data: (v) => vectorFromArray(v as never[], structType).data[0]!,
  wire: (v) => {
    if (v === null) return null;
    const r = v as { x: bigint | null; label: string | null };
    return { x: r.x === null ? null : r.x.toString(), label: r.label };
  },
};

const ALL: Column[] = [...Object.values(COLUMNS), repeatedInt, record];

function checkEqual(
  columns: Column[],
  keyColumns: KeyColumn[],
  rows: unknown[][],
  options: { numericMode: 'string' | 'number-when-safe'; geographyFormat: 'wkt' | 'geojson' },
) {
  const fields = columns.map((c) => c.field);
  const children = columns.map((c, j) => c.data(rows.map((r) => r[j])));
  const arrowFields = columns.map((c, j) => new Field(c.field.name, children[j]!.type, true));
  const struct = new Struct(arrowFields);
  const batch = new RecordBatch(
    new Schema(arrowFields),
    makeData({ type: struct, length: rows.length, nullCount: 0, children }),
  );
  expect(arrowSchemaProblem(fields, batch.schema)).toBeUndefined();

  const viaArrow = convertArrowBatch(batch, { tableId: 't', fields, keyColumns, timestampColumn: 'ts', ...options });
  const rest = bigQueryRowConverter({ fields, key: { kind: 'columns', columns: keyColumns }, ...options });
  const viaRest = rows.map((r) => {
    const row: BigQueryRow = {};
    columns.forEach((c, j) => (row[c.field.name] = c.wire(r[j])));
    return rest(row);
  });
  const restRecords = viaRest.flatMap((c) => ('record' in c ? [c.record] : []));
  const restErrors = viaRest.flatMap((c) => ('error' in c ? [c.error] : []));
  expect(viaArrow.records).toEqual(restRecords);
  expect(viaArrow.skipped.map((s) => s.reason)).toEqual(restErrors);
  // toEqual treats Buffers and Dates by content; also check the types match one by one.
  viaArrow.records.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) expect(typeof v).toBe(typeof restRecords[i]![k]);
  });
}

const rowsOf = (columns: Column[]) =>
  fc.array(fc.tuple(...columns.map((c) => c.value)), { minLength: 0, maxLength: 30 });

describe('Arrow record converter equals the REST converter', () => {
  it('every supported type, random values and NULLs, both numeric modes and geography formats', () => {
    fc.assert(
      fc.property(
        rowsOf(ALL),
        fc.constantFrom('string' as const, 'number-when-safe' as const),
        fc.constantFrom('wkt' as const, 'geojson' as const),
        (rows, numericMode, geographyFormat) => {
          checkEqual(
            ALL,
            [
              { name: 'n', type: 'INT64' },
              { name: 's', type: 'STRING' },
            ],
            rows,
            { numericMode, geographyFormat },
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ids from every key type equal the REST ids (NULL keys skipped with the same reason)', () => {
    const keyTypes: [keyof typeof COLUMNS, string][] = [
      ['timestamp', 'TIMESTAMP'],
      ['numeric', 'NUMERIC'],
      ['date', 'DATE'],
      ['datetime', 'DATETIME'],
      ['time', 'TIME'],
      ['bool', 'BOOL'],
      ['bytes', 'BYTES'],
      ['bignumeric', 'BIGNUMERIC'],
      ['small', 'INTEGER'],
    ];
    fc.assert(
      fc.property(fc.subarray(keyTypes, { minLength: 1 }), (keys) => {
        const columns = [...new Set([...keys.map(([k]) => COLUMNS[k]), COLUMNS.string])];
        const keyColumns = keys.map(([k, type]) => ({ name: COLUMNS[k].field.name, type }));
        fc.assert(
          fc.property(rowsOf(columns), (rows) =>
            checkEqual(columns, keyColumns, rows, { numericMode: 'string', geographyFormat: 'wkt' }),
          ),
          { numRuns: 10 },
        );
      }),
      { numRuns: 30 },
    );
  });

  it('a column named id that is not the key is renamed like the REST path does', () => {
    const columns = [COLUMNS.sourceId, COLUMNS.int];
    checkEqual(
      columns,
      [{ name: 'n', type: 'INT64' }],
      [
        ['a', 1n],
        [null, 2n],
      ],
      { numericMode: 'string', geographyFormat: 'wkt' },
    );
  });
});
