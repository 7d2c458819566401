import { RecordBatchReader, type RecordBatch, type Schema } from 'apache-arrow';
import type { Cursor } from '../cursor/cursor.js';
import { quoteIdentifier } from '../query/identifiers.js';
import { keyKindOf, type KeyColumn } from '../query/key-spec.js';

/**
 * The session reads rows strictly older than the bound; the keyset cursor then continues
 * from just below it. `ts < bound` also leaves out NULL timestamps, as the query path does.
 */
export function boundRestriction(timestampColumn: string, boundMicros: bigint): string {
  return `${quoteIdentifier(timestampColumn)} < TIMESTAMP_MICROS(${boundMicros.toString()})`;
}

/**
 * The keyset cursor a finished backfill hands on: every row with timestamp < bound is in, so
 * it sits at bound - 1 µs. Its key only decides which rows of that one microsecond the
 * first query re-reads (upserts, harmless); any valid key value will do.
 */
export function cursorAfterBackfill(boundMicros: bigint, keyColumns: readonly KeyColumn[]): Cursor {
  return { timestampMicros: boundMicros - 1n, key: keyColumns.map((c) => lowestKeyText(c.type)) };
}

function lowestKeyText(type: string): string {
  switch (keyKindOf(type)) {
    case 'integer':
    case 'decimal':
    case 'timestamp':
    case 'float':
      return '0';
    case 'bool':
      return 'false';
    case 'string':
    case 'bytes':
      return '';
    case 'temporal': {
      const t = type.toUpperCase();
      return t === 'DATE' ? '1970-01-01' : t === 'TIME' ? '00:00:00' : '1970-01-01T00:00:00';
    }
  }
}

/** The session's Arrow schema from its IPC schema message. */
export function decodeArrowSchema(schemaMessage: Uint8Array): Schema {
  const reader = RecordBatchReader.from(schemaMessage);
  reader.open();
  return reader.schema;
}

/** Record batches of one ReadRows response: the schema message, then the batch message. */
export function decodeRecordBatches(schemaMessage: Uint8Array, batchMessage: Uint8Array): RecordBatch[] {
  return RecordBatchReader.from(Buffer.concat([schemaMessage, batchMessage])).readAll();
}
