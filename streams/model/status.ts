import type { BudgetState, CostEstimate } from './cost.js';
import type { Phase } from './phase.js';

/** The lifecycle state of one table's actor (see actors/table-machine.ts for the transitions). */
export type TableState =
  | 'idle'
  | 'running'
  /** Waiting to restart after a retryable failure. */
  | 'backoff'
  /** Draining the batch in flight before pausing. */
  | 'pausing'
  | 'paused'
  /** Draining, forgetting the checkpoint, starting again from the beginning. */
  | 'resyncing'
  /** Draining before stopping for good. */
  | 'stopping'
  | 'failed'
  | 'stopped';

/** A count since this process started, in the current UTC day, and in total (checkpoint). */
export interface UsageCounts {
  sinceStart: number;
  today: number;
  total: number;
}

/** Storage Read reads of one table (see TableStatus.storageRead). */
export interface StorageReadUsage {
  sessions: number;
  streams: number;
  rowsRead: number;
  bytesRead: UsageCounts;
}

/** What a table's validations cost on BigQuery (they also bill against its daily budget). */
export interface ValidationUsage {
  queries: UsageCounts;
  bytesProcessed: UsageCounts;
  bytesBilled: UsageCounts;
}

/** What status endpoints and the dashboard show for one table. Never holds credentials. */
export interface TableStatus {
  tableId: string;
  source: string;
  targetTable: string;
  state: TableState;
  /**
   * Why the table is paused (state 'paused'): 'user' for a pause command; other parts
   * (a budget, a validation) add their own reasons. Null while not paused.
   */
  pauseReason?: PauseReason | null;
  phase: Phase | null;
  caughtUp: boolean;
  cursor: { timestamp: string; key: readonly string[] } | null;
  /**
   * Behind: now - newest committed source timestamp. Caught up: time since the last
   * successful poll that reached the end of the source. Keeps growing while paused/failing.
   */
  lagMs: number | null;
  /** Last successful read of the source (ISO). */
  lastPollAt: string | null;
  /** = rowsPerSecond10s. */
  rowsPerSecond: number;
  /** Rows written per second of wall time over the last 10 s / 60 s (0 when nothing arrives). */
  rowsPerSecond10s: number;
  rowsPerSecond60s: number;
  /** Rows written to the target in total, kept across restarts, lookback rows included. */
  rowsWritten: number;
  rowsWrittenSinceStart: number;
  /** Distinct target keys written in total; null if unknown. */
  distinctKeys: number | null;
  /**
   * Query jobs issued to BigQuery for this table, and the job statistics' bytes. Where
   * validations run (the Harper component), their jobs are included and `validation` shows
   * them apart.
   */
  queries: UsageCounts;
  bytesProcessed: UsageCounts;
  bytesBilled: UsageCounts;
  /**
   * Storage Read backfills of this table: sessions and streams opened and rows read (totals,
   * kept in the checkpoint), serialized Arrow bytes read. Google bills these bytes at the
   * Storage Read price, apart from the query bytes in `bytesBilled` (which the daily budget
   * `sync.maxBytesBilledPerDay` counts; Storage Read bytes are not part of it).
   */
  storageRead?: StorageReadUsage;
  /** Alias of rowsWrittenSinceStart, kept for compatibility. */
  rowsCommitted: number;
  skippedRows: number;
  batchSize: number | null;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastCommitAt: string | null;
  startedAt: string | null;
  /** When a budget pause ends by itself (the next UTC midnight, ISO); null otherwise. */
  resumesAt?: string | null;
  /** Start-up dry-run estimate of the read cost (null until known or when it failed). */
  costEstimate?: CostEstimate | null;
  /** Today's budget (null when sync.maxBytesBilledPerDay is 0). */
  budget?: BudgetState | null;
  /** Conditions that make reads cost more than they should, or fail. */
  warnings?: string[];
  /** The validations' share of queries and bytes; null until known, absent without validation. */
  validation?: ValidationUsage | null;
}

/** Why a table is paused. Extend this union (and only it) to add a reason. */
export type PauseReason = 'user' | 'budget';
