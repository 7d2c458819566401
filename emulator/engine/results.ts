/**
 * Runs a DuckDB query and encodes the result the way BigQuery's REST API returns it: a
 * schema derived from the result column types and rows as `{f:[{v}]}`.
 */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { FieldSchema, RestRow } from './contract.js';
import { compileEncoder, fieldFromDuckType, nullWireValue, type Encoder, type WireOptions } from '../types/wire.js';

export interface Encoded {
  schema: FieldSchema[];
  rows: RestRow[];
  rowsChanged: number;
}

export function schemaOf(names: readonly string[], types: readonly DuckDBType[]): FieldSchema[] {
  return names.map((n, i) => fieldFromDuckType(n, types[i] as DuckDBType));
}

export function encodeColumns(
  columns: readonly (readonly DuckDBValue[])[],
  types: readonly DuckDBType[],
  opts: WireOptions,
): RestRow[] {
  const encoders: Encoder[] = types.map((t) => compileEncoder(t, opts));
  const nulls = types.map(nullWireValue);
  const rowCount = columns[0]?.length ?? 0;
  const rows: RestRow[] = new Array<RestRow>(rowCount);
  const width = columns.length;
  for (let r = 0; r < rowCount; r++) {
    const f: { v: unknown }[] = new Array<{ v: unknown }>(width);
    for (let c = 0; c < width; c++) {
      const v = (columns[c] as readonly DuckDBValue[])[r];
      f[c] = { v: v === null || v === undefined ? nulls[c] : (encoders[c] as Encoder)(v) };
    }
    rows[r] = { f };
  }
  return rows;
}

/** Runs a query and encodes its rows chunk by chunk (no intermediate value arrays). */
export async function runAndEncode(
  conn: DuckDBConnection,
  sql: string,
  values: DuckDBValue[],
  types: DuckDBType[],
  opts: WireOptions,
): Promise<Encoded> {
  const result = values.length > 0 ? await conn.run(sql, values, types) : await conn.run(sql);
  const colTypes = result.columnTypes();
  const schema = schemaOf(result.columnNames(), colTypes);
  const encoders: Encoder[] = colTypes.map((t) => compileEncoder(t, opts));
  const nulls = colTypes.map(nullWireValue);
  const width = encoders.length;
  const rows: RestRow[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    // rowCount is a native call each time it is read: once per chunk, not once per row.
    const rowCount = chunk?.rowCount ?? 0;
    if (!chunk || rowCount === 0) break;
    const vectors = encoders.map((_, c) => chunk.getColumnVector(c));
    for (let r = 0; r < rowCount; r++) {
      const f: { v: unknown }[] = new Array<{ v: unknown }>(width);
      for (let c = 0; c < width; c++) {
        const v = (vectors[c] as (typeof vectors)[number]).getItem(r);
        f[c] = { v: v === null ? nulls[c] : (encoders[c] as Encoder)(v) };
      }
      rows.push({ f });
    }
  }
  return { schema, rows, rowsChanged: result.rowsChanged };
}

/** Result schema of a statement without running it (dry runs). */
export async function describe(
  conn: DuckDBConnection,
  sql: string,
  values: DuckDBValue[],
  types: DuckDBType[],
): Promise<FieldSchema[]> {
  const ps = await conn.prepare(sql);
  try {
    if (values.length > 0) ps.bind(values, types);
    const names: string[] = [];
    const colTypes: DuckDBType[] = [];
    for (let i = 0; i < ps.columnCount; i++) {
      names.push(ps.columnName(i));
      colTypes.push(ps.columnType(i));
    }
    return schemaOf(names, colTypes);
  } finally {
    ps.destroySync();
  }
}
