import type { Conversion, RowConverter, SourceRow } from '../model/index.js';
import type { BigQueryRow } from '../convert/wire-row.js';
import type { ConvertedRows } from './protocol.js';

/**
 * Converts a page's rows where they were read (the reader worker): each row becomes its
 * record, or stays the raw row with the converter's reason, exactly as the in-thread
 * conversion stage (operators/convert-rows) would decide.
 */
export function convertPage(
  rows: readonly SourceRow<BigQueryRow>[],
  convert: RowConverter<BigQueryRow>,
): ConvertedRows {
  const out: ConvertedRows = { rows: new Array(rows.length), errors: [] };
  rows.forEach(({ cursor, row }, i) => {
    let result: Conversion;
    try {
      result = convert(row);
    } catch (error) {
      result = { error: (error as Error).message };
    }
    const key = [...cursor.key];
    if ('record' in result)
      out.rows[i] = { cursor: { timestampMicros: cursor.timestampMicros, key }, row: result.record };
    else {
      out.rows[i] = { cursor: { timestampMicros: cursor.timestampMicros, key }, row };
      out.errors.push([i, result.error]);
    }
  });
  return out;
}

/**
 * The converter the pipeline runs on rows the worker converted: a record is itself; a row
 * the worker refused gets its reason back. `refused` is filled as pages arrive.
 */
export function preConverted(refused: WeakMap<object, string>): RowConverter<Record<string, unknown>> {
  return (row) => {
    const reason = refused.get(row);
    return reason === undefined ? { record: row as { id: string } & Record<string, unknown> } : { error: reason };
  };
}
