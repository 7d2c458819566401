/**
 * DuckDB result values -> cells for arrow-columns.ts. Scalars whose DuckDB value already is
 * the Arrow value (BIGINT, DOUBLE, BOOLEAN, VARCHAR, BLOB, DECIMAL's scaled integer, DATE days,
 * TIME/TIMESTAMP/TIMESTAMPTZ microseconds) are taken as they are: no text round trip. Every
 * other type (GEOGRAPHY, JSON, BIGNUMERIC, STRUCT, REPEATED, ...) goes through the engine's
 * own REST wire encoder, the same code the query path uses, and is parsed back exactly.
 */
import {
  DuckDBTypeId,
  type DuckDBBlobValue,
  type DuckDBDateValue,
  type DuckDBDecimalType,
  type DuckDBDecimalValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  type DuckDBTimeValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { compileEncoder } from '../types/wire.js';
import { rescale } from '../types/numbers.js';

export type CellConverter = (v: DuckDBValue) => unknown;

/** How one result column's DuckDB values become cells; `scale` is the Arrow decimal scale of the field. */
export function cellConverter(type: DuckDBType, scale: number | undefined): CellConverter {
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.BOOLEAN:
      return (v) => v;
    case DuckDBTypeId.VARCHAR:
      // JSON is VARCHAR with an alias; its stored text is already canonical, as on the wire.
      return (v) => v;
    case DuckDBTypeId.BLOB:
      return (v) => (v as DuckDBBlobValue).bytes;
    case DuckDBTypeId.DATE:
      return (v) => (v as DuckDBDateValue).days;
    case DuckDBTypeId.TIME:
      return (v) => (v as DuckDBTimeValue).micros;
    case DuckDBTypeId.TIMESTAMP:
      return (v) => (v as DuckDBTimestampValue).micros;
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (v) => (v as DuckDBTimestampTZValue).micros;
    case DuckDBTypeId.DECIMAL: {
      const from = (type as DuckDBDecimalType).scale;
      const to = scale ?? from;
      return from === to
        ? (v) => (v as DuckDBDecimalValue).value
        : (v) => rescale((v as DuckDBDecimalValue).value, from, to);
    }
    default: {
      const encode = compileEncoder(type, { useInt64Timestamp: true });
      return (v) => encode(v);
    }
  }
}
