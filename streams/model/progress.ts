import type { Cursor } from './cursor.js';
import type { PageStats } from './page.js';
import type { Phase } from './phase.js';
import type { SyncTotals } from './totals.js';

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
