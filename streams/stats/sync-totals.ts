import type { PageStats, SyncTotals } from '../model/index.js';

export type { SyncTotals };

export const NO_STATS: PageStats = { jobs: 0, bytesProcessed: 0, bytesBilled: 0 };

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function emptyTotals(nowMs: number): SyncTotals {
  return {
    rowsWritten: 0,
    queries: 0,
    bytesProcessed: 0,
    bytesBilled: 0,
    day: utcDay(nowMs),
    queriesToday: 0,
    bytesProcessedToday: 0,
    bytesBilledToday: 0,
  };
}

/** Totals after one page: its rows written and its read's cost; today's counters restart at UTC midnight. */
export function addPage(totals: SyncTotals, rowsWritten: number, stats: PageStats, nowMs: number): SyncTotals {
  const day = utcDay(nowMs);
  const sameDay = day === totals.day;
  return {
    rowsWritten: totals.rowsWritten + rowsWritten,
    queries: totals.queries + stats.jobs,
    bytesProcessed: totals.bytesProcessed + stats.bytesProcessed,
    bytesBilled: totals.bytesBilled + stats.bytesBilled,
    day,
    queriesToday: (sameDay ? totals.queriesToday : 0) + stats.jobs,
    bytesProcessedToday: (sameDay ? totals.bytesProcessedToday : 0) + stats.bytesProcessed,
    bytesBilledToday: (sameDay ? totals.bytesBilledToday : 0) + stats.bytesBilled,
  };
}

/** Today's counters as of `nowMs` (zero once the stored day is over). */
export function todayOf(
  totals: SyncTotals,
  nowMs: number,
): { queries: number; bytesProcessed: number; bytesBilled: number } {
  if (utcDay(nowMs) !== totals.day) return { queries: 0, bytesProcessed: 0, bytesBilled: 0 };
  return {
    queries: totals.queriesToday,
    bytesProcessed: totals.bytesProcessedToday,
    bytesBilled: totals.bytesBilledToday,
  };
}
