import type { Cursor } from '../cursor/cursor.js';
import type { SyncTotals } from '../stats/sync-totals.js';

export type Phase = 'initial' | 'catchup' | 'steady';

/** A committed position of one unit of work of a table. */
export interface Checkpoint {
  readonly tableId: string;
  /** The slice of the source table this checkpoint belongs to (movable between nodes). */
  readonly unit: string;
  readonly cursor: Cursor;
  readonly rowsIngested: number;
  readonly phase: Phase;
  readonly batchSize: number;
  readonly lastSyncTime: Date;
  /** Rows written and read costs in total (absent in checkpoints written before they were kept). */
  readonly totals?: SyncTotals;
  /**
   * Distinct target keys written, counted by the sink inside the commit; null when unknown
   * (the table was synced before the count was kept, or the sink does not count).
   */
  readonly distinctKeys?: number | null;
}

/** A record for the target table; `id` is derived deterministically from the source row. */
export type TargetRecord = { id: string } & Record<string, unknown>;

/** A row that could not be converted: kept with the reason, never dropped silently. */
export interface SkippedRow {
  readonly id: string;
  readonly reason: string;
  readonly rawRow: unknown;
  readonly cursor: Cursor;
}

/** Everything one page produces, committed all together or not at all. */
export interface BatchCommit {
  readonly tableId: string;
  readonly unit: string;
  readonly targetTable: string;
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

/**
 * Where batches go. `commit` must be atomic: the records, the skipped rows and the
 * checkpoint become visible together, or none of them does (a crash at any instant then
 * resumes exactly from the previous checkpoint). Writes must be upserts by `id`.
 */
export interface BatchSink {
  readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined>;
  commit(batch: BatchCommit): Promise<CommitResult | void>;
  /** Forgets a unit's checkpoint so the next run starts from the beginning (resync). */
  resetCheckpoint(tableId: string, unit: string): Promise<void>;
}
