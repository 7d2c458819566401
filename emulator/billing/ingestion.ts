/**
 * Ingestion-time partitioning: a table whose `timePartitioning` names no field is partitioned
 * by when rows arrive. BigQuery exposes that as the pseudo-columns `_PARTITIONTIME` (the
 * partition's first instant, a TIMESTAMP) and, for DAY partitioning, `_PARTITIONDATE` (its
 * DATE): they can be selected and filtered on by name, are not part of `SELECT *`, not in
 * the schema, and bill no bytes. Here `_PARTITIONTIME` is a stored DuckDB column (filled by
 * its DEFAULT when a row is written) that the SQL layer hides from star expansion.
 */
import type { PartitionUnit } from './partitioning.js';

export const PARTITIONTIME = '_PARTITIONTIME';
export const PARTITIONDATE = '_PARTITIONDATE';

/** The unit of a table partitioned by ingestion time, else null. */
export function ingestionUnit(resource: Record<string, unknown> | undefined): PartitionUnit | null {
  const tp = resource?.timePartitioning as { type?: unknown; field?: unknown } | undefined | null;
  if (!tp || typeof tp !== 'object') return null;
  if (typeof tp.field === 'string' && tp.field !== '') return null;
  const unit = typeof tp.type === 'string' ? tp.type : 'DAY';
  return unit === 'HOUR' || unit === 'DAY' || unit === 'MONTH' || unit === 'YEAR' ? unit : null;
}

/** The stored column's DuckDB definition: each write stamps its rows with its partition. */
export function ingestionColumnDef(unit: PartitionUnit): string {
  return `"${PARTITIONTIME}" TIMESTAMPTZ DEFAULT date_trunc('${unit.toLowerCase()}', current_timestamp)`;
}

/** A FROM item reading `physical` with both pseudo-columns (for a star, see `pseudoExclude`). */
export function withPseudoColumns(physical: string): string {
  return `(SELECT *, CAST("${PARTITIONTIME}" AS DATE) AS "${PARTITIONDATE}" FROM ${physical})`;
}

/** Names a star over such a table must leave out. */
export const PSEUDO_COLUMNS = [PARTITIONTIME, PARTITIONDATE] as const;

/** Whether a column name is one of the pseudo-columns (BigQuery names are case-insensitive). */
export function isPseudoColumn(name: string): boolean {
  const n = name.toUpperCase();
  return n === PARTITIONTIME || n === PARTITIONDATE;
}
