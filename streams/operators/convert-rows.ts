import { map, type OperatorFunction } from 'rxjs';
import type {
  Conversion,
  ConvertedPage,
  Cursor,
  Page,
  RowConverter,
  SkippedRow,
  TargetRecord,
} from '../model/index.js';

export type { Conversion, ConvertedPage, RowConverter };

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
