import { map, type OperatorFunction } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { Page } from '../pipeline/read-pages.js';
import type { SkippedRow, TargetRecord } from '../sink/batch-sink.js';

/** Result of converting one source row: a target record, or the reason it cannot be one. */
export type Conversion = { readonly record: TargetRecord } | { readonly error: string };

export type RowConverter<Row> = (row: Row) => Conversion;

/** A page whose rows are converted; users may filter or enrich `records` before commit. */
export interface ConvertedPage<Row> {
  readonly page: Page<Row>;
  readonly records: TargetRecord[];
  readonly skipped: SkippedRow[];
}

/** Type converter stage. A row that fails conversion is kept as a skipped row with its reason. */
export function convertRows<Row>(
  tableId: string,
  convert: RowConverter<Row>,
): OperatorFunction<Page<Row>, ConvertedPage<Row>> {
  return map((page) => {
    const records: TargetRecord[] = [];
    const skipped: SkippedRow[] = [];
    for (const { row, cursor } of page.rows) {
      let result: Conversion;
      try {
        result = convert(row);
      } catch (error) {
        result = { error: (error as Error).message };
      }
      if ('record' in result) records.push(result.record);
      else skipped.push({ id: skippedRowId(tableId, cursor), reason: result.error, rawRow: row, cursor });
    }
    return { page, records, skipped };
  });
}

/** Deterministic, so re-reading the same bad row overwrites its entry instead of adding one. */
export function skippedRowId(tableId: string, cursor: Cursor): string {
  return [tableId, cursor.timestampMicros.toString(), ...cursor.key]
    .map((part) => part.replace(/[%|]/g, encodeURIComponent))
    .join('|');
}
