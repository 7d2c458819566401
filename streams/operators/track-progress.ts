import { defer, map, type OperatorFunction } from 'rxjs';
import type { CommittedBatch, Progress } from '../model/index.js';
import { RateWindow } from '../stats/rate-window.js';
import { NO_STATS } from '../stats/sync-totals.js';

export type { Progress };

/** Checkpoint tap: running totals and a wall-time rate, kept per subscription. */
export function trackProgress<Row>(windowMs = 10_000): OperatorFunction<CommittedBatch<Row>, Progress> {
  return (batches) =>
    defer(() => {
      let window: RateWindow | undefined;
      let rowsCommitted = 0;
      let skippedCommitted = 0;
      return batches.pipe(
        map((batch): Progress => {
          const page = batch.page;
          window ??= new RateWindow(page.fetchedAtMs - page.latencyMs, windowMs);
          const rows = page.lookback ? 0 : page.rows.length;
          const written = batch.commit ? batch.commit.records.length : 0;
          window.add(batch.committedAtMs, written);
          rowsCommitted += rows;
          skippedCommitted += batch.skipped.length;
          return {
            cursor: page.cursor,
            phase: page.phase,
            lagMs: page.lagMs,
            caughtUp: !page.full,
            lookback: page.lookback,
            batchSize: page.request.limit,
            rowsInBatch: rows,
            rowsWrittenInBatch: written,
            skippedInBatch: batch.skipped.length,
            rowsCommitted,
            skippedCommitted,
            rowsPerSecond: window.rate(batch.committedAtMs, windowMs),
            readLatencyMs: page.latencyMs,
            fetchedAtMs: page.fetchedAtMs,
            stats: page.stats ?? NO_STATS,
            totals: batch.totals,
            newKeys: batch.written ? batch.written.newKeys : null,
            distinctKeys: batch.written?.distinctKeys,
            committed: batch.commit !== undefined,
            committedAtMs: batch.committedAtMs,
          };
        }),
      );
    });
}
