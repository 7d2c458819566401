import type { ObservableInput } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { PageRequest } from '../query/page-query.js';

/** One source row and its position: the pipeline is generic over what a row looks like. */
export interface SourceRow<Row> {
  readonly cursor: Cursor;
  readonly row: Row;
}

export interface SourcePage<Row> {
  /** Rows in cursor order, at most `request.limit`. */
  readonly rows: readonly SourceRow<Row>[];
}

/**
 * Reads one keyset page. Implementations: BigQuery through the official client, and an
 * in-memory table for tests. Returning an ObservableInput lets tests drive it with marbles.
 */
export interface PageSource<Row> {
  readPage(request: PageRequest): ObservableInput<SourcePage<Row>>;
}
