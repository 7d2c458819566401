/**
 * TO_JSON_STRING: GoogleSQL's JSON encoding of any value, driven by the DuckDB type of the
 * argument (the engine registers it as a JS function taking ANY, so the type is known).
 */
import {
  DuckDBTypeId,
  type DuckDBBlobValue,
  type DuckDBDateValue,
  type DuckDBDecimalValue,
  type DuckDBGeometryValue,
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
} from '@duckdb/node-api';
import { formatDate, formatDatetime, formatTime, formatTimestampRfc3339 } from './datetime.js';
import { wkbToWkt } from './geography.js';
import { formatScaled, rescale } from './numbers.js';

export type JsonEncoder = (v: DuckDBValue) => string;

function float(v: number): string {
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  return String(v);
}

export function compileJsonEncoder(t: DuckDBType): JsonEncoder {
  const nullable =
    (enc: JsonEncoder): JsonEncoder =>
    (v) =>
      v === null || v === undefined ? 'null' : enc(v);
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return nullable((v) => (v ? 'true' : 'false'));
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
      // BigQuery quotes integers outside [-2^53, 2^53], which JSON readers cannot hold exactly.
      return nullable((v) => {
        const n = BigInt(v as bigint | number);
        return n > 2n ** 53n || n < -(2n ** 53n) ? `"${n.toString()}"` : n.toString();
      });
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return nullable((v) => float(v as number));
    case DuckDBTypeId.DECIMAL: {
      const scale = (t as DuckDBDecimalType).scale;
      const out = Math.min(scale, 9);
      return nullable((v) => formatScaled(rescale((v as DuckDBDecimalValue).value, scale, out), out));
    }
    case DuckDBTypeId.BIGNUM:
      return nullable((v) => formatScaled(v as bigint, 38));
    case DuckDBTypeId.BLOB:
      return nullable((v) => JSON.stringify(Buffer.from((v as DuckDBBlobValue).bytes).toString('base64')));
    case DuckDBTypeId.DATE:
      return nullable((v) => JSON.stringify(formatDate((v as DuckDBDateValue).days)));
    case DuckDBTypeId.TIME:
      return nullable((v) => JSON.stringify(formatTime((v as DuckDBTimeValue).micros)));
    case DuckDBTypeId.TIMESTAMP:
      return nullable((v) => JSON.stringify(formatDatetime((v as DuckDBTimestampValue).micros)));
    case DuckDBTypeId.TIMESTAMP_TZ:
      return nullable((v) => JSON.stringify(formatTimestampRfc3339((v as DuckDBTimestampTZValue).micros)));
    case DuckDBTypeId.GEOMETRY:
      return nullable((v) => JSON.stringify(wkbToWkt((v as DuckDBGeometryValue).bytes)));
    case DuckDBTypeId.VARCHAR:
      // A JSON value is embedded as JSON, a STRING as a JSON string.
      return t.alias?.toUpperCase() === 'JSON'
        ? nullable((v) => String(v))
        : nullable((v) => JSON.stringify(String(v)));
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = compileJsonEncoder((t as DuckDBListType).valueType);
      return nullable((v) => '[' + (v as DuckDBListValue).items.map(inner).join(',') + ']');
    }
    case DuckDBTypeId.STRUCT: {
      const st = t as DuckDBStructType;
      const inner = st.entryTypes.map(compileJsonEncoder);
      const keys = st.entryNames.map((n) => JSON.stringify(n));
      return nullable((v) => {
        const e = (v as DuckDBStructValue).entries;
        return (
          '{' +
          st.entryNames.map((n, i) => `${keys[i] as string}:${(inner[i] as JsonEncoder)(e[n] ?? null)}`).join(',') +
          '}'
        );
      });
    }
    default:
      return nullable((v) => JSON.stringify(String(v)));
  }
}
