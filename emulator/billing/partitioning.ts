/**
 * A table's time partitioning as BigQuery describes it in the table resource, and the
 * partition arithmetic pruning needs. Values of every partitioning type are handled as
 * "civil microseconds": TIMESTAMP as UTC micros since the epoch, DATETIME as its wall-clock
 * micros read as UTC, DATE as its midnight. Partition boundaries are UTC, as in BigQuery.
 */
import { civilFromDays, daysFromCivil, MICROS_PER_DAY } from '../types/datetime.js';

export type PartitionUnit = 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

export interface PartitionSpec {
  /** `column`: time-unit column partitioning; `ingestion`: _PARTITIONTIME. */
  kind: 'column' | 'ingestion';
  /** Partitioning column (for ingestion-time partitioning `_PARTITIONTIME`). */
  column: string;
  columnType: 'TIMESTAMP' | 'DATE' | 'DATETIME';
  unit: PartitionUnit;
  /** Queries must carry a filter on the column that can eliminate partitions. */
  requireFilter: boolean;
}

interface TimePartitioningResource {
  type?: unknown;
  field?: unknown;
  requirePartitionFilter?: unknown;
}

/**
 * Reads `timePartitioning` (and the table-level `requirePartitionFilter`, which replaced the
 * deprecated `timePartitioning.requirePartitionFilter`). `columnTypeOf` gives the stored type
 * of a column. Returns null for unpartitioned tables.
 */
export function partitionSpecOf(
  resource: Record<string, unknown>,
  columnTypeOf: (name: string) => string | undefined,
): PartitionSpec | null {
  const tp = resource.timePartitioning as TimePartitioningResource | undefined | null;
  if (!tp || typeof tp !== 'object') return null;
  const unit = (typeof tp.type === 'string' ? tp.type : 'DAY') as PartitionUnit;
  if (!['HOUR', 'DAY', 'MONTH', 'YEAR'].includes(unit)) return null;
  const requireFilter = resource.requirePartitionFilter === true || tp.requirePartitionFilter === true;
  if (typeof tp.field !== 'string' || tp.field === '') {
    return { kind: 'ingestion', column: '_PARTITIONTIME', columnType: 'TIMESTAMP', unit, requireFilter };
  }
  const type = columnTypeOf(tp.field);
  if (type !== 'TIMESTAMP' && type !== 'DATE' && type !== 'DATETIME') return null;
  return { kind: 'column', column: tp.field, columnType: type, unit, requireFilter };
}

const MICROS_PER_HOUR = 3_600_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** First microsecond of the partition holding `micros`. */
export function partitionStart(unit: PartitionUnit, micros: bigint): bigint {
  if (unit === 'HOUR') return floorDiv(micros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
  const days = Number(floorDiv(micros, MICROS_PER_DAY));
  if (unit === 'DAY') return BigInt(days) * MICROS_PER_DAY;
  const { year, month } = civilFromDays(days);
  return BigInt(daysFromCivil(year, unit === 'YEAR' ? 1 : month, 1)) * MICROS_PER_DAY;
}

/** First microsecond after the partition holding `micros`. */
export function partitionEnd(unit: PartitionUnit, micros: bigint): bigint {
  const start = partitionStart(unit, micros);
  if (unit === 'HOUR') return start + MICROS_PER_HOUR;
  if (unit === 'DAY') return start + MICROS_PER_DAY;
  const { year, month } = civilFromDays(Number(start / MICROS_PER_DAY));
  const next =
    unit === 'YEAR'
      ? daysFromCivil(year + 1, 1, 1)
      : daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  return BigInt(next) * MICROS_PER_DAY;
}

/** Inclusive bounds on the partitioning column's value; a missing side is unbounded. */
export interface ValueRange {
  lo?: bigint;
  hi?: bigint;
}

/** The scanned partitions for a range: [start, end) aligned to partition boundaries, or null when empty. */
export function partitionSpan(unit: PartitionUnit, range: ValueRange): ValueRange | null {
  if (range.lo !== undefined && range.hi !== undefined && range.lo > range.hi) return null;
  const out: ValueRange = {};
  if (range.lo !== undefined) out.lo = partitionStart(unit, range.lo);
  if (range.hi !== undefined) out.hi = partitionEnd(unit, range.hi);
  return out;
}
