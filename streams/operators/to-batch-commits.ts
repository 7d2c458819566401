import { defer, map, type OperatorFunction } from 'rxjs';
import type { BatchCommit, BatchTarget, ConvertedPage, PendingBatch, SyncTotals } from '../model/index.js';
import { NO_STATS, addPage, emptyTotals } from '../stats/sync-totals.js';

export type { BatchTarget, PendingBatch };

/** Where the counters of one pipeline run start: the committed checkpoint's. */
export interface BatchCountersStart {
  rowsIngested: number;
  totals: SyncTotals;
}

/**
 * Attaches the checkpoint each page will commit with its rows. An empty page that does not
 * move the cursor commits nothing (steady polling must not write on every tick); its read's
 * cost is carried in `totals` and reaches the checkpoint with the next commit.
 * Counters live per subscription: each run starts again from `start`.
 */
export function toBatchCommits<Row>(
  target: BatchTarget,
  start: BatchCountersStart | number,
  now: () => number,
): OperatorFunction<ConvertedPage<Row>, PendingBatch<Row>> {
  return (pages) =>
    defer(() => {
      const from = typeof start === 'number' ? { rowsIngested: start, totals: undefined } : start;
      let rowsIngested = from.rowsIngested;
      let totals: SyncTotals | undefined = from.totals;
      let lastPhase: string | undefined;
      return pages.pipe(
        map((converted): PendingBatch<Row> => {
          const { page } = converted;
          const at = now();
          // Every record of every page is written (lookback rows are upserted again).
          totals = addPage(totals ?? emptyTotals(at), converted.records.length, page.stats ?? NO_STATS, at);
          const phaseChanged = lastPhase !== undefined && lastPhase !== page.phase;
          lastPhase = page.phase;
          if (!page.cursor || (page.rows.length === 0 && !phaseChanged))
            return { ...converted, commit: undefined, totals };
          // rowsIngested counts new source rows: lookback re-reads are not counted again.
          if (!page.lookback) rowsIngested += page.rows.length;
          const commit: BatchCommit = {
            ...target,
            records: converted.records,
            skipped: converted.skipped,
            checkpoint: {
              tableId: target.tableId,
              unit: target.unit,
              cursor: page.cursor,
              rowsIngested,
              phase: page.phase,
              batchSize: page.request.limit,
              lastSyncTime: new Date(at),
              totals,
            },
          };
          return { ...converted, commit, totals };
        }),
      );
    });
}
