/**
 * REST query parameters -> exactly-typed DuckDB values. Values are parsed here (not by a
 * DuckDB string cast) so INT64 never passes through a float, TIMESTAMP keeps microseconds,
 * and a bad value gets a BigQuery-style error naming the parameter.
 */
import {
  BIGINT,
  BIGNUM,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  INTERVAL,
  LIST,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  blobValue,
  dateValue,
  decimalValue,
  listValue,
  structValue,
  timeValue,
  timestampTZValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { BigQueryError, type QueryParameterType, type QueryParameterValue } from '../engine/contract.js';
import { parseDate, parseDatetime, parseTime, parseTimestamp } from '../types/datetime.js';
import { formatWkt, parseGeography } from '../types/geography.js';
import { canonicalJsonText } from '../types/json.js';
import { BIGNUMERIC, NUMERIC, parseFloat64, parseInt64, parseScaled } from '../types/numbers.js';
import { canonicalType, quoteIdent, type BqType } from '../types/schema.js';

export interface BoundParam {
  value: DuckDBValue;
  type: DuckDBType;
  /** DuckDB type text for the CAST that pins the parameter's type at prepare time. */
  sqlType: string;
  /** BigQuery type (for INT64 LIMIT inlining and error messages). */
  bqType: BqType | 'ARRAY';
}

function bad(name: string, type: string, value: unknown): BigQueryError {
  return new BigQueryError(
    400,
    'invalid',
    `Query parameter '${name}': invalid value for type ${type}: ${JSON.stringify(value)}`,
  );
}

interface Shape {
  type: DuckDBType;
  sqlType: string;
  bqType: BqType | 'ARRAY';
  convert: (v: QueryParameterValue | undefined, name: string) => DuckDBValue;
}

function scalar(bq: BqType, type: DuckDBType, sqlType: string, parse: (s: string) => DuckDBValue | undefined): Shape {
  return {
    type,
    sqlType,
    bqType: bq,
    convert: (v, name) => {
      const raw = v?.value;
      if (raw === undefined || raw === null) return null;
      const out = parse(String(raw));
      if (out === undefined) throw bad(name, bq, raw);
      return out;
    },
  };
}

function shapeOf(t: QueryParameterType, name: string): Shape {
  const typeName = String(t.type ?? '').toUpperCase();
  if (typeName === 'ARRAY') {
    if (!t.arrayType) throw new BigQueryError(400, 'invalid', `Query parameter '${name}': ARRAY needs arrayType`);
    const el = shapeOf(t.arrayType, name);
    if (el.bqType === 'ARRAY')
      throw new BigQueryError(400, 'invalid', `Query parameter '${name}': arrays of arrays are not supported`);
    return {
      type: LIST(el.type),
      sqlType: el.sqlType + '[]',
      bqType: 'ARRAY',
      convert: (v, n) => {
        if (
          !v ||
          (v.arrayValues === undefined && (v.value === null || v.value === undefined) && Object.keys(v).length === 0)
        )
          return null;
        if (v.arrayValues === undefined && v.value === null) return null;
        const items = (v.arrayValues ?? []).map((item, i) => {
          const x = el.convert(item, `${n}[${i}]`);
          if (x === null)
            throw new BigQueryError(
              400,
              'invalid',
              `Query parameter '${n}': an array cannot contain NULL (element ${i})`,
            );
          return x;
        });
        return listValue(items);
      },
    };
  }
  if (typeName === 'STRUCT' || typeName === 'RECORD') {
    const members = (t.structTypes ?? []).map((m, i) => ({
      name: m.name || `_field_${i + 1}`,
      shape: shapeOf(m.type, `${name}.${m.name ?? i}`),
    }));
    const entries: Record<string, DuckDBType> = {};
    for (const m of members) entries[m.name] = m.shape.type;
    return {
      type: STRUCT(entries),
      sqlType: 'STRUCT(' + members.map((m) => quoteIdent(m.name) + ' ' + m.shape.sqlType).join(', ') + ')',
      bqType: 'STRUCT',
      convert: (v, n) => {
        if (!v || !v.structValues) return null;
        const sv = v.structValues;
        const out: Record<string, DuckDBValue> = {};
        for (const m of members) out[m.name] = m.shape.convert(sv[m.name], `${n}.${m.name}`);
        return structValue(out);
      },
    };
  }
  const bq = canonicalType(typeName);
  switch (bq) {
    case 'INT64':
      return scalar(bq, BIGINT, 'BIGINT', (s) => parseInt64(s));
    case 'FLOAT64':
      return scalar(bq, DOUBLE, 'DOUBLE', (s) => parseFloat64(s));
    case 'BOOL':
      return scalar(bq, BOOLEAN, 'BOOLEAN', (s) =>
        /^true$/i.test(s.trim()) ? true : /^false$/i.test(s.trim()) ? false : undefined,
      );
    case 'NUMERIC':
      return scalar(bq, DECIMAL(38, 9), 'DECIMAL(38,9)', (s) => {
        const n = parseScaled(s, NUMERIC);
        return n === undefined ? undefined : decimalValue(n, 38, 9);
      });
    case 'BIGNUMERIC':
      return scalar(bq, BIGNUM, 'BIGNUM', (s) => parseScaled(s, BIGNUMERIC));
    case 'STRING':
      return scalar(bq, VARCHAR, 'VARCHAR', (s) => s);
    case 'BYTES':
      return scalar(bq, BLOB, 'BLOB', (s) => blobValue(new Uint8Array(Buffer.from(s, 'base64'))));
    case 'DATE':
      return scalar(bq, DATE, 'DATE', (s) => {
        const d = parseDate(s);
        return d === undefined ? undefined : dateValue(d);
      });
    case 'DATETIME':
      return scalar(bq, TIMESTAMP, 'TIMESTAMP', (s) => {
        const d = parseDatetime(s);
        return d === undefined ? undefined : timestampValue(d);
      });
    case 'TIME':
      return scalar(bq, TIME, 'TIME', (s) => {
        const d = parseTime(s);
        return d === undefined ? undefined : timeValue(d);
      });
    case 'TIMESTAMP':
      return scalar(bq, TIMESTAMPTZ, 'TIMESTAMPTZ', (s) => {
        const d = parseTimestamp(s);
        return d === undefined ? undefined : timestampTZValue(d);
      });
    case 'JSON':
      return scalar(bq, VARCHAR, 'JSON', (s) => {
        const j = canonicalJsonText(s);
        return j instanceof Error ? undefined : j;
      });
    case 'GEOGRAPHY':
      return scalar(bq, VARCHAR, 'GEOMETRY', (s) => {
        const g = parseGeography(s);
        return g instanceof Error ? undefined : formatWkt(g);
      });
    case 'INTERVAL':
      return scalar(bq, INTERVAL, 'INTERVAL', () => undefined);
    default:
      throw new BigQueryError(400, 'invalid', `Query parameter '${name}': unsupported type ${String(t.type)}`);
  }
}

export function bindParameter(
  name: string,
  type: QueryParameterType,
  value: QueryParameterValue | undefined,
): BoundParam {
  const shape = shapeOf(type, name);
  return { value: shape.convert(value, name), type: shape.type, sqlType: shape.sqlType, bqType: shape.bqType };
}
