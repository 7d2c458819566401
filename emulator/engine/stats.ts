/**
 * Row counts and logical bytes per column, the way BigQuery documents data size for
 * on-demand pricing: NULL is 0 bytes; BOOL 1; INT64, FLOAT64, DATE, DATETIME, TIME,
 * TIMESTAMP 8; NUMERIC 16; BIGNUMERIC 32; INTERVAL 16; STRING and BYTES 2 + length;
 * JSON the length of its text; GEOGRAPHY 16 + 24 per vertex; STRUCT the sum of its fields;
 * ARRAY the sum of its elements.
 *
 * Totals are cached per table: streaming inserts add their rows' sizes (computed while
 * validating), other writes drop the cache and the next reader rescans once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { physicalTable } from '../sql/naming.js';
import { quoteIdent, type Field } from '../types/schema.js';
import type { TableEntry } from './catalog.js';

export interface ColumnSizes {
  rows: number;
  /** Bytes per top-level column, keyed by lower-case name. */
  bytes: Map<string, number>;
}

function scalarSize(f: Field, e: string): string {
  switch (f.type) {
    case 'BOOL':
      return '1';
    case 'INT64':
    case 'FLOAT64':
    case 'DATE':
    case 'DATETIME':
    case 'TIME':
    case 'TIMESTAMP':
      return '8';
    case 'NUMERIC':
    case 'INTERVAL':
      return '16';
    case 'BIGNUMERIC':
      return '32';
    case 'STRING':
      return `(2 + strlen(${e}))`;
    case 'BYTES':
      return `(2 + octet_length(${e}))`;
    case 'JSON':
      return `strlen(CAST(${e} AS VARCHAR))`;
    case 'GEOGRAPHY':
      return `bq_geo_size(${e})`;
    case 'STRUCT':
      return '(' + f.fields.map((c) => sizeExpr(c, `${e}.${quoteIdent(c.name)}`)).join(' + ') + ')';
  }
}

/** SQL for the logical size of one value of `f` held in expression `e` (0 when NULL). */
export function sizeExpr(f: Field, e: string): string {
  if (f.mode === 'REPEATED') {
    const el: Field = { ...f, mode: 'NULLABLE' };
    return `coalesce(list_sum(list_transform(${e}, __x -> ${sizeExpr(el, '__x')})), 0)`;
  }
  return `(CASE WHEN ${e} IS NULL THEN 0 ELSE ${scalarSize(f, e)} END)`;
}

export class SizeStats {
  private readonly cache = new Map<string, ColumnSizes>();

  /** Cached totals, if any (no DuckDB access). */
  peek(key: string): ColumnSizes | undefined {
    return this.cache.get(key);
  }

  drop(key: string): void {
    this.cache.delete(key);
  }

  /** Adds freshly inserted rows when the totals are already known. */
  add(key: string, fields: readonly Field[], rows: number, columnBytes: number[]): void {
    const c = this.cache.get(key);
    if (!c) return;
    c.rows += rows;
    fields.forEach((f, i) => {
      const k = f.name.toLowerCase();
      c.bytes.set(k, (c.bytes.get(k) ?? 0) + (columnBytes[i] ?? 0));
    });
  }

  setEmpty(key: string, fields: readonly Field[]): void {
    this.cache.set(key, { rows: 0, bytes: new Map(fields.map((f) => [f.name.toLowerCase(), 0])) });
  }

  async get(key: string, table: TableEntry, conn: DuckDBConnection): Promise<ColumnSizes> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const sizes: ColumnSizes = { rows: 0, bytes: new Map() };
    if (table.materialized && table.fields.length > 0) {
      const cols = table.fields.map((f) => `CAST(coalesce(sum(${sizeExpr(f, quoteIdent(f.name))}), 0) AS BIGINT)`);
      const r = await conn.runAndReadAll(`SELECT count(*), ${cols.join(', ')} FROM ${physicalTable(table.ref)}`);
      const row = r.getRowsJS()[0] ?? [];
      sizes.rows = Number(row[0] ?? 0);
      table.fields.forEach((f, i) => sizes.bytes.set(f.name.toLowerCase(), Number(row[i + 1] ?? 0)));
    }
    this.cache.set(key, sizes);
    return sizes;
  }
}
