/** Where BigQuery objects live inside DuckDB, and DuckDB literal spelling. */
import type { TableRef } from '../engine/contract.js';
import { quoteIdent } from '../types/schema.js';

/**
 * One DuckDB schema per dataset, named "<project>.<dataset>": dataset ids cannot contain
 * dots, so the name splits back unambiguously, and several projects can coexist.
 */
export function schemaName(projectId: string, datasetId: string): string {
  return `${projectId}.${datasetId}`;
}

export function physicalTable(ref: TableRef): string {
  return quoteIdent(schemaName(ref.projectId, ref.datasetId)) + '.' + quoteIdent(ref.tableId);
}

export function tableKey(ref: TableRef): string {
  return `${ref.projectId}\u0000${ref.datasetId}\u0000${ref.tableId}`;
}

/** BigQuery's spelling in messages: project:dataset.table. */
export function displayName(ref: TableRef): string {
  return `${ref.projectId}:${ref.datasetId}.${ref.tableId}`;
}

export function sqlString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}
