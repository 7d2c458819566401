/**
 * SQL measuring the logical bytes of some columns within a partition span: what a pruned
 * scan is billed for. Bounds are written as typed literals so DuckDB can skip row groups by
 * their min/max, which keeps the measurement cheap for the recent partitions a poll reads.
 */
import { sizeExpr } from '../engine/stats.js';
import { physicalTable } from '../sql/naming.js';
import {
  formatDate,
  formatDatetime,
  MAX_TIMESTAMP_MICROS,
  MICROS_PER_DAY,
  MIN_TIMESTAMP_MICROS,
} from '../types/datetime.js';
import { quoteIdent, type Field } from '../types/schema.js';
import type { TableRef } from '../engine/contract.js';
import type { PartitionSpec, ValueRange } from './partitioning.js';

function literal(spec: PartitionSpec, micros: bigint): string {
  const m =
    micros < MIN_TIMESTAMP_MICROS
      ? MIN_TIMESTAMP_MICROS
      : micros > MAX_TIMESTAMP_MICROS
        ? MAX_TIMESTAMP_MICROS
        : micros;
  switch (spec.columnType) {
    case 'DATE':
      return `DATE '${formatDate(Number(m / MICROS_PER_DAY))}'`;
    case 'DATETIME':
      return `TIMESTAMP '${formatDatetime(m, ' ')}'`;
    default:
      return `TIMESTAMPTZ '${formatDatetime(m, ' ')}+00'`;
  }
}

/** One row: the summed logical bytes of each of `fields` over rows in [span.lo, span.hi). */
export function spanBytesSql(ref: TableRef, spec: PartitionSpec, span: ValueRange, fields: readonly Field[]): string {
  const col = quoteIdent(spec.column);
  const where: string[] = [];
  if (span.lo !== undefined) where.push(`${col} >= ${literal(spec, span.lo)}`);
  if (span.hi !== undefined) where.push(`${col} < ${literal(spec, span.hi)}`);
  if (where.length === 0) where.push(`${col} IS NOT NULL`);
  const sums = fields.map((f) => `CAST(coalesce(sum(${sizeExpr(f, quoteIdent(f.name))}), 0) AS BIGINT)`);
  return `SELECT ${sums.length > 0 ? sums.join(', ') : '0'} FROM ${physicalTable(ref)} WHERE ${where.join(' AND ')}`;
}
