/**
 * The DuckDB-backed storage and query engine behind the local BigQuery server.
 * See emulator/README.md for the design (type mapping, SQL translation, performance).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  BigQueryError,
  type Engine,
  type ErrorProto,
  type InsertOptions,
  type InsertResult,
  type ListRowsOptions,
  type QueryOptions,
  type QueryResult,
  type RestRow,
  type ResultChunk,
  type TableRef,
  type TableSchema,
  type TableStats,
} from './contract.js';
import { Catalog, type TableEntry } from './catalog.js';
import { Db } from './db.js';
import { fromDuckDb } from './errors.js';
import { appendRows } from './append.js';
import { describe, runAndEncode } from './results.js';
import { SizeStats, type ColumnSizes } from './stats.js';
import { registerUdfs } from './udfs.js';
import { displayName, physicalTable, schemaName, tableKey } from '../sql/naming.js';
import { parseStatement, type Statement } from '../sql/statements.js';
import { compileRowConverter, type ConvertedRow, type RowConverter } from '../types/input.js';
import {
  duckColumnDefs,
  duckType,
  findField,
  normalizeSchema,
  quoteIdent,
  toRestFields,
  type Field,
} from '../types/schema.js';
import type { CatalogLookup } from '../sql/translator.js';
import {
  partitionBytesSql,
  partitionSpecOf,
  planScans,
  type PartitionSpec,
  type ValueRange,
} from '../billing/index.js';

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export interface DuckDbEngineOptions {
  /** Path of a DuckDB file; in-memory when absent. */
  dataFile?: string;
}

function notFoundTable(ref: TableRef): BigQueryError {
  return new BigQueryError(404, 'notFound', `Not found: Table ${displayName(ref)}`);
}

