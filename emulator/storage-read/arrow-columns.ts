/**
 * Cell values -> Arrow column data, exactly: INT64/NUMERIC/BIGNUMERIC/TIMESTAMP go through
 * bigint, never a JS number. A cell is either a REST wire value (`v` as the engine encodes
 * query results, TIMESTAMP as int64 microseconds: strings, `{f:[{v}]}`, `[{v}]`) or, for
 * scalars, the native value the engine holds (see engine-values.ts): bigint for INT64 and
 * microseconds, the scaled bigint of a decimal, number for FLOAT64 and DATE days, boolean,
 * string, Uint8Array. Strings are parsed, natives taken as they are. Pure.
 */
import { makeData, Struct, type Data, type DataType } from 'apache-arrow';
import { parseDate, parseDatetime, parseTime } from '../types/datetime.js';
import { BIGNUMERIC, NUMERIC, parseScaled, type DecimalSpec } from '../types/numbers.js';
import type { Field } from '../types/schema.js';
import { arrowField, arrowValueType } from './arrow-schema.js';

/** One cell's value as the REST encoding has it: string scalars, `{f:[{v}]}` structs, `[{v}]` arrays, null. */
export type WireValue = unknown;

interface Validity {
  bitmap: Uint8Array | undefined;
  nullCount: number;
}

function validityOf(values: readonly WireValue[]): Validity {
  let nullCount = 0;
  for (const v of values) if (v === null || v === undefined) nullCount++;
  if (nullCount === 0) return { bitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { bitmap, nullCount };
}

function fail(field: Field, v: WireValue): never {
  throw new Error(`Storage Read: cannot encode ${field.type} value ${JSON.stringify(v)} of field ${field.name}`);
}

function text(v: WireValue): string {
  return typeof v === 'string' ? v : String(v);
}

function bigintsOf(
  field: Field,
  values: readonly WireValue[],
  parse: (s: string) => bigint | undefined,
): BigInt64Array {
  const out = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const x = typeof v === 'bigint' ? v : parse(text(v));
    if (x === undefined) fail(field, v);
    out[i] = x;
  });
  return out;
}

/** Little-endian two's complement words, the layout of Arrow decimals. */
function decimalWords(field: Field, values: readonly WireValue[], spec: DecimalSpec, words: number): Uint32Array {
  const out = new Uint32Array(values.length * words);
  const bits = BigInt(words * 32);
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const scaled = typeof v === 'bigint' ? v : parseScaled(text(v), spec);
    if (scaled === undefined) fail(field, v);
    let x = BigInt.asUintN(Number(bits), scaled);
    for (let w = 0; w < words; w++) {
      out[i * words + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return out;
}

const encoder = new TextEncoder();

function variableWidth(values: readonly WireValue[], toBytes: (v: WireValue) => Uint8Array) {
  const offsets = new Int32Array(values.length + 1);
  const parts: Uint8Array[] = [];
  let total = 0;
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) {
      const bytes = toBytes(v);
      parts.push(bytes);
      total += bytes.length;
    }
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { valueOffsets: offsets, data };
}

/** Arrow data for values of one field, each value a single (non-repeated) value. */
function valueData(field: Field, type: DataType, values: readonly WireValue[]): Data {
  const { bitmap, nullCount } = validityOf(values);
  const base = { type, length: values.length, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}) };
  switch (field.type) {
    case 'BOOL': {
      const bits = new Uint8Array(Math.ceil(values.length / 8));
      values.forEach((v, i) => {
        if (v === true || v === 'true') bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
      });
      return makeData({ ...base, data: bits } as never);
    }
    case 'INT64':
    case 'TIMESTAMP':
      return makeData({
        ...base,
        data: bigintsOf(field, values, (s) => (/^-?\d+$/.test(s) ? BigInt(s) : undefined)),
      } as never);
    case 'FLOAT64': {
      const out = new Float64Array(values.length);
      values.forEach((v, i) => {
        if (v !== null && v !== undefined) out[i] = typeof v === 'number' ? v : Number(text(v));
      });
      return makeData({ ...base, data: out } as never);
    }
    case 'NUMERIC':
      return makeData({ ...base, data: decimalWords(field, values, NUMERIC, 4) } as never);
    case 'BIGNUMERIC':
      return makeData({ ...base, data: decimalWords(field, values, BIGNUMERIC, 8) } as never);
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
      return makeData({ ...base, ...variableWidth(values, (v) => encoder.encode(text(v))) } as never);
    case 'BYTES':
      return makeData({
        ...base,
        ...variableWidth(values, (v) => (v instanceof Uint8Array ? v : Buffer.from(text(v), 'base64'))),
      } as never);
    case 'DATE': {
      const out = new Int32Array(values.length);
      values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        const d = typeof v === 'number' ? v : parseDate(text(v));
        if (d === undefined) fail(field, v);
        out[i] = d;
      });
      return makeData({ ...base, data: out } as never);
    }
    case 'DATETIME':
      return makeData({ ...base, data: bigintsOf(field, values, parseDatetime) } as never);
    case 'TIME':
      return makeData({ ...base, data: bigintsOf(field, values, parseTime) } as never);
    case 'STRUCT': {
      const children = field.fields.map((sub, c) =>
        columnData(
          sub,
          values.map((v) => (v === null || v === undefined ? null : (v as { f: { v: WireValue }[] }).f[c]?.v)),
        ),
      );
      return makeData({ ...base, type: type as Struct, children });
    }
    case 'INTERVAL':
      return fail(field, values[0]);
  }
}

/**
 * Arrow data for one column: REPEATED cells (`[{v}]`, never null; a null array reads as an
 * empty one, as in BigQuery) become a list over the flattened elements.
 */
export function columnData(field: Field, values: readonly WireValue[]): Data {
  const type = arrowField(field).type;
  if (field.mode !== 'REPEATED') return valueData(field, type, values);
  const offsets = new Int32Array(values.length + 1);
  const elements: WireValue[] = [];
  values.forEach((v, i) => {
    if (Array.isArray(v)) for (const cell of v as { v: WireValue }[]) elements.push(cell.v);
    offsets[i + 1] = elements.length;
  });
  const child = valueData(field, arrowValueType(field), elements);
  return makeData({ type: type as never, length: values.length, nullCount: 0, valueOffsets: offsets, child } as never);
}

/** A record batch's top-level struct data for rows given as REST `{f:[{v}]}` cells. */
export function rowsToStructData(fields: readonly Field[], rows: readonly { f: { v: WireValue }[] }[]): Data<Struct> {
  const children = fields.map((field, c) =>
    columnData(
      field,
      rows.map((r) => r.f[c]?.v ?? null),
    ),
  );
  return makeData({ type: new Struct(fields.map(arrowField)), length: rows.length, nullCount: 0, children });
}

/** A record batch's top-level struct data for column-major cells (one array per field). */
export function columnsToStructData(
  fields: readonly Field[],
  columns: readonly (readonly WireValue[])[],
  length: number,
): Data<Struct> {
  const children = fields.map((field, c) => columnData(field, columns[c] ?? []));
  return makeData({ type: new Struct(fields.map(arrowField)), length, nullCount: 0, children });
}
