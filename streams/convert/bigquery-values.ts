import { wktToGeoJSON } from '@terraformer/wkt';
import type { GeographyFormat, NumericMode } from '../../config/types.js';
import type { SchemaField, WireValue } from './wire-row.js';

export interface ValueOptions {
  numericMode: NumericMode;
  geographyFormat: GeographyFormat;
}

/** The column beside a TIMESTAMP column that keeps its exact microseconds (`timestampMicros`). */
export function microsColumn(name: string): string {
  return `${name}Micros`;
}

/**
 * BigQuery wire value -> Harper value, by column type:
 *
 * | BigQuery            | Harper                                                         |
 * |---------------------|----------------------------------------------------------------|
 * | BOOL                | boolean                                                        |
 * | INT64               | number when within +/-(2^53-1), else BigInt (exact)            |
 * | FLOAT64             | number (NaN and +/-Infinity kept)                              |
 * | NUMERIC, BIGNUMERIC | exact decimal string; `number-when-safe`: number if it         |
 * |                     | round-trips exactly through a double, else the string          |
 * | STRING              | string                                                         |
 * | BYTES               | Buffer                                                         |
 * | TIMESTAMP           | Date (milliseconds); with `timestampMicros` also the exact     |
 * |                     | microseconds as a BigInt in `<name>Micros` (top-level columns) |
 * | DATE/DATETIME/TIME  | ISO string as BigQuery gives it                                |
 * | JSON                | parsed value                                                   |
 * | GEOGRAPHY           | WKT string, or a GeoJSON object with `geojson`                 |
 * | RECORD / STRUCT     | nested object                                                  |
 * | REPEATED            | array                                                          |
 * | RANGE, INTERVAL     | string as BigQuery gives it                                    |
 * Throws with the column name and value when a wire value is malformed.
 */
export function toHarperValue(field: SchemaField, value: WireValue, options: ValueOptions): unknown {
  if (value === null) return null;
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(value)) throw new ConversionError(field, value, 'expected an array');
    return value.map((item) => toHarperScalarOrRecord(field, item, options));
  }
  return toHarperScalarOrRecord(field, value, options);
}

export class ConversionError extends Error {
  constructor(field: SchemaField, value: unknown, problem: string) {
    super(`column ${field.name} (${field.type}): ${problem}, got ${JSON.stringify(value)?.slice(0, 80)}`);
    this.name = 'ConversionError';
  }
}

function toHarperScalarOrRecord(field: SchemaField, value: WireValue, options: ValueOptions): unknown {
  if (value === null) return null;
  const type = field.type.toUpperCase();
  if (type === 'RECORD' || type === 'STRUCT') {
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConversionError(field, value, 'expected a record');
    const out: Record<string, unknown> = {};
    for (const sub of field.fields ?? []) out[sub.name] = toHarperValue(sub, value[sub.name] ?? null, options);
    return out;
  }
  if (typeof value !== 'string') throw new ConversionError(field, value, 'expected a scalar');
  switch (type) {
    case 'BOOL':
    case 'BOOLEAN':
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw new ConversionError(field, value, 'expected true or false');
    case 'INT64':
    case 'INTEGER': {
      if (!/^-?\d+$/.test(value)) throw new ConversionError(field, value, 'expected an integer');
      const big = BigInt(value);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'FLOAT64':
    case 'FLOAT': {
      const n = Number(value);
      if (Number.isNaN(n) && value !== 'NaN') throw new ConversionError(field, value, 'expected a number');
      return n;
    }
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value))
        throw new ConversionError(field, value, 'expected a decimal');
      return options.numericMode === 'number-when-safe' && roundTripsThroughDouble(value) ? Number(value) : value;
    case 'BYTES':
      return Buffer.from(value, 'base64');
    case 'TIMESTAMP':
      return timestampToDate(field, value);
    case 'JSON':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw new ConversionError(field, value, 'expected JSON text');
      }
    case 'GEOGRAPHY':
      if (options.geographyFormat === 'wkt') return value;
      try {
        return wktToGeoJSON(value);
      } catch (error) {
        throw new ConversionError(field, value, `expected WKT (${(error as Error).message})`);
      }
    default:
      // STRING, DATE, DATETIME, TIME, RANGE, INTERVAL: the wire text is the exact value.
      return value;
  }
}

/** Timestamps come as int64 microseconds (useInt64Timestamp) or as float seconds. */
function timestampToDate(field: SchemaField, value: string): Date {
  if (/^-?\d+$/.test(value)) {
    const micros = BigInt(value);
    return new Date(Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n)));
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) throw new ConversionError(field, value, 'expected a timestamp');
  return new Date(Math.floor(seconds * 1000));
}

/**
 * A TIMESTAMP wire value as exact microseconds since the epoch: int64 microseconds as they
 * are, or decimal seconds ("1.7041646451234560E9") scaled without a double, floored to the
 * microsecond (BigQuery has no finer precision). Undefined when the text is neither.
 */
export function timestampWireToMicros(value: string): bigint | undefined {
  if (/^-?\d+$/.test(value)) return BigInt(value);
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(value);
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`;
  // value = digits * 10^(exponent - fraction length); microseconds add 6 to the exponent.
  const shift = Number(m[4] ?? 0) - (m[3] ?? '').length + 6;
  const magnitude = BigInt(digits || '0');
  const negative = m[1] === '-';
  if (shift >= 0) {
    const micros = magnitude * 10n ** BigInt(shift);
    return negative ? -micros : micros;
  }
  const divisor = 10n ** BigInt(-shift);
  const whole = magnitude / divisor;
  if (!negative) return whole;
  return magnitude % divisor === 0n ? -whole : -whole - 1n;
}

/** True when the decimal text names exactly the double that Number() makes of it. */
function roundTripsThroughDouble(text: string): boolean {
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  return normaliseDecimal(text) === normaliseDecimal(numberToPlainString(n));
}

function numberToPlainString(n: number): string {
  const s = n.toString();
  if (!/e/i.test(s)) return s;
  // Exponent forms: expand through BigInt-free string arithmetic on toFixed when possible.
  return Math.abs(n) < 1 ? n.toFixed(20) : BigInt(Math.trunc(n)).toString();
}

function normaliseDecimal(text: string): string {
  let s = text.trim().replace(/^\+/, '');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let [whole = '0', fraction = ''] = s.split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && body !== '0' ? `-${body}` : body;
}
