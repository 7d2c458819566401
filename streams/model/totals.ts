/**
 * Running totals of one table kept in its checkpoint, so they survive restarts: rows written
 * to the target (lookback re-reads included) and what the reads cost on BigQuery, in total
 * and for the current UTC day.
 */
export interface SyncTotals {
  readonly rowsWritten: number;
  readonly queries: number;
  readonly bytesProcessed: number;
  readonly bytesBilled: number;
  /** UTC day (YYYY-MM-DD) the `...Today` counters belong to. */
  readonly day: string;
  readonly queriesToday: number;
  readonly bytesProcessedToday: number;
  readonly bytesBilledToday: number;
  /**
   * Storage Read (absent = none yet): sessions and streams opened, rows and Arrow bytes read,
   * bytes read today. Billed apart from queries, so kept apart from `bytesBilled`.
   */
  readonly storageReadSessions?: number;
  readonly storageReadStreams?: number;
  readonly storageReadRows?: number;
  readonly storageReadBytes?: number;
  readonly storageReadBytesToday?: number;
}
