import type { Checkpoint } from './checkpoint.js';
import type { ConvertedPage, SkippedRow, TargetRecord } from './records.js';
import type { SyncTotals } from './totals.js';

/** Where one pipeline writes: the table, its unit of work and the Harper target table. */
export interface BatchTarget {
  tableId: string;
  unit: string;
  targetTable: string;
}

/** Everything one page produces, committed all together or not at all. */
export interface BatchCommit extends Readonly<BatchTarget> {
  readonly records: readonly TargetRecord[];
  readonly skipped: readonly SkippedRow[];
  readonly checkpoint: Checkpoint;
}

/** What a commit learned while writing: how many keys were new, and the distinct total. */
export interface CommitResult {
  readonly newKeys: number;
  /** Distinct keys written to the target in total after this commit; null when unknown. */
  readonly distinctKeys: number | null;
}

/** A converted page plus the commit that carries it and its checkpoint. */
export interface PendingBatch<Row> extends ConvertedPage<Row> {
  readonly commit: BatchCommit | undefined;
  /** Totals after this page (rows written, read costs), whether or not it commits. */
  readonly totals: SyncTotals;
}

/** A batch after the sink has committed it (or found nothing to commit). */
export interface CommittedBatch<Row> extends PendingBatch<Row> {
  readonly committedAtMs: number;
  /** What the sink reported about the write (new keys); undefined when nothing was written. */
  readonly written: CommitResult | undefined;
}
