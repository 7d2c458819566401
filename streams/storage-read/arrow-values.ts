import { DateUnit, Precision, TimeUnit, Type, type Data, type DataType } from 'apache-arrow';
import { toHarperValue, type ValueOptions } from '../convert/bigquery-values.js';
import type { SchemaField } from '../convert/wire-row.js';
import { dateText, datetimeText, decimalText, timeText } from './temporal-text.js';

/**
 * Arrow column data (as the Storage Read API sends it) -> Harper values, equal to what the
 * REST path's converter (streams/convert/bigquery-values.ts) makes of the same BigQuery
 * value. Hot types (INT64, FLOAT64, BOOL, STRING, BYTES, TIMESTAMP) are converted straight
 * from the typed arrays; the others are turned into BigQuery's REST text and handed to the
 * REST converter itself, so they cannot drift apart.
 *
 * BigQuery type -> Arrow type accepted:
 * | BOOL        | bool                  | INT64     | int64                     |
 * | FLOAT64     | float64               | NUMERIC   | decimal128 (scale 9)      |
 * | BIGNUMERIC  | decimal256/decimal128 | STRING    | utf8                      |
 * | BYTES       | binary                | TIMESTAMP | timestamp[us, UTC]        |
 * | DATE        | date32                | TIME      | time64[us]                |
 * | DATETIME    | timestamp[us] (no tz) | JSON, GEOGRAPHY | utf8 (text as REST) |
 * | RECORD      | struct                | REPEATED  | list of the element type  |
 * Anything else (INTERVAL, RANGE, other Arrow layouts) is not proven equal: the table
 * backfills through the query path instead (see `arrowTypeProblem`).
 */

