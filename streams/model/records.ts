import type { Cursor } from './cursor.js';
import type { Page } from './page.js';

/** A record for the target table; `id` is derived deterministically from the source row. */
export type TargetRecord = { id: string } & Record<string, unknown>;

/** A row that could not be converted: kept with the reason, never dropped silently. */
export interface SkippedRow {
  readonly id: string;
  readonly reason: string;
  readonly rawRow: unknown;
  readonly cursor: Cursor;
}

/** Result of converting one source row: a target record, or the reason it cannot be one. */
export type Conversion = { readonly record: TargetRecord } | { readonly error: string };

/** The type converter of one table: a pure function from a source row to a target record. */
export type RowConverter<Row> = (row: Row) => Conversion;

/** A page whose rows are converted; users may filter or enrich `records` before commit. */
export interface ConvertedPage<Row> {
  readonly page: Page<Row>;
  readonly records: TargetRecord[];
  readonly skipped: SkippedRow[];
}
