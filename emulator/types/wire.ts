/**
 * DuckDB result values -> BigQuery REST wire values (`{v}` cells), and DuckDB result column
 * types -> BigQuery result schema fields. The mapping is driven by DuckDB's column types
 * because query results have no table schema to lean on; the storage mapping in schema.ts
 * is chosen so that each BigQuery type comes back as a distinct DuckDB type.
 */
import {
  DuckDBTypeId,
  type DuckDBBlobValue,
  type DuckDBDateValue,
  type DuckDBDecimalValue,
  type DuckDBGeometryValue,
  type DuckDBIntervalValue,
  type DuckDBListValue,
  type DuckDBStructValue,
  type DuckDBTimeValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBStructType,
  type DuckDBArrayType,
} from '@duckdb/node-api';
import { BigQueryError, type FieldSchema } from '../engine/contract.js';
import { formatDate, formatDatetime, formatTime } from './datetime.js';
import { wkbToWkt } from './geography.js';
import { formatFloat64, formatScaled, INT64_MAX, INT64_MIN, rescale } from './numbers.js';
import { legacyTypeName, type BqType } from './schema.js';

export interface WireOptions {
  /** TIMESTAMP as int64 microseconds strings; otherwise BigQuery's float seconds. */
  useInt64Timestamp: boolean;
}

export type Encoder = (v: DuckDBValue) => unknown;

/** The BigQuery type a DuckDB result column stands for. */
export function bqTypeOf(t: DuckDBType): BqType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'BOOL';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.SQLNULL:
    case DuckDBTypeId.INTEGER_LITERAL:
      return 'INT64';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return 'FLOAT64';
    case DuckDBTypeId.DECIMAL:
      return 'NUMERIC';
    case DuckDBTypeId.BIGNUM:
      return 'BIGNUMERIC';
    case DuckDBTypeId.BLOB:
      return 'BYTES';
    case DuckDBTypeId.DATE:
      return 'DATE';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.TIME_NS:
      return 'TIME';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'DATETIME';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'TIMESTAMP';
    case DuckDBTypeId.GEOMETRY:
      return 'GEOGRAPHY';
    case DuckDBTypeId.INTERVAL:
      return 'INTERVAL';
    case DuckDBTypeId.STRUCT:
      return 'STRUCT';
    case DuckDBTypeId.VARCHAR:
      return t.alias?.toUpperCase() === 'JSON' ? 'JSON' : 'STRING';
    default:
      return 'STRING';
  }
}

function elementType(t: DuckDBType): DuckDBType | undefined {
  if (t.typeId === DuckDBTypeId.LIST) return (t as DuckDBListType).valueType;
  if (t.typeId === DuckDBTypeId.ARRAY) return (t as DuckDBArrayType).valueType;
  return undefined;
}

