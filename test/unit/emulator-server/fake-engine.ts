/**
 * An in-memory stand-in for the DuckDB engine, for unit tests of the HTTP layer only.
 * Storage is a list of JSON rows per table; validation covers just what the HTTP layer's
 * tests need (REQUIRED, INTEGER, unknown fields). Queries return whatever `onQuery` says.
 */
import {
  BigQueryError,
  type Engine,
  type FieldSchema,
  type InsertOptions,
  type InsertResult,
  type ListRowsOptions,
  type QueryOptions,
  type QueryResult,
  type RestRow,
  type TableRef,
  type TableSchema,
} from '../../../emulator/engine/contract.js';

interface FakeTable {
  resource: Record<string, unknown>;
  schema: TableSchema;
  rows: Record<string, unknown>[];
}

export type QueryHandler = (sql: string, options: QueryOptions) => QueryResult | Promise<QueryResult>;

const key = (r: TableRef): string => `${r.projectId}.${r.datasetId}.${r.tableId}`;

export class FakeEngine implements Engine {
  datasets = new Map<string, Record<string, unknown>>();
  tables = new Map<string, FakeTable>();
  queries: { sql: string; options: QueryOptions }[] = [];
  onQuery: QueryHandler = () => ({
    statementType: 'SELECT',
    schema: { fields: [] },
    rows: [],
    totalRows: 0,
    referencedTables: [],
    totalBytesProcessed: 0,
  });
  closed = false;

