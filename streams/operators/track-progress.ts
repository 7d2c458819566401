import { scan, type OperatorFunction } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { Phase } from '../sink/batch-sink.js';
import type { CommittedBatch } from './commit-batches.js';

/** What the checkpoint tap reports after each page: the input of status and metrics. */
export interface Progress {
  readonly cursor: Cursor | null;
  readonly phase: Phase;
  readonly lagMs: number;
  /** The last read returned less than a full page: everything up to its upper bound is in. */
  readonly caughtUp: boolean;
  /** This step re-read the lookback window (then `caughtUp` means the sweep finished). */
  readonly lookback: boolean;
  readonly batchSize: number;
  readonly rowsInBatch: number;
  readonly skippedInBatch: number;
  /** Rows committed by this pipeline run. */
  readonly rowsCommitted: number;
  readonly skippedCommitted: number;
  /** Rows per second over the last `windowMs`. */
  readonly rowsPerSecond: number;
  readonly readLatencyMs: number;
  /** True when this step wrote something (rows or a checkpoint), false for an empty poll. */
  readonly committed: boolean;
  readonly committedAtMs: number;
}

/** Checkpoint tap: running totals and a sliding-window rate. */
export function trackProgress<Row>(windowMs = 10_000): OperatorFunction<CommittedBatch<Row>, Progress> {
  const window: { at: number; rows: number }[] = [];
  return scan<CommittedBatch<Row>, Progress, undefined>((previous, batch) => {
    const rows = batch.page.lookback ? 0 : batch.page.rows.length;
    window.push({ at: batch.committedAtMs, rows });
    while (window.length > 1 && window[0]!.at < batch.committedAtMs - windowMs) window.shift();
    const span = Math.max(
      1,
      batch.committedAtMs - (window.length > 1 ? window[0]!.at : batch.page.fetchedAtMs - batch.page.latencyMs),
    );
    const windowRows = window.reduce((sum, w) => sum + w.rows, 0) - (window.length > 1 ? window[0]!.rows : 0);
    return {
      cursor: batch.page.cursor,
      phase: batch.page.phase,
      lagMs: batch.page.lagMs,
      caughtUp: !batch.page.full,
      lookback: batch.page.lookback,
      batchSize: batch.page.request.limit,
      rowsInBatch: rows,
      skippedInBatch: batch.skipped.length,
      rowsCommitted: (previous?.rowsCommitted ?? 0) + rows,
      skippedCommitted: (previous?.skippedCommitted ?? 0) + batch.skipped.length,
      rowsPerSecond: window.length > 1 ? (windowRows * 1000) / span : (rows * 1000) / span,
      readLatencyMs: batch.page.latencyMs,
      committed: batch.commit !== undefined,
      committedAtMs: batch.committedAtMs,
    };
  }, undefined);
}
