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
    storageReadSessions: 0,
    storageReadStreams: 0,
    storageReadRows: 0,
    storageReadBytes: 0,
    storageReadBytesToday: 0,
  };
}

/** Totals after one page: its rows written and its read's cost; today's counters restart at UTC midnight. */
export function addPage(totals: SyncTotals, rowsWritten: number, stats: PageStats, nowMs: number): SyncTotals {
  const day = utcDay(nowMs);
  const sameDay = day === totals.day;
  const sr = stats.storageRead;
  return {
    rowsWritten: totals.rowsWritten + rowsWritten,
    queries: totals.queries + stats.jobs,
    bytesProcessed: totals.bytesProcessed + stats.bytesProcessed,
    bytesBilled: totals.bytesBilled + stats.bytesBilled,
    day,
    queriesToday: (sameDay ? totals.queriesToday : 0) + stats.jobs,
    bytesProcessedToday: (sameDay ? totals.bytesProcessedToday : 0) + stats.bytesProcessed,
    bytesBilledToday: (sameDay ? totals.bytesBilledToday : 0) + stats.bytesBilled,
    storageReadSessions: (totals.storageReadSessions ?? 0) + (sr?.sessions ?? 0),
    storageReadStreams: (totals.storageReadStreams ?? 0) + (sr?.streams ?? 0),
    storageReadRows: (totals.storageReadRows ?? 0) + (sr?.rowsRead ?? 0),
    storageReadBytes: (totals.storageReadBytes ?? 0) + (sr?.bytesRead ?? 0),
    storageReadBytesToday: (sameDay ? (totals.storageReadBytesToday ?? 0) : 0) + (sr?.bytesRead ?? 0),
  };
}

/** Today's counters as of `nowMs` (zero once the stored day is over). */
export function todayOf(
  totals: SyncTotals,
  nowMs: number,
): { queries: number; bytesProcessed: number; bytesBilled: number; storageReadBytes: number } {
  if (utcDay(nowMs) !== totals.day) return { queries: 0, bytesProcessed: 0, bytesBilled: 0, storageReadBytes: 0 };
  return {
    queries: totals.queriesToday,
    bytesProcessed: totals.bytesProcessedToday,
    bytesBilled: totals.bytesBilledToday,
    storageReadBytes: totals.storageReadBytesToday ?? 0,
  };
}

/** Two reads' cost together (Storage Read counts summed when either has them). */
export function addStats(a: PageStats, b: PageStats): PageStats {
  const x = a.storageRead;
  const y = b.storageRead;
  return {
    jobs: a.jobs + b.jobs,
    bytesProcessed: a.bytesProcessed + b.bytesProcessed,
    bytesBilled: a.bytesBilled + b.bytesBilled,
    ...(x || y
      ? {
          storageRead: {
            sessions: (x?.sessions ?? 0) + (y?.sessions ?? 0),
            streams: (x?.streams ?? 0) + (y?.streams ?? 0),
            rowsRead: (x?.rowsRead ?? 0) + (y?.rowsRead ?? 0),
            bytesRead: (x?.bytesRead ?? 0) + (y?.bytesRead ?? 0),
          },
        }
      : {}),
  };
}
