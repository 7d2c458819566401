import type { Cursor } from './cursor.js';
import type { Phase } from './phase.js';

/** One keyset read: rows after `after` (or from `lowerMicros`) up to `upperMicros`, at most `limit`. */
export interface PageRequest {
  /** Exclusive lower bound; null reads from the beginning (or from `lowerMicros`). */
  after: Cursor | null;
  /** Inclusive upper bound on the timestamp, fixed before the read (now - settleDelay). */
  upperMicros: bigint;
  /** Inclusive lower bound on the timestamp when `after` is null (lookback windows). */
  lowerMicros?: bigint;
  limit: number;
}

/**
 * One query job covering a whole window of the keyset order: like a page but without LIMIT,
 * its rows are paged with getQueryResults page tokens instead of new queries.
 */
export type WindowRequest = Omit<PageRequest, 'limit'> & { limit?: undefined };

/** One source row and its position: the pipeline is generic over what a row looks like. */
export interface SourceRow<Row> {
  readonly cursor: Cursor;
  readonly row: Row;
}

/** What one read cost on BigQuery; bytes from the job statistics, counted once per job. */
export interface PageStats {
  /** Query jobs this read created (0 when the page came from an existing job's page token). */
  jobs: number;
  bytesProcessed: number;
  bytesBilled: number;
  /**
   * What a Storage Read backfill read (absent on the query path). Google bills it per byte
   * read at its own price, so it is never part of `bytesBilled` (the query bytes).
   */
  storageRead?: StorageReadStats;
}

/** Storage Read work: sessions and streams opened, rows and serialized Arrow bytes read. */
export interface StorageReadStats {
  sessions: number;
  streams: number;
  rowsRead: number;
  bytesRead: number;
}

/** What a source answers to one page request. */
export interface SourcePage<Row> {
  /** Rows in cursor order, at most `request.limit`. */
  readonly rows: readonly SourceRow<Row>[];
  /** What this read cost on the source; absent when the source cannot say. */
  readonly stats?: PageStats;
}

/** A page read from the source, with what the reader knew when it read it. */
export interface Page<Row> {
  readonly rows: readonly SourceRow<Row>[];
  readonly request: PageRequest;
  /** Position after this page: its last row, or the previous position when empty. */
  readonly cursor: Cursor | null;
  /** A full page means more rows are waiting: the reader does not wait before the next. */
  readonly full: boolean;
  /**
   * A re-read of the recent past (behind the cursor) to catch rows that landed late with
   * older timestamps. Its rows are upserted; the cursor does not move.
   */
  readonly lookback: boolean;
  readonly phase: Phase;
  readonly lagMs: number;
  readonly latencyMs: number;
  readonly fetchedAtMs: number;
  /** What this read cost on the source (absent when the source does not say). */
  readonly stats?: PageStats;
}
