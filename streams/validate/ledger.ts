/**
 * What a table's validations have done, kept across restarts: the last run's status figures
 * and the BigQuery cost of every run (query jobs, bytes), in total and for the current UTC
 * day. The daily figures share the table's `sync.maxBytesBilledPerDay` with its reads.
 */
import type { PageStats, SyncTotals, UsageCounts, ValidationUsage } from '../model/index.js';
import { addPage, emptyTotals, todayOf } from '../stats/sync-totals.js';
import type { LastValidation } from './report.js';

/** One table's validation record as stored (SyncValidation in Harper). */
export interface StoredValidation {
  last: LastValidation | null;
  /** Cost of every validation run; `rowsWritten` stays 0 (repairs are counted in `last`). */
  totals: SyncTotals;
}

/** Where validation records live; without one they last as long as the process. */
export interface ValidationStore {
  read(tableId: string): Promise<StoredValidation | undefined>;
  write(tableId: string, record: StoredValidation): Promise<void>;
}

export type { ValidationUsage };

/** A table's validation state in memory: its record plus what this process added to it. */
export interface LedgerEntry extends StoredValidation {
  sinceStart: PageStats;
}

export function emptyEntry(nowMs: number, stored?: StoredValidation): LedgerEntry {
  return {
    last: stored?.last ?? null,
    totals: stored?.totals ?? emptyTotals(nowMs),
    sinceStart: { jobs: 0, bytesProcessed: 0, bytesBilled: 0 },
  };
}

/** The entry after a run with this last-run summary and this cost. */
export function recordRun(entry: LedgerEntry, last: LastValidation, cost: PageStats, nowMs: number): LedgerEntry {
  return {
    last,
    totals: addPage(entry.totals, 0, cost, nowMs),
    sinceStart: {
      jobs: entry.sinceStart.jobs + cost.jobs,
      bytesProcessed: entry.sinceStart.bytesProcessed + cost.bytesProcessed,
      bytesBilled: entry.sinceStart.bytesBilled + cost.bytesBilled,
    },
  };
}

export function usageOf(entry: LedgerEntry, nowMs: number): ValidationUsage {
  const today = todayOf(entry.totals, nowMs);
  return {
    queries: { sinceStart: entry.sinceStart.jobs, today: today.queries, total: entry.totals.queries },
    bytesProcessed: {
      sinceStart: entry.sinceStart.bytesProcessed,
      today: today.bytesProcessed,
      total: entry.totals.bytesProcessed,
    },
    bytesBilled: {
      sinceStart: entry.sinceStart.bytesBilled,
      today: today.bytesBilled,
      total: entry.totals.bytesBilled,
    },
  };
}

const add = (a: UsageCounts, b: UsageCounts): UsageCounts => ({
  sinceStart: a.sinceStart + b.sinceStart,
  today: a.today + b.today,
  total: a.total + b.total,
});

/**
 * A table's status with its validations counted in: `queries`, `bytesProcessed` and
 * `bytesBilled` become everything the table cost on BigQuery (reads and validations), and
 * `validation` shows the validation share on its own.
 */
export function withValidationUsage<
  S extends { queries: UsageCounts; bytesProcessed: UsageCounts; bytesBilled: UsageCounts },
>(status: S, usage: ValidationUsage | null): S & { validation: ValidationUsage | null } {
  if (!usage) return { ...status, validation: null };
  return {
    ...status,
    queries: add(status.queries, usage.queries),
    bytesProcessed: add(status.bytesProcessed, usage.bytesProcessed),
    bytesBilled: add(status.bytesBilled, usage.bytesBilled),
    validation: usage,
  };
}