/** The Harper value of row `index` of one column chunk. */
export type ValueReader = (index: number) => unknown;

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** Why a column cannot be read from this Arrow type; undefined when it can. */
export function arrowTypeProblem(field: SchemaField, type: DataType): string | undefined {
  if (field.mode === 'REPEATED') {
    if (type.typeId !== Type.List) return `column ${field.name}: REPEATED arrives as ${String(type)}, expected a list`;
    const child = (type as DataType & { children: { type: DataType }[] }).children[0];
    return child
      ? arrowTypeProblem({ ...field, mode: 'NULLABLE' }, child.type)
      : `column ${field.name}: empty list type`;
  }
  const bq = field.type.toUpperCase();
  const t = type as DataType & Record<string, unknown>;
  const wrong = `column ${field.name} (${bq}) arrives as ${String(type)}, which the sync does not read`;
  switch (bq) {
    case 'BOOL':
    case 'BOOLEAN':
      return t.typeId === Type.Bool ? undefined : wrong;
    case 'INT64':
    case 'INTEGER':
      return t.typeId === Type.Int && t.bitWidth === 64 && t.isSigned ? undefined : wrong;
    case 'FLOAT64':
    case 'FLOAT':
      return t.typeId === Type.Float && t.precision === Precision.DOUBLE ? undefined : wrong;
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      return t.typeId === Type.Decimal && (t.bitWidth === 128 || t.bitWidth === 256) ? undefined : wrong;
    case 'STRING':
    case 'JSON':
    case 'GEOGRAPHY':
      return t.typeId === Type.Utf8 ? undefined : wrong;
    case 'BYTES':
      return t.typeId === Type.Binary ? undefined : wrong;
    case 'TIMESTAMP':
      return t.typeId === Type.Timestamp && t.unit === TimeUnit.MICROSECOND && t.timezone ? undefined : wrong;
    case 'DATETIME':
      return t.typeId === Type.Timestamp && t.unit === TimeUnit.MICROSECOND && !t.timezone ? undefined : wrong;
    case 'DATE':
      return t.typeId === Type.Date && t.unit === DateUnit.DAY ? undefined : wrong;
    case 'TIME':
      return t.typeId === Type.Time && t.unit === TimeUnit.MICROSECOND && t.bitWidth === 64 ? undefined : wrong;
    case 'RECORD':
    case 'STRUCT': {
      if (t.typeId !== Type.Struct) return wrong;
      const children = (type as DataType & { children: { name: string; type: DataType }[] }).children;
      for (const sub of field.fields ?? []) {
        const child = children.find((c) => c.name === sub.name);
        if (!child) return `column ${field.name}: field ${sub.name} is missing from the Arrow struct`;
        const problem = arrowTypeProblem(sub, child.type);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return `column ${field.name} is ${bq}: its Arrow form is not proven equal to the REST path`;
  }
}

/**
 * A reader of one column chunk; `arrowTypeProblem` must have accepted its type. Indexes are
 * local to the chunk (apache-arrow slices fixed-width buffers with the data).
 */
export function valueReader(field: SchemaField, data: Data, options: ValueOptions): ValueReader {
  const read = field.mode === 'REPEATED' ? listReader(field, data, options) : scalarReader(field, data, options);
  if (data.nullCount === 0) return read;
  return (i) => (data.getValid(i) ? read(i) : null);
}

function listReader(field: SchemaField, data: Data, options: ValueOptions): ValueReader {
  const offsets = data.valueOffsets as Int32Array;
  const element = valueReader({ ...field, mode: 'NULLABLE' }, data.children[0]!, options);
  return (i) => {
    const out: unknown[] = [];
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) out.push(element(j));
    return out;
  };
}

function scalarReader(field: SchemaField, data: Data, options: ValueOptions): ValueReader {
  const bq = field.type.toUpperCase();
  const values = data.values as unknown;
  // The REST converter applied to BigQuery's REST text of the value.
  const viaText = (text: (i: number) => string): ValueReader => {
    const scalar: SchemaField = { name: field.name, type: field.type, mode: 'NULLABLE' };
    return (i) => toHarperValue(scalar, text(i), options);
  };
  switch (bq) {
    case 'BOOL':
    case 'BOOLEAN':
      return (i) => boolAt(data, i);
    case 'INT64':
    case 'INTEGER': {
      const v = values as BigInt64Array;
      return (i) => {
        const big = v[i]!;
        return big <= SAFE_MAX && big >= SAFE_MIN ? Number(big) : big;
      };
    }
    case 'FLOAT64':
    case 'FLOAT': {
      const v = values as Float64Array;
      return (i) => v[i];
    }
    case 'STRING':
      return utf8At(data);
    case 'JSON':
    case 'GEOGRAPHY':
      return viaText(utf8At(data));
    case 'BYTES': {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = values as Uint8Array;
      return (i) => Buffer.from(bytes.subarray(offsets[i]!, offsets[i + 1]!));
    }
    case 'TIMESTAMP': {
      const v = values as BigInt64Array;
      // Milliseconds, rounded toward minus infinity like the REST converter.
      return (i) => {
        const micros = v[i]!;
        return new Date(Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n)));
      };
    }
    case 'DATETIME': {
      const v = values as BigInt64Array;
      return viaText((i) => datetimeText(v[i]!));
    }
    case 'DATE': {
      const v = values as Int32Array;
      return viaText((i) => dateText(v[i]!));
    }
    case 'TIME': {
      const v = values as BigInt64Array;
      return viaText((i) => timeText(v[i]!));
    }
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      return viaText(decimalTextAt(data));
    case 'RECORD':
    case 'STRUCT': {
      const type = data.type as DataType & { children: { name: string }[] };
      const subs = (field.fields ?? []).map((sub) => {
        const index = type.children.findIndex((c) => c.name === sub.name);
        return [sub.name, valueReader(sub, data.children[index]!, options)] as const;
      });
      return (i) => {
        const out: Record<string, unknown> = {};
        for (const [name, read] of subs) out[name] = read(i);
        return out;
      };
    }
    default:
      throw new Error(`column ${field.name} is ${bq}: no Arrow reader (arrowTypeProblem should have refused it)`);
  }
}

function boolAt(data: Data, i: number): boolean {
  const bits = data.values as Uint8Array;
  const bit = data.offset + i;
  return (bits[bit >> 3]! & (1 << (bit & 7))) !== 0;
}

/** Text of row i of a utf8 chunk (also the wire text of STRING, JSON and GEOGRAPHY keys). */
export function utf8At(data: Data): (i: number) => string {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (i) => buffer.toString('utf8', offsets[i]!, offsets[i + 1]!);
}

/** BigQuery's REST text of row i of a decimal128/decimal256 chunk (two's complement, little endian). */
export function decimalTextAt(data: Data): (i: number) => string {
  const type = data.type as DataType & { scale: number; bitWidth: number };
  const words = data.values as Uint32Array;
  const stride = type.bitWidth / 32;
  const bits = BigInt(type.bitWidth);
  return (i) => {
    let value = 0n;
    for (let w = stride - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[i * stride + w]!);
    if (value >> (bits - 1n)) value -= 1n << bits;
    return decimalText(value, type.scale);
  };
}