  async createDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void> {
    const k = `${projectId}.${datasetId}`;
    if (this.datasets.has(k))
      throw new BigQueryError(409, 'duplicate', `Already Exists: Dataset ${projectId}:${datasetId}`);
    this.datasets.set(k, structuredClone(resource));
  }
  async getDataset(projectId: string, datasetId: string): Promise<Record<string, unknown> | undefined> {
    const ds = this.datasets.get(`${projectId}.${datasetId}`);
    return ds ? structuredClone(ds) : undefined;
  }
  async listDatasets(projectId: string): Promise<Record<string, unknown>[]> {
    return [...this.datasets.entries()]
      .filter(([k]) => k.startsWith(`${projectId}.`))
      .map(([, v]) => structuredClone(v));
  }
  async updateDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void> {
    this.datasets.set(`${projectId}.${datasetId}`, structuredClone(resource));
  }
  async deleteDataset(projectId: string, datasetId: string, deleteContents: boolean): Promise<void> {
    const prefix = `${projectId}.${datasetId}.`;
    const tables = [...this.tables.keys()].filter((k) => k.startsWith(prefix));
    if (tables.length > 0 && !deleteContents) throw new BigQueryError(400, 'resourceInUse', 'in use');
    for (const t of tables) this.tables.delete(t);
    this.datasets.delete(`${projectId}.${datasetId}`);
  }
  async createTable(ref: TableRef, schema: TableSchema, resource: Record<string, unknown>): Promise<void> {
    if (this.tables.has(key(ref))) throw new BigQueryError(409, 'duplicate', 'exists');
    this.tables.set(key(ref), {
      resource: structuredClone({ ...resource, tableReference: ref }),
      schema: structuredClone(schema),
      rows: [],
    });
  }
  async getTable(ref: TableRef): Promise<{ resource: Record<string, unknown>; schema: TableSchema } | undefined> {
    const t = this.tables.get(key(ref));
    return t ? { resource: structuredClone(t.resource), schema: structuredClone(t.schema) } : undefined;
  }
  async listTables(
    projectId: string,
    datasetId: string,
  ): Promise<{ resource: Record<string, unknown>; schema: TableSchema }[]> {
    const prefix = `${projectId}.${datasetId}.`;
    return [...this.tables.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, t]) => ({ resource: structuredClone(t.resource), schema: t.schema }));
  }
  async patchTable(ref: TableRef, schema: TableSchema | undefined, resource: Record<string, unknown>): Promise<void> {
    const t = this.must(ref);
    if (schema) {
      const added = schema.fields.slice(t.schema.fields.length);
      if (added.some((f) => f.mode === 'REQUIRED'))
        throw new BigQueryError(400, 'invalid', 'Cannot add required fields to an existing schema.');
      t.schema = structuredClone(schema);
    }
    t.resource = structuredClone({ ...resource, tableReference: ref });
  }
  async deleteTable(ref: TableRef): Promise<void> {
    this.must(ref);
    this.tables.delete(key(ref));
  }
  async truncateTable(ref: TableRef): Promise<void> {
    this.must(ref).rows = [];
  }
  async tableStats(ref: TableRef): Promise<{ numRows: number; numBytes: number }> {
    const t = this.must(ref);
    return { numRows: t.rows.length, numBytes: t.rows.reduce((n, r) => n + JSON.stringify(r).length, 0) };
  }
  async insertRows(ref: TableRef, rows: Record<string, unknown>[], options: InsertOptions): Promise<InsertResult> {
    const t = this.must(ref);
    const insertErrors: InsertResult['insertErrors'] = [];
    const good: Record<string, unknown>[] = [];
    rows.forEach((row, index) => {
      const message = this.validate(t.schema.fields, row, options.ignoreUnknownValues === true);
      if (message) insertErrors.push({ index, errors: [{ reason: 'invalid', message }] });
      else good.push(row);
    });
    if (insertErrors.length > 0 && !options.skipInvalidRows) {
      const bad = new Set(insertErrors.map((e) => e.index));
      rows.forEach((_, index) => {
        if (!bad.has(index)) insertErrors.push({ index, errors: [{ reason: 'stopped', message: '' }] });
      });
      insertErrors.sort((a, b) => a.index - b.index);
      return { insertErrors, inserted: 0 };
    }
    t.rows.push(...good.map((r) => structuredClone(r)));
    return { insertErrors, inserted: good.length };
  }
  async listRows(
    ref: TableRef,
    options: ListRowsOptions,
  ): Promise<{ rows: RestRow[]; totalRows: number; schema: TableSchema }> {
    const t = this.must(ref);
    const start = options.startIndex ?? 0;
    const slice = t.rows.slice(start, start + (options.maxResults ?? t.rows.length));
    const fields = options.selectedFields
      ? t.schema.fields.filter((f) => options.selectedFields?.includes(f.name))
      : t.schema.fields;
    return {
      rows: slice.map((r) => ({
        f: fields.map((f) => ({ v: r[f.name] === undefined || r[f.name] === null ? null : String(r[f.name]) })),
      })),
      totalRows: t.rows.length,
      schema: { fields },
    };
  }
  async query(sql: string, options: QueryOptions): Promise<QueryResult> {
    this.queries.push({ sql, options });
    return this.onQuery(sql, options);
  }
  async close(): Promise<void> {
    this.closed = true;
  }

  rowsOf(ref: TableRef): Record<string, unknown>[] {
    return this.must(ref).rows;
  }

  private must(ref: TableRef): FakeTable {
    const t = this.tables.get(key(ref));
    if (!t)
      throw new BigQueryError(404, 'notFound', `Not found: Table ${ref.projectId}:${ref.datasetId}.${ref.tableId}`);
    return t;
  }

  private validate(fields: FieldSchema[], row: Record<string, unknown>, ignoreUnknown: boolean): string | undefined {
    for (const k of Object.keys(row)) {
      if (!ignoreUnknown && !fields.some((f) => f.name === k)) return `no such field: ${k}.`;
    }
    for (const f of fields) {
      const v = row[f.name];
      if ((v === undefined || v === null) && f.mode === 'REQUIRED') return `Missing required field: ${f.name}.`;
      if (v !== undefined && v !== null && (f.type === 'INTEGER' || f.type === 'INT64') && !/^-?\d+$/.test(String(v))) {
        return `Cannot convert value to integer (bad value): ${String(v)}`;
      }
    }
    return undefined;
  }
}

/** A SELECT result of `n` rows with one INTEGER column `n` and one TIMESTAMP column `ts`. */
export function numbersResult(n: number, bytes = 8 * n): QueryResult {
  const rows: RestRow[] = [];
  for (let i = 0; i < n; i++) rows.push({ f: [{ v: String(i) }, { v: String(1_700_000_000_000_000 + i) }] });
  return {
    statementType: 'SELECT',
    schema: {
      fields: [
        { name: 'n', type: 'INTEGER', mode: 'NULLABLE' },
        { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE' },
      ],
    },
    rows,
    totalRows: n,
    referencedTables: [{ projectId: 'p', datasetId: 'd', tableId: 't' }],
    totalBytesProcessed: bytes,
  };
}