/** Result schema field for a DuckDB column. */
export function fieldFromDuckType(name: string, t: DuckDBType): FieldSchema {
  const elem = elementType(t);
  const base = elem ?? t;
  const type = bqTypeOf(base);
  const field: FieldSchema = {
    name,
    type: legacyTypeName(type) as FieldSchema['type'],
    mode: elem ? 'REPEATED' : 'NULLABLE',
  };
  if (type === 'STRUCT') {
    const st = base as DuckDBStructType;
    field.fields = st.entryNames.map((n, i) => fieldFromDuckType(n, st.entryTypes[i] as DuckDBType));
  }
  return field;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Exact decimal seconds of a microsecond count, parsed as a double the way BigQuery reports it. */
export function timestampSeconds(micros: bigint): string {
  return formatFloat64(Number(formatScaled(micros, 6)));
}

function int64Text(v: DuckDBValue): string {
  const n = typeof v === 'bigint' ? v : BigInt(v as number);
  if (n < INT64_MIN || n > INT64_MAX) throw new BigQueryError(400, 'invalidQuery', `int64 overflow: ${n.toString()}`);
  return n.toString();
}

/** BigQuery's canonical INTERVAL text: Y-M D H:M:S[.F]. */
export function formatInterval(iv: DuckDBIntervalValue): string {
  const sign = iv.months < 0 ? '-' : '';
  const months = Math.abs(iv.months);
  const neg = iv.micros < 0n;
  const us = neg ? -iv.micros : iv.micros;
  const secs = us / 1_000_000n;
  const frac = us % 1_000_000n;
  const time = `${neg ? '-' : ''}${secs / 3600n}:${(secs / 60n) % 60n}:${secs % 60n}${frac ? '.' + frac.toString().padStart(6, '0').replace(/0+$/, '') : ''}`;
  return `${sign}${Math.floor(months / 12)}-${months % 12} ${iv.days} ${time}`;
}

/** What a NULL of this type looks like on the wire: BigQuery has no NULL arrays, they are empty. */
export function nullWireValue(t: DuckDBType): unknown {
  return t.typeId === DuckDBTypeId.LIST || t.typeId === DuckDBTypeId.ARRAY ? [] : null;
}

/** Builds the encoder for non-null values of a DuckDB type. */
export function compileEncoder(t: DuckDBType, opts: WireOptions): Encoder {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v ? 'true' : 'false');
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
      return (v) => String(v);
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return int64Text;
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (v) => formatFloat64(v as number);
    case DuckDBTypeId.DECIMAL: {
      const scale = (t as DuckDBDecimalType).scale;
      // NUMERIC has 9 fraction digits; wider DuckDB results (e.g. products) are rounded to it.
      const out = Math.min(scale, 9);
      return (v) => formatScaled(rescale((v as DuckDBDecimalValue).value, scale, out), out);
    }
    case DuckDBTypeId.BIGNUM:
      return (v) => formatScaled(v as bigint, 38);
    case DuckDBTypeId.BLOB:
      return (v) => toBase64((v as DuckDBBlobValue).bytes);
    case DuckDBTypeId.DATE:
      return (v) => formatDate((v as DuckDBDateValue).days);
    case DuckDBTypeId.TIME:
      return (v) => formatTime((v as DuckDBTimeValue).micros);
    case DuckDBTypeId.TIMESTAMP:
      return (v) => formatDatetime((v as DuckDBTimestampValue).micros);
    case DuckDBTypeId.TIMESTAMP_S:
      return (v) => formatDatetime((v as { seconds: bigint }).seconds * 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return (v) => formatDatetime((v as { millis: bigint }).millis * 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return (v) => formatDatetime((v as { nanos: bigint }).nanos / 1000n);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return opts.useInt64Timestamp
        ? (v) => (v as DuckDBTimestampTZValue).micros.toString()
        : (v) => timestampSeconds((v as DuckDBTimestampTZValue).micros);
    case DuckDBTypeId.GEOMETRY:
      return (v) => wkbToWkt((v as DuckDBGeometryValue).bytes);
    case DuckDBTypeId.INTERVAL:
      return (v) => formatInterval(v as DuckDBIntervalValue);
    case DuckDBTypeId.VARCHAR:
      return (v) => v;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = compileEncoder((t as DuckDBListType).valueType, opts);
      return (v) => (v as DuckDBListValue).items.map((item) => ({ v: item === null ? null : inner(item) }));
    }
    case DuckDBTypeId.STRUCT: {
      const st = t as DuckDBStructType;
      const names = st.entryNames;
      const inner = st.entryTypes.map((et) => compileEncoder(et, opts));
      const nulls = st.entryTypes.map(nullWireValue);
      return (v) => {
        const entries = (v as DuckDBStructValue).entries;
        return {
          f: names.map((n, i) => {
            const x = entries[n];
            return { v: x === null || x === undefined ? nulls[i] : (inner[i] as Encoder)(x) };
          }),
        };
      };
    }
    default:
      return (v) => String(v);
  }
}
