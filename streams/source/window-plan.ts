/**
 * How far one window query reaches. BigQuery bills a query for the partitions it scans, so a
 * window is a run of whole partitions starting at the cursor's, as many as fit a byte budget
 * (at least one). A table not partitioned on the timestamp column is scanned whole by any
 * query, so its whole backlog is one window. Partition boundaries are UTC, as in BigQuery.
 */
export type PartitionUnit = 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

const HOUR_US = 3_600_000_000n;
const DAY_US = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** First microsecond of the partition `n` partitions after the one holding `micros`. */
export function partitionStartAfter(unit: PartitionUnit, micros: bigint, n: number): bigint {
  if (unit === 'HOUR') return (floorDiv(micros, HOUR_US) + BigInt(n)) * HOUR_US;
  if (unit === 'DAY') return (floorDiv(micros, DAY_US) + BigInt(n)) * DAY_US;
  const d = new Date(Number(floorDiv(micros, DAY_US) * DAY_US) / 1000);
  const months = unit === 'YEAR' ? 12 * n : n;
  const ms = Date.UTC(d.getUTCFullYear(), (unit === 'YEAR' ? 0 : d.getUTCMonth()) + months, 1);
  return BigInt(ms) * 1000n;
}

/** Partitions touched by [lo, hi] (both inclusive), at least 1. */
export function partitionsSpanned(unit: PartitionUnit, lo: bigint, hi: bigint): number {
  if (hi <= lo) return 1;
  if (unit === 'HOUR' || unit === 'DAY') {
    const size = unit === 'HOUR' ? HOUR_US : DAY_US;
    return Number(floorDiv(hi, size) - floorDiv(lo, size)) + 1;
  }
  const a = new Date(Number(lo / 1000n));
  const b = new Date(Number(hi / 1000n));
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  return (unit === 'YEAR' ? b.getUTCFullYear() - a.getUTCFullYear() : months) + 1;
}

export interface WindowInput {
  unit: PartitionUnit;
  /** Lowest timestamp the window must read (the cursor's, or the table's first). */
  lowerMicros: bigint;
  /** The read's upper bound (inclusive). */
  upperMicros: bigint;
  /** Bytes a query over [lower, upper] would scan (a dry run's estimate). */
  backlogBytes: number;
  /** Bytes one window may scan. */
  budgetBytes: number;
}

/**
 * Inclusive upper bound of the window starting at `lowerMicros`: whole partitions, as many as
 * the budget allows if the backlog's bytes were spread evenly over its partitions.
 */
export function windowUpper(w: WindowInput): bigint {
  if (w.backlogBytes <= w.budgetBytes || w.upperMicros <= w.lowerMicros) return w.upperMicros;
  const partitions = partitionsSpanned(w.unit, w.lowerMicros, w.upperMicros);
  const fit = Math.max(1, Math.floor((partitions * w.budgetBytes) / w.backlogBytes));
  if (fit >= partitions) return w.upperMicros;
  const end = partitionStartAfter(w.unit, w.lowerMicros, fit) - 1n;
  return end < w.upperMicros ? end : w.upperMicros;
}
