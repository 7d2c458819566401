import type { Data, RecordBatch } from 'apache-arrow';
import { SOURCE_ID_COLUMN } from '../convert/bigquery-row-converter.js';
import type { ValueOptions } from '../convert/bigquery-values.js';
import { harperId, keyPart } from '../convert/harper-id.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { Cursor } from '../cursor/cursor.js';
import { skippedRowId } from '../operators/convert-rows.js';
import type { KeyColumn } from '../query/key-spec.js';
import type { SkippedRow, TargetRecord } from '../sink/batch-sink.js';
import { dateText, datetimeText, timeText } from './temporal-text.js';
import { decimalTextAt, utf8At, valueReader, type ValueReader } from './arrow-values.js';

export interface ArrowRecordConverterOptions extends ValueOptions {
  tableId: string;
  /** The source table's schema (tables.get). */
  fields: readonly SchemaField[];
  /** Key columns (a Storage Read backfill needs configured key columns; see support.ts). */
  keyColumns: readonly KeyColumn[];
  timestampColumn: string;
}

export interface ConvertedBatch {
  records: TargetRecord[];
  skipped: SkippedRow[];
}

/**
 * One Arrow record batch -> Harper records, column by column from the typed arrays (no
 * per-row JSON, no wire strings for the hot types). Each record equals what the REST path's
 * `bigQueryRowConverter` makes of the same row: same values, same `id`, `id` column renamed
 * the same way. A row that cannot be converted becomes a skipped row with its reason.
 */
export function convertArrowBatch(batch: RecordBatch, o: ArrowRecordConverterOptions): ConvertedBatch {
  const byName = new Map(o.fields.map((f) => [f.name, f]));
  const keyIsId = o.keyColumns.length === 1 && o.keyColumns[0]!.name === 'id';
  const columns: { target: string; read: ValueReader }[] = [];
  for (const [index, arrowField] of batch.schema.fields.entries()) {
    const field = byName.get(arrowField.name);
    if (!field) throw new Error(`column ${arrowField.name} is not in the source table's schema`);
    const data = batch.getChildAt(index)!.data[0]!;
    columns.push({
      target: field.name === 'id' && !keyIsId ? SOURCE_ID_COLUMN : field.name,
      read: valueReader(field, data, o),
    });
  }
  const dataOf = (name: string): Data | undefined => batch.getChild(name)?.data[0];
  const keys = o.keyColumns.map((column) => {
    const data = dataOf(column.name);
    if (!data) throw new Error(`key column ${column.name} is not among the columns read`);
    return { column, data, wire: keyWireReader(column, data) };
  });
  const tsData = dataOf(o.timestampColumn);
  const tsValues = tsData?.values as BigInt64Array | undefined;

  const records: TargetRecord[] = [];
  const skipped: SkippedRow[] = [];
  for (let i = 0; i < batch.numRows; i++) {
    const keyWire: string[] = [];
    let error: string | undefined;
    for (const key of keys) {
      if (key.data.nullCount > 0 && !key.data.getValid(i)) {
        error ??= `key column ${key.column.name} is NULL`;
        keyWire.push('');
      } else keyWire.push(key.wire(i));
    }
    let record: Record<string, unknown> | undefined;
    if (error === undefined) {
      try {
        record = {};
        for (const column of columns) record[column.target] = column.read(i);
        record.id = harperId(o.keyColumns.map((c, k) => keyPart(c.type, keyWire[k]!)));
      } catch (e) {
        error = (e as Error).message;
      }
    }
    if (error === undefined) {
      records.push(record as TargetRecord);
      continue;
    }
    const timestampMicros = tsValues && tsData!.getValid(i) ? tsValues[i]! : 0n;
    const cursor: Cursor = { timestampMicros, key: keyWire };
    skipped.push({
      id: skippedRowId(o.tableId, cursor),
      reason: error,
      rawRow: { timestampMicros: timestampMicros.toString(), key: keyWire },
      cursor,
    });
  }
  return { records, skipped };
}

/** The REST wire text of a key column's value (what the query path's cursor and id use). */
function keyWireReader(column: KeyColumn, data: Data): (i: number) => string {
  switch (column.type.toUpperCase()) {
    case 'INT64':
    case 'INTEGER':
    case 'TIMESTAMP': {
      const v = data.values as BigInt64Array;
      return (i) => v[i]!.toString();
    }
    case 'STRING':
      return utf8At(data);
    case 'BOOL':
    case 'BOOLEAN': {
      const read = valueReader({ name: column.name, type: 'BOOL' }, data, {
        numericMode: 'string',
        geographyFormat: 'wkt',
      });
      return (i) => String(read(i));
    }
    case 'BYTES': {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      return (i) => Buffer.from(bytes.subarray(offsets[i]!, offsets[i + 1]!)).toString('base64');
    }
    case 'NUMERIC':
    case 'BIGNUMERIC':
    case 'DECIMAL':
    case 'BIGDECIMAL':
      return decimalTextAt(data);
    case 'DATE': {
      const v = data.values as Int32Array;
      return (i) => dateText(v[i]!);
    }
    case 'DATETIME': {
      const v = data.values as BigInt64Array;
      return (i) => datetimeText(v[i]!);
    }
    case 'TIME': {
      const v = data.values as BigInt64Array;
      return (i) => timeText(v[i]!);
    }
    default:
      throw new Error(`key column ${column.name} (${column.type}) cannot key a Storage Read backfill`);
  }
}
