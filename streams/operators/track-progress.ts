import { defer, map, type OperatorFunction } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { Phase } from '../sink/batch-sink.js';
import type { PageStats } from '../source/page-source.js';
import { RateWindow } from '../stats/rate-window.js';
import { NO_STATS, type SyncTotals } from '../stats/sync-totals.js';
import type { CommittedBatch } from './commit-batches.js';

/**
 * What the checkpoint tap reports after each page: the input of status and metrics. Fields
 * marked optional are always set by `trackProgress`; hand-made progress may omit them.
 */
export interface Progress {
  readonly cursor: Cursor | null;
  readonly phase: Phase;
  readonly lagMs: number;
  /** The last read returned less than a full page: everything up to its upper bound is in. */
  readonly caughtUp: boolean;
  /** This step re-read the lookback window (then `caughtUp` means the sweep finished). */
  readonly lookback: boolean;
  readonly batchSize: number;
  /** New source rows in this step (lookback re-reads not counted). */
  readonly rowsInBatch: number;
  /** Records written to the target in this step, lookback re-reads included. */
  readonly rowsWrittenInBatch?: number;
  readonly skippedInBatch: number;
  /** New source rows committed by this pipeline run. */
  readonly rowsCommitted: number;
  readonly skippedCommitted: number;
  /** Records written per second of wall time over the last 10 s, as of `committedAtMs`. */
  readonly rowsPerSecond: number;
  readonly readLatencyMs: number;
  /** When the read of this step returned. */
  readonly fetchedAtMs?: number;
  /** What this step's read cost on the source. */
  readonly stats?: PageStats;
  /** Totals after this step (kept in the checkpoint). */
  readonly totals?: SyncTotals;
  /** Keys this step's commit added to the target, and the distinct total (null: unknown). */
  readonly newKeys?: number | null;
  readonly distinctKeys?: number | null | undefined;
  /** True when this step wrote something (rows or a checkpoint), false for an empty poll. */
  readonly committed: boolean;
  readonly committedAtMs: number;
}

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