function notFoundDataset(projectId: string, datasetId: string): BigQueryError {
  return new BigQueryError(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

class DuckDbEngine implements Engine {
  private readonly stats = new SizeStats();
  /**
   * Per-partition column bytes of partitioned tables, valid while the table's cached size
   * totals are the same object with the same row count (inserts grow it, other writes drop it).
   */
  private readonly partitionBytes = new Map<
    string,
    { totals: ColumnSizes; rows: number; column: string; parts: [bigint, Map<string, number>][] }
  >();
  private readonly converters = new WeakMap<readonly Field[], Map<string, RowConverter>>();

  constructor(
    private readonly db: Db,
    private readonly catalog: Catalog,
  ) {}

  private lookup(): CatalogLookup {
    return {
      tableFields: (ref) => this.catalog.table(ref)?.fields,
      datasetExists: (p, d) => this.catalog.dataset(p, d) !== undefined,
    };
  }

  /** Runs statements in one DuckDB transaction on the writer connection. */
  private async transaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
    await conn.run('BEGIN TRANSACTION');
    try {
      const out = await body();
      await conn.run('COMMIT');
      return out;
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  // ------------------------------------------------------------------ datasets

  createDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void> {
    return this.db.write(async (conn) => {
      if (this.catalog.dataset(projectId, datasetId)) {
        throw new BigQueryError(409, 'duplicate', `Already Exists: Dataset ${projectId}:${datasetId}`);
      }
      const entry = { projectId, datasetId, resource: clone(resource) };
      await this.transaction(conn, async () => {
        await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schemaName(projectId, datasetId))}`);
        await Catalog.saveDataset(conn, entry);
      });
      this.catalog.applyDataset(entry);
    });
  }

  async getDataset(projectId: string, datasetId: string): Promise<Record<string, unknown> | undefined> {
    const d = this.catalog.dataset(projectId, datasetId);
    return d ? clone(d.resource) : undefined;
  }

  async listDatasets(projectId: string): Promise<Record<string, unknown>[]> {
    return [...this.catalog.datasets.values()]
      .filter((d) => d.projectId === projectId)
      .sort((a, b) => (a.datasetId < b.datasetId ? -1 : 1))
      .map((d) => clone(d.resource));
  }

  updateDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void> {
    return this.db.write(async (conn) => {
      if (!this.catalog.dataset(projectId, datasetId)) throw notFoundDataset(projectId, datasetId);
      const entry = { projectId, datasetId, resource: clone(resource) };
      await Catalog.saveDataset(conn, entry);
      this.catalog.applyDataset(entry);
    });
  }

  deleteDataset(projectId: string, datasetId: string, deleteContents: boolean): Promise<void> {
    return this.db.write(async (conn) => {
      if (!this.catalog.dataset(projectId, datasetId)) throw notFoundDataset(projectId, datasetId);
      const tables = this.catalog.tablesOf(projectId, datasetId);
      if (tables.length > 0 && !deleteContents) {
        throw new BigQueryError(400, 'resourceInUse', `Dataset ${projectId}:${datasetId} is still in use`);
      }
      await this.transaction(conn, async () => {
        await conn.run(`DROP SCHEMA IF EXISTS ${quoteIdent(schemaName(projectId, datasetId))} CASCADE`);
        await Catalog.removeDataset(conn, projectId, datasetId);
      });
      for (const t of tables) this.stats.drop(tableKey(t.ref));
      this.catalog.applyDatasetRemoval(projectId, datasetId);
    });
  }

  // ------------------------------------------------------------------ tables

  private requireTable(ref: TableRef): TableEntry {
    const t = this.catalog.table(ref);
    if (!t) {
      if (!this.catalog.dataset(ref.projectId, ref.datasetId)) throw notFoundDataset(ref.projectId, ref.datasetId);
      throw notFoundTable(ref);
    }
    return t;
  }

  /** Creates the DuckDB table and its catalog row; the caller holds the writer connection. */
  private async createTableOn(
    conn: DuckDBConnection,
    ref: TableRef,
    fields: Field[],
    resource: Record<string, unknown>,
  ): Promise<TableEntry> {
    if (!this.catalog.dataset(ref.projectId, ref.datasetId)) throw notFoundDataset(ref.projectId, ref.datasetId);
    if (this.catalog.table(ref)) throw new BigQueryError(409, 'duplicate', `Already Exists: Table ${displayName(ref)}`);
    const entry: TableEntry = { ref: { ...ref }, fields, resource: clone(resource), materialized: fields.length > 0 };
    await this.transaction(conn, async () => {
      if (entry.materialized) await conn.run(`CREATE TABLE ${physicalTable(ref)} (${duckColumnDefs(fields)})`);
      await Catalog.saveTable(conn, entry);
    });
    this.catalog.applyTable(entry);
    this.stats.setEmpty(tableKey(ref), fields);
    return entry;
  }

  async createTable(ref: TableRef, schema: TableSchema, resource: Record<string, unknown>): Promise<void> {
    const fields = normalizeSchema(schema);
    await this.db.write(async (conn) => {
      await this.createTableOn(conn, ref, fields, resource);
    });
  }

  async getTable(ref: TableRef): Promise<{ resource: Record<string, unknown>; schema: TableSchema } | undefined> {
    const t = this.catalog.table(ref);
    return t ? { resource: clone(t.resource), schema: { fields: toRestFields(t.fields) } } : undefined;
  }

  async listTables(
    projectId: string,
    datasetId: string,
  ): Promise<{ resource: Record<string, unknown>; schema: TableSchema }[]> {
    if (!this.catalog.dataset(projectId, datasetId)) throw notFoundDataset(projectId, datasetId);
    return this.catalog
      .tablesOf(projectId, datasetId)
      .sort((a, b) => (a.ref.tableId < b.ref.tableId ? -1 : 1))
      .map((t) => ({ resource: clone(t.resource), schema: { fields: toRestFields(t.fields) } }));
  }

  patchTable(ref: TableRef, schema: TableSchema | undefined, resource: Record<string, unknown>): Promise<void> {
    return this.db.write(async (conn) => {
      const t = this.requireTable(ref);
      const fields = schema ? normalizeSchema(schema) : t.fields;
      const ddl = schema ? schemaChanges(t, fields) : [];
      const entry: TableEntry = {
        ref: t.ref,
        fields,
        resource: clone(resource),
        materialized: t.materialized || fields.length > 0,
      };
      await this.transaction(conn, async () => {
        if (!t.materialized && fields.length > 0)
          await conn.run(`CREATE TABLE ${physicalTable(ref)} (${duckColumnDefs(fields)})`);
        else for (const stmt of ddl) await conn.run(stmt);
        await Catalog.saveTable(conn, entry);
      });
      this.catalog.applyTable(entry);
      this.stats.drop(tableKey(ref));
    });
  }

  deleteTable(ref: TableRef): Promise<void> {
    return this.db.write(async (conn) => {
      const t = this.requireTable(ref);
      await this.transaction(conn, async () => {
        if (t.materialized) await conn.run(`DROP TABLE IF EXISTS ${physicalTable(ref)}`);
        await Catalog.removeTable(conn, ref);
      });
      this.catalog.applyTableRemoval(ref);
      this.stats.drop(tableKey(ref));
    });
  }

  truncateTable(ref: TableRef): Promise<void> {
    return this.db.write(async (conn) => {
      const t = this.requireTable(ref);
      if (t.materialized) await conn.run(`DELETE FROM ${physicalTable(ref)}`);
      this.stats.setEmpty(tableKey(ref), t.fields);
    });
  }

  async tableStats(ref: TableRef): Promise<TableStats> {
    const t = this.requireTable(ref);
    const s = await this.sizes(t);
    let numBytes = 0;
    for (const b of s.bytes.values()) numBytes += b;
    return { numRows: s.rows, numBytes };
  }

  /**
   * Size totals of a table. Cached totals are read without queueing; a rescan runs on the
   * writer lane so that it cannot interleave with an append whose sizes it would miss.
   */
  private sizes(t: TableEntry): Promise<ColumnSizes> {
    const key = tableKey(t.ref);
    const hit = this.stats.peek(key);
    return hit ? Promise.resolve(hit) : this.db.write((conn) => this.stats.get(key, t, conn));
  }

  // ------------------------------------------------------------------ rows

  private converterFor(t: TableEntry, options: InsertOptions): RowConverter {
    let byOpts = this.converters.get(t.fields);
    if (!byOpts) {
      byOpts = new Map();
      this.converters.set(t.fields, byOpts);
    }
    const key = options.ignoreUnknownValues ? 'ignore' : 'strict';
    let c = byOpts.get(key);
    if (!c) {
      c = compileRowConverter(t.fields, { ignoreUnknownValues: options.ignoreUnknownValues ?? false });
      byOpts.set(key, c);
    }
    return c;
  }

  async insertRows(ref: TableRef, rows: Record<string, unknown>[], options: InsertOptions): Promise<InsertResult> {
    const t = this.requireTable(ref);
    const convert = this.converterFor(t, options);
    const good: ConvertedRow[] = [];
    const goodIndex: number[] = [];
    const insertErrors: { index: number; errors: ErrorProto[] }[] = [];
    rows.forEach((row, index) => {
      const r = convert(row);
      if (Array.isArray(r)) insertErrors.push({ index, errors: r });
      else {
        good.push(r);
        goodIndex.push(index);
      }
    });
    if (insertErrors.length > 0 && !options.skipInvalidRows) {
      // BigQuery stores nothing from the request and marks the valid rows as "stopped".
      for (const index of goodIndex)
        insertErrors.push({ index, errors: [{ reason: 'stopped', location: '', message: '' }] });
      insertErrors.sort((a, b) => a.index - b.index);
      return { insertErrors, inserted: 0 };
    }
    if (good.length > 0) {
      if (!t.materialized) throw new BigQueryError(400, 'invalid', `Table ${displayName(ref)} has no schema`);
      await this.db.write(async (conn) => {
        const current = this.requireTable(ref);
        if (current.fields !== t.fields)
          throw new BigQueryError(400, 'invalid', `Schema of ${displayName(ref)} changed during the insert; retry`);
        await appendRows(
          conn,
          ref,
          t.fields,
          good.map((g) => g.values),
        ).catch((e: unknown) => {
          throw new BigQueryError(
            400,
            'invalid',
            `Insert into ${displayName(ref)} failed: ${e instanceof Error ? e.message : String(e)}`,
          );
        });
        const columnBytes = t.fields.map((_, i) => good.reduce((acc, g) => acc + (g.sizes[i] ?? 0), 0));
        this.stats.add(tableKey(ref), t.fields, good.length, columnBytes);
      });
    }
    return { insertErrors, inserted: good.length };
  }

  async listRows(
    ref: TableRef,
    options: ListRowsOptions,
  ): Promise<{ rows: RestRow[]; totalRows: number; schema: TableSchema }> {
    const t = this.requireTable(ref);
    let fields = t.fields;
    if (options.selectedFields && options.selectedFields.length > 0) {
      const wanted = new Set(options.selectedFields.map((s) => (s.split('.')[0] ?? s).trim().toLowerCase()));
      fields = t.fields.filter((f) => wanted.has(f.name.toLowerCase()));
    }
    const schema = { fields: toRestFields(fields) };
    // The table may be deleted while this read waits for DuckDB: answer as BigQuery would.
    const { rows: total } = await this.sizes(t).catch((e: unknown) => {
      throw fromDuckDb(e, [ref]);
    });
    if (!t.materialized || fields.length === 0) return { rows: [], totalRows: total, schema };
    const start = Math.max(0, Math.floor(options.startIndex ?? 0));
    const limit = options.maxResults === undefined ? undefined : Math.max(0, Math.floor(options.maxResults));
    const cols = fields.map((f) => quoteIdent(f.name)).join(', ');
    const sql = `SELECT ${cols} FROM ${physicalTable(ref)}${limit !== undefined ? ` LIMIT ${limit}` : ''} OFFSET ${start}`;
    const enc = await this.db
      .read((conn) => runAndEncode(conn, sql, [], [], { useInt64Timestamp: options.useInt64Timestamp ?? false }))
      .catch((e: unknown) => {
        throw fromDuckDb(e, [ref]);
      });
    return { rows: enc.rows, totalRows: total, schema };
  }

  // ------------------------------------------------------------------ queries

  /**
   * Bytes a statement scans per referenced table (emulator/billing decides which partitions):
   * the referenced columns' logical bytes, over the whole table or the pruned partitions.
   */
  private async bytesProcessed(st: Statement, sql: string, options: QueryOptions): Promise<number[]> {
    const tables = new Map(
      [...st.tables].map(([k, v]) => [k, { ref: v.ref, columns: v.fields.map((f) => f.name) }] as const),
    );
    const plan = planScans({
      sql,
      tables,
      scans: st.scans,
      specOf: (key) => {
        const t = this.catalog.tables.get(key);
        return t ? partitionSpecOf(t.resource, (name) => findField(t.fields, name)?.type) : null;
      },
      queryParameters: options.queryParameters,
      parameterMode: options.parameterMode,
      nowMicros: BigInt(Date.now()) * 1000n,
    });
    const out: number[] = [];
    for (const p of plan) {
      const t = this.catalog.table(p.ref);
      if (!t) continue;
      const whole = st.wholeTables.has(p.key);
      const fields = t.fields.filter((f) => whole || st.identifiers.has(f.name.toLowerCase()));
      if (p.span === null || fields.length === 0 || !t.materialized) {
        out.push(0);
      } else if (p.span === 'all' || !p.spec) {
        const s = await this.sizes(t);
        out.push(fields.reduce((sum, f) => sum + (s.bytes.get(f.name.toLowerCase()) ?? 0), 0));
      } else {
        out.push(await this.spanBytes(t, p.spec, p.span, fields));
      }
    }
    return out;
  }

  /** Bytes of `fields` in the partitions of `span`, from per-partition totals computed once per table version. */
  private async spanBytes(
    t: TableEntry,
    spec: PartitionSpec,
    span: ValueRange,
    fields: readonly Field[],
  ): Promise<number> {
    const key = tableKey(t.ref);
    const totals = await this.sizes(t);
    let cached = this.partitionBytes.get(key);
    if (!cached || cached.totals !== totals || cached.rows !== totals.rows || cached.column !== spec.column) {
      const q = partitionBytesSql(t.ref, spec, t.fields);
      const rows = await this.db.read(async (conn) => (await conn.runAndReadAll(q)).getRowsJS());
      cached = {
        totals,
        rows: totals.rows,
        column: spec.column,
        parts: rows.map((r) => [
          BigInt(r[0] as bigint | number),
          new Map(t.fields.map((f, i) => [f.name.toLowerCase(), Number(r[i + 1] ?? 0)])),
        ]),
      };
      this.partitionBytes.set(key, cached);
    }
    let sum = 0;
    for (const [start, bytes] of cached.parts) {
      if (span.lo !== undefined && start < span.lo) continue;
      if (span.hi !== undefined && start >= span.hi) continue;
      for (const f of fields) sum += bytes.get(f.name.toLowerCase()) ?? 0;
    }
    return sum;
  }

  private refsOf(st: Statement): TableRef[] {
    return [...st.tables.values()].map(({ ref }) => ({ ...ref }));
  }

  async query(sql: string, options: QueryOptions): Promise<QueryResult> {
    const translateOpts = {
      defaultProjectId: options.defaultProjectId,
      ...(options.defaultDataset ? { defaultDataset: options.defaultDataset } : {}),
      ...(options.parameterMode ? { parameterMode: options.parameterMode } : {}),
      ...(options.queryParameters ? { queryParameters: options.queryParameters } : {}),
    };
    const st = parseStatement(sql, translateOpts, this.lookup());
    const wire = { useInt64Timestamp: options.useInt64Timestamp ?? false };
    const values = st.binder.values;
    const types = st.binder.types;
    const base: { rows: RestRow[]; totalRows: number; referencedTables: TableRef[]; bytesPerTable?: number[] } = {
      rows: [],
      totalRows: 0,
      referencedTables: this.refsOf(st),
    };
    try {
      switch (st.kind) {
        case 'select': {
          const perTable = await this.bytesProcessed(st, sql, options);
          const bytes = sum(perTable);
          base.bytesPerTable = perTable;
          if (options.dryRun) {
            const fields = await this.db.read((conn) => describe(conn, st.sql, values, types));
            return { ...base, statementType: 'SELECT', schema: { fields }, totalBytesProcessed: bytes };
          }
          const enc = await this.db.read((conn) => runAndEncode(conn, st.sql, values, types, wire));
          return {
            ...base,
            statementType: 'SELECT',
            schema: { fields: enc.schema },
            rows: enc.rows,
            totalRows: enc.rows.length,
            totalBytesProcessed: bytes,
          };
        }
        case 'dml': {
          const perTable = await this.bytesProcessed(st, sql, options);
          const bytes = sum(perTable);
          base.bytesPerTable = perTable;
          if (options.dryRun) {
            await this.db.read((conn) => describe(conn, st.sql, values, types));
            return { ...base, statementType: st.statementType, totalBytesProcessed: bytes };
          }
          const changed = await this.db.write(async (conn) => {
            const r = values.length > 0 ? await conn.run(st.sql, values, types) : await conn.run(st.sql);
            this.stats.drop(tableKey(st.target));
            return r.rowsChanged;
          });
          return { ...base, statementType: st.statementType, numDmlAffectedRows: changed, totalBytesProcessed: bytes };
        }
        default:
          return await this.ddl(st, options, base);
      }
    } catch (e) {
      throw fromDuckDb(
        e,
        [...st.tables.values()].map((t) => t.ref),
      );
    }
  }

  async selectChunks(sql: string, options: QueryOptions, onChunk: (chunk: ResultChunk) => void): Promise<void> {
    const st = parseStatement(
      sql,
      {
        defaultProjectId: options.defaultProjectId,
        ...(options.defaultDataset ? { defaultDataset: options.defaultDataset } : {}),
        ...(options.parameterMode ? { parameterMode: options.parameterMode } : {}),
        ...(options.queryParameters ? { queryParameters: options.queryParameters } : {}),
      },
      this.lookup(),
    );
    if (st.kind !== 'select') throw new BigQueryError(400, 'invalidQuery', 'selectChunks runs SELECT statements only');
    const { values, types } = st.binder;
    try {
      await this.db.read(async (conn) => {
        const result = values.length > 0 ? await conn.run(st.sql, values, types) : await conn.run(st.sql);
        const colTypes = result.columnTypes();
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          onChunk({ types: colTypes, columns: chunk.getColumns(), rowCount: chunk.rowCount });
        }
      });
    } catch (e) {
      throw fromDuckDb(
        e,
        [...st.tables.values()].map((t) => t.ref),
      );
    }
  }

  private async ddl(
    st: Statement,
    options: QueryOptions,
    base: { rows: RestRow[]; totalRows: number; referencedTables: TableRef[] },
  ): Promise<QueryResult> {
    const dry = options.dryRun ?? false;
    switch (st.kind) {
      case 'createTable': {
        const result = {
          ...base,
          statementType: 'CREATE_TABLE' as const,
          totalBytesProcessed: 0,
          referencedTables: [],
        };
        const exists = this.catalog.table(st.ref) !== undefined;
        if (dry) {
          if (st.asSelect !== undefined)
            await this.db.read((conn) => describe(conn, st.asSelect as string, st.binder.values, st.binder.types));
          return result;
        }
        if (exists && st.ifNotExists) return result;
        if (exists && !st.orReplace)
          throw new BigQueryError(409, 'duplicate', `Already Exists: Table ${displayName(st.ref)}`);
        await this.db.write(async (conn) => {
          const old = this.catalog.table(st.ref);
          let fields = st.fields;
          if (st.asSelect !== undefined && !fields) {
            const described = await describe(conn, st.asSelect, st.binder.values, st.binder.types);
            fields = normalizeSchema({ fields: described });
          }
          const resource = old?.resource ?? {
            tableReference: { ...st.ref },
            type: 'TABLE',
            creationTime: String(Date.now()),
          };
          if (old) {
            await this.transaction(conn, async () => {
              if (old.materialized) await conn.run(`DROP TABLE ${physicalTable(st.ref)}`);
              await Catalog.removeTable(conn, st.ref);
            });
            this.catalog.applyTableRemoval(st.ref);
          }
          await this.createTableOn(conn, st.ref, fields ?? [], resource);
          if (st.asSelect !== undefined) {
            const target = fields ?? [];
            const cols = target.map((f) => quoteIdent(f.name)).join(', ');
            const sql = `INSERT INTO ${physicalTable(st.ref)} (${cols}) SELECT * FROM (${st.asSelect})`;
            if (st.binder.values.length > 0) await conn.run(sql, st.binder.values, st.binder.types);
            else await conn.run(sql);
            this.stats.drop(tableKey(st.ref));
          }
        });
        return result;
      }
      case 'dropTable': {
        const result = { ...base, statementType: 'DROP_TABLE' as const, totalBytesProcessed: 0 };
        if (!this.catalog.table(st.ref)) {
          if (st.ifExists) return result;
          throw notFoundTable(st.ref);
        }
        if (!dry) await this.deleteTable(st.ref);
        return result;
      }
      case 'truncate': {
        if (!dry) await this.truncateTable(st.ref);
        return { ...base, statementType: 'TRUNCATE_TABLE', totalBytesProcessed: 0 };
      }
      case 'createSchema': {
        const result = { ...base, statementType: 'CREATE_SCHEMA', totalBytesProcessed: 0 };
        if (this.catalog.dataset(st.projectId, st.datasetId)) {
          if (st.ifNotExists) return result;
          throw new BigQueryError(409, 'duplicate', `Already Exists: Dataset ${st.projectId}:${st.datasetId}`);
        }
        if (!dry) {
          await this.createDataset(st.projectId, st.datasetId, {
            datasetReference: { projectId: st.projectId, datasetId: st.datasetId },
            location: 'US',
            creationTime: String(Date.now()),
          });
        }
        return result;
      }
      case 'dropSchema': {
        const result = { ...base, statementType: 'DROP_SCHEMA', totalBytesProcessed: 0 };
        if (!this.catalog.dataset(st.projectId, st.datasetId)) {
          if (st.ifExists) return result;
          throw notFoundDataset(st.projectId, st.datasetId);
        }
        if (!dry) await this.deleteDataset(st.projectId, st.datasetId, st.cascade);
        return result;
      }
      case 'addColumns': {
        const t = this.requireTable(st.ref);
        const added = st.fields.filter((f) => !(st.ifNotExists && findField(t.fields, f.name)));
        for (const f of added) {
          if (findField(t.fields, f.name))
            throw new BigQueryError(400, 'invalidQuery', `Column already exists: ${f.name}`);
          if (f.mode === 'REQUIRED')
            throw new BigQueryError(400, 'invalidQuery', `Cannot add a REQUIRED column: ${f.name}`);
        }
        if (!dry && added.length > 0) {
          await this.patchTable(st.ref, { fields: toRestFields([...t.fields, ...added]) }, t.resource);
        }
        return { ...base, statementType: 'ALTER_TABLE', totalBytesProcessed: 0 };
      }
      default:
        throw new BigQueryError(400, 'invalidQuery', 'Unsupported statement');
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/**
 * DDL for a schema patch, enforcing BigQuery's rules: existing fields keep their type, may
 * relax REQUIRED -> NULLABLE, and new fields (also inside RECORDs) must not be REQUIRED.
 */
function schemaChanges(t: TableEntry, next: Field[]): string[] {
  const table = physicalTable(t.ref);
  const out: string[] = [];
  const fail = (msg: string): never => {
    throw new BigQueryError(400, 'invalid', `Provided Schema does not match Table ${displayName(t.ref)}. ${msg}`);
  };
  const walk = (old: readonly Field[], neu: readonly Field[], path: string[]): void => {
    for (const o of old) {
      const name = [...path, o.name].join('.');
      const n = findField(neu, o.name) ?? fail(`Field ${name} is missing in new schema`);
      if (n.type !== o.type) fail(`Field ${name} has changed type from ${o.type} to ${n.type}`);
      if (n.mode !== o.mode) {
        if (o.mode === 'REQUIRED' && n.mode === 'NULLABLE') {
          if (path.length === 0) out.push(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(o.name)} DROP NOT NULL`);
        } else fail(`Field ${name} has changed mode from ${o.mode} to ${n.mode}`);
      }
      if (o.type === 'STRUCT') walk(o.fields, n.fields, [...path, o.name]);
    }
    for (const n of neu) {
      if (findField(old, n.name)) continue;
      const name = [...path, n.name].join('.');
      if (n.mode === 'REQUIRED') fail(`Cannot add required field ${name}`);
      out.push(`ALTER TABLE ${table} ADD COLUMN ${[...path, n.name].map(quoteIdent).join('.')} ${duckType(n)}`);
    }
  };
  walk(t.fields, next, []);
  return out;
}

export async function createDuckDbEngine(options: DuckDbEngineOptions = {}): Promise<Engine> {
  const db = await Db.open(options.dataFile);
  registerUdfs(db.setupConnection);
  const catalog = await db.write((conn) => Catalog.load(conn));
  return new DuckDbEngine(db, catalog);
}

export { BigQueryError } from './contract.js';
