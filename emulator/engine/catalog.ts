/**
 * Dataset and table metadata. Kept in memory for fast lookups during SQL translation and
 * persisted in the same DuckDB database (schema __bq_meta) so a file-backed engine comes back
 * with its datasets, schemas and table resources after a restart. Persisting happens inside
 * the caller's DuckDB transaction, next to the DDL it describes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableRef } from './contract.js';
import { tableKey } from '../sql/naming.js';
import type { Field } from '../types/schema.js';

export interface DatasetEntry {
  projectId: string;
  datasetId: string;
  resource: Record<string, unknown>;
}

export interface TableEntry {
  ref: TableRef;
  fields: Field[];
  resource: Record<string, unknown>;
  /** False while the table has no columns (DuckDB cannot hold a zero-column table). */
  materialized: boolean;
}

const META = '__bq_meta';

export function datasetKey(projectId: string, datasetId: string): string {
  return `${projectId}\u0000${datasetId}`;
}

export class Catalog {
  readonly datasets = new Map<string, DatasetEntry>();
  readonly tables = new Map<string, TableEntry>();

  static async load(conn: DuckDBConnection): Promise<Catalog> {
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${META}`);
    await conn.run(
      `CREATE TABLE IF NOT EXISTS ${META}.datasets (project VARCHAR, dataset VARCHAR, resource VARCHAR, PRIMARY KEY (project, dataset))`,
    );
    await conn.run(
      `CREATE TABLE IF NOT EXISTS ${META}.tables (project VARCHAR, dataset VARCHAR, table_id VARCHAR, fields VARCHAR, resource VARCHAR, materialized BOOLEAN, PRIMARY KEY (project, dataset, table_id))`,
    );
    const c = new Catalog();
    const ds = await conn.runAndReadAll(`SELECT project, dataset, resource FROM ${META}.datasets`);
    for (const [p, d, r] of ds.getRowsJS() as [string, string, string][]) {
      c.datasets.set(datasetKey(p, d), {
        projectId: p,
        datasetId: d,
        resource: JSON.parse(r) as Record<string, unknown>,
      });
    }
    const ts = await conn.runAndReadAll(
      `SELECT project, dataset, table_id, fields, resource, materialized FROM ${META}.tables`,
    );
    for (const [p, d, t, f, r, m] of ts.getRowsJS() as [string, string, string, string, string, boolean][]) {
      const ref = { projectId: p, datasetId: d, tableId: t };
      c.tables.set(tableKey(ref), {
        ref,
        fields: JSON.parse(f) as Field[],
        resource: JSON.parse(r) as Record<string, unknown>,
        materialized: m,
      });
    }
    return c;
  }

  dataset(projectId: string, datasetId: string): DatasetEntry | undefined {
    return this.datasets.get(datasetKey(projectId, datasetId));
  }

  table(ref: TableRef): TableEntry | undefined {
    return this.tables.get(tableKey(ref));
  }

  tablesOf(projectId: string, datasetId: string): TableEntry[] {
    return [...this.tables.values()].filter((t) => t.ref.projectId === projectId && t.ref.datasetId === datasetId);
  }

  // Persistence: run on the writer connection inside the caller's transaction; apply the
  // in-memory change with the matching `apply*` only after COMMIT succeeded.

  static async saveDataset(conn: DuckDBConnection, e: DatasetEntry): Promise<void> {
    await conn.run(`INSERT OR REPLACE INTO ${META}.datasets VALUES ($1, $2, $3)`, [
      e.projectId,
      e.datasetId,
      JSON.stringify(e.resource),
    ]);
  }

  static async removeDataset(conn: DuckDBConnection, projectId: string, datasetId: string): Promise<void> {
    await conn.run(`DELETE FROM ${META}.tables WHERE project = $1 AND dataset = $2`, [projectId, datasetId]);
    await conn.run(`DELETE FROM ${META}.datasets WHERE project = $1 AND dataset = $2`, [projectId, datasetId]);
  }

  static async saveTable(conn: DuckDBConnection, e: TableEntry): Promise<void> {
    await conn.run(`INSERT OR REPLACE INTO ${META}.tables VALUES ($1, $2, $3, $4, $5, $6)`, [
      e.ref.projectId,
      e.ref.datasetId,
      e.ref.tableId,
      JSON.stringify(e.fields),
      JSON.stringify(e.resource),
      e.materialized,
    ]);
  }

  static async removeTable(conn: DuckDBConnection, ref: TableRef): Promise<void> {
    await conn.run(`DELETE FROM ${META}.tables WHERE project = $1 AND dataset = $2 AND table_id = $3`, [
      ref.projectId,
      ref.datasetId,
      ref.tableId,
    ]);
  }

  applyDataset(e: DatasetEntry): void {
    this.datasets.set(datasetKey(e.projectId, e.datasetId), e);
  }

  applyDatasetRemoval(projectId: string, datasetId: string): void {
    this.datasets.delete(datasetKey(projectId, datasetId));
    for (const t of this.tablesOf(projectId, datasetId)) this.tables.delete(tableKey(t.ref));
  }

  applyTable(e: TableEntry): void {
    this.tables.set(tableKey(e.ref), e);
  }

  applyTableRemoval(ref: TableRef): void {
    this.tables.delete(tableKey(ref));
  }
}
