import { concat, defer, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { BatchCommit } from '../sink/batch-sink.js';
import { NO_STATS, addPage, emptyTotals, type SyncTotals } from '../stats/sync-totals.js';
import type { ConvertedPage } from './convert-rows.js';

export interface BatchTarget {
  tableId: string;
  unit: string;
  targetTable: string;
}

/** A converted page plus the commit that carries it and its checkpoint. */
export interface PendingBatch<Row> extends ConvertedPage<Row> {
  readonly commit: BatchCommit | undefined;
  /** Totals after this page (rows written, read costs), whether or not it commits. */
  readonly totals: SyncTotals;
}

/** Where the counters of one pipeline run start: the committed checkpoint's. */
export interface BatchCountersStart {
  rowsIngested: number;
  totals: SyncTotals;
}

/** How often idle polls' counters are written at most, by default. */
export const COUNTERS_FLUSH_MS = 60_000;

export interface BatchCommitOptions {
  /**
   * An idle table's query counters (queries, bytes) are written with a checkpoint-only
   * commit at most this often (ms) when they changed; default 60 s. 0 writes on every poll.
   */
  countersFlushMs?: number;
}

/**
 * Attaches the checkpoint each page will commit with its rows. An empty page that does not
 * move the cursor commits nothing (steady polling must not write on every tick); its read's
 * cost is carried in `totals` and reaches the checkpoint with the next commit, or, for a table
 * that stays idle, with a checkpoint-only commit (no records, same cursor) at most every
 * `countersFlushMs`, and once more when the pages complete (a clean stop or pause), so a
 * restart after a long idle period keeps the idle polls' counts. A crash loses at most the
 * last `countersFlushMs` of them. A table that never returned a row has no cursor to write
 * a checkpoint with: its counters live until the first row.
 * Counters live per subscription: each run starts again from `start`.
 */
export function toBatchCommits<Row>(
  target: BatchTarget,
  start: BatchCountersStart | number,
  now: () => number,
  options: BatchCommitOptions = {},
): OperatorFunction<ConvertedPage<Row>, PendingBatch<Row>> {
  const flushMs = options.countersFlushMs ?? COUNTERS_FLUSH_MS;
  return (pages) =>
    defer(() => {
      const from = typeof start === 'number' ? { rowsIngested: start, totals: undefined } : start;
      let rowsIngested = from.rowsIngested;
      let totals: SyncTotals | undefined = from.totals;
      let lastPhase: string | undefined;
      // Totals not yet in a commit, and when the last commit was attached.
      let unsaved = false;
      let lastCommitAt = now();
      let last: PendingBatch<Row> | undefined;

      const checkpointCommit = (converted: ConvertedPage<Row>, at: number): BatchCommit => ({
        ...target,
        records: converted.records,
        skipped: converted.skipped,
        checkpoint: {
          tableId: target.tableId,
          unit: target.unit,
          cursor: converted.page.cursor!,
          rowsIngested,
          phase: converted.page.phase,
          batchSize: converted.page.request.limit,
          lastSyncTime: new Date(at),
          ...(totals ? { totals } : {}),
        },
      });

      const attach = (converted: ConvertedPage<Row>): PendingBatch<Row> => {
        const { page } = converted;
        const at = now();
        const stats = page.stats ?? NO_STATS;
        // Every record of every page is written (lookback rows are upserted again).
        totals = addPage(totals ?? emptyTotals(at), converted.records.length, stats, at);
        if (stats.jobs > 0 || stats.bytesProcessed > 0 || stats.bytesBilled > 0) unsaved = true;
        const phaseChanged = lastPhase !== undefined && lastPhase !== page.phase;
        lastPhase = page.phase;
        const idle = page.rows.length === 0 && !phaseChanged;
        const flushCounters = idle && unsaved && at - lastCommitAt >= flushMs;
        if (!page.cursor || (idle && !flushCounters)) {
          last = { ...converted, commit: undefined, totals };
          return last;
        }
        // rowsIngested counts new source rows: lookback re-reads are not counted again.
        if (!page.lookback) rowsIngested += page.rows.length;
        unsaved = false;
        lastCommitAt = at;
        last = { ...converted, commit: checkpointCommit(converted, at), totals };
        return last;
      };

      // On completion: the counters of the idle polls since the last commit, with nothing
      // else changed. The page is the last one again with no cost of its own (it was counted).
      const finalFlush = (): Observable<PendingBatch<Row>> =>
        defer(() => {
          if (!unsaved || !last?.page.cursor) return of();
          const page = { ...last.page, rows: [], stats: NO_STATS };
          const converted: ConvertedPage<Row> = { ...last, page, records: [], skipped: [] };
          unsaved = false;
          return of({ ...converted, commit: checkpointCommit(converted, now()), totals: totals! });
        });

      return concat(pages.pipe(map(attach)), finalFlush());
    });
}
