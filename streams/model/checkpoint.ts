import type { Cursor } from './cursor.js';
import type { Phase } from './phase.js';
import type { SyncTotals } from './totals.js';

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
