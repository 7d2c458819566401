/**
 * History of each table's throughput, lag and bytes billed, sampled every few seconds by the
 * node running the sync and stored in a Harper table (SyncHistorySample, expiring after an
 * hour), so every worker thread answers the same history and a page reload keeps it.
 */
import { interval, map, type Observable, type SchedulerLike, asyncScheduler } from 'rxjs';

/** How often the sync samples its tables, and how long samples are kept (schema expiration). */
export const HISTORY_PERIOD_MS = 5_000;
export const HISTORY_KEEP_MINUTES = 60;

/** One table at one moment. Numbers are null when the status did not report them. */
export interface HistorySample {
  id: string;
  tableId: string;
  /** Epoch milliseconds of the sample. */
  at: number;
  rowsPerSecond: number | null;
  lagMs: number | null;
  bytesBilledToday: number | null;
  rowsWritten: number | null;
}

/** The parts of a table's status a sample reads; newer fields may be absent on older statuses. */
export interface SampledStatus {
  tableId: string;
  lagMs?: number | null;
  rowsPerSecond?: number;
  rowsPerSecond10s?: number;
  rowsCommitted?: number;
  rowsWritten?: number;
  bytesBilled?: { today?: number } | null;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Pure: the sample of one status at `at`. */
export function historySample(status: SampledStatus, at: number): HistorySample {
  return {
    id: `${status.tableId}@${at}`,
    tableId: status.tableId,
    at,
    rowsPerSecond: finite(status.rowsPerSecond10s) ?? finite(status.rowsPerSecond),
    lagMs: finite(status.lagMs),
    bytesBilledToday: finite(status.bytesBilled?.today),
    rowsWritten: finite(status.rowsWritten) ?? finite(status.rowsCommitted),
  };
}

/**
 * Every `periodMs` (on `scheduler`), the samples of all tables' current statuses.
 * The clock is the scheduler's, so a virtual scheduler drives it in tests.
 */
export function historySamples(
  statuses: () => readonly SampledStatus[],
  periodMs: number = HISTORY_PERIOD_MS,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<HistorySample[]> {
  return interval(periodMs, scheduler).pipe(
    map(() => {
      const at = scheduler.now();
      return statuses().map((status) => historySample(status, at));
    }),
  );
}

/** Pure: one table's samples no older than `minutes` before `now`, oldest first. */
export function historyWindow(
  samples: Iterable<HistorySample>,
  tableId: string | undefined,
  minutes: number,
  now: number,
): HistorySample[] {
  const since = now - minutes * 60_000;
  const selected: HistorySample[] = [];
  for (const sample of samples) {
    if (sample.at < since || sample.at > now) continue;
    if (tableId !== undefined && sample.tableId !== tableId) continue;
    selected.push(sample);
  }
  return selected.sort((a, b) => a.at - b.at || a.tableId.localeCompare(b.tableId));
}

/** Parses `?minutes=`: 1..HISTORY_KEEP_MINUTES, default the whole hour; undefined when malformed. */
export function parseMinutes(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw === '') return HISTORY_KEEP_MINUTES;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) return undefined;
  return Math.min(minutes, HISTORY_KEEP_MINUTES);
}
