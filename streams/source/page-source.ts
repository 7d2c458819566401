import type { ObservableInput } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { PageRequest } from '../query/page-query.js';

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
}

export interface SourcePage<Row> {
  /** Rows in cursor order, at most `request.limit`. */
  readonly rows: readonly SourceRow<Row>[];
  /** What this read cost on the source; absent when the source cannot say. */
  readonly stats?: PageStats;
}

/**
 * Reads one keyset page. Implementations: BigQuery through the official client, and an
 * in-memory table for tests. Returning an ObservableInput lets tests drive it with marbles.
 */
export interface PageSource<Row> {
  readPage(request: PageRequest): ObservableInput<SourcePage<Row>>;
}
