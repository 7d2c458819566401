import type { SkippedRow, TargetRecord } from '../model/index.js';
import { convertArrowBatch, type ArrowRecordConverterOptions } from './arrow-record-converter.js';
import type { StorageReadApi } from './read-api.js';
import { readAhead } from './read-ahead.js';
import { decodeRecordBatches } from './session-plan.js';

/** Rows of one stream ready to commit: at least `commitRows` of them, or the stream's tail. */
export interface ConvertedChunk {
  /** Source rows this chunk covers (the stream offset moves by this much). */
  rows: number;
  records: TargetRecord[];
  skipped: SkippedRow[];
  /** The stream's last chunk (possibly empty): committing it marks the stream done. */
  done: boolean;
  /** Serialized Arrow bytes the service sent for these rows (what Storage Read bills). */
  bytes?: number;
}

/**
 * Reads one stream from `offset`, decodes its Arrow batches and converts them to records,
 * chunk by chunk. A reader stays a bounded number of chunks ahead of the caller (for-await),
 * so the service waits for Harper. Implementations: in this thread below (one chunk ahead),
 * and in a reader thread (streams/offload/worker-stream-reader, two ahead).
 */
export interface StreamReader {
  read(stream: string, offset: number, schemaBytes: Uint8Array): AsyncIterable<ConvertedChunk>;
}

/**
 * Reads, decodes and converts on the calling thread, one chunk ahead of the caller: the next
 * chunk is decoded while the caller's commit of the last one is written (off this thread).
 */
export function inThreadStreamReader(
  api: StorageReadApi,
  convert: ArrowRecordConverterOptions,
  commitRows: number,
): StreamReader {
  return {
    read: (stream, offset, schemaBytes) => readAhead(chunks(api, convert, commitRows, stream, offset, schemaBytes)),
  };
}

async function* chunks(
  api: StorageReadApi,
  convert: ArrowRecordConverterOptions,
  commitRows: number,
  stream: string,
  offset: number,
  schemaBytes: Uint8Array,
): AsyncGenerator<ConvertedChunk> {
  let chunk: ConvertedChunk = { rows: 0, records: [], skipped: [], done: false, bytes: 0 };
  for await (const message of api.readRows(stream, offset)) {
    chunk.bytes = (chunk.bytes ?? 0) + message.batch.byteLength;
    for (const batch of decodeRecordBatches(schemaBytes, message.batch)) {
      const converted = convertArrowBatch(batch, convert);
      for (const r of converted.records) chunk.records.push(r);
      for (const s of converted.skipped) chunk.skipped.push(s);
      chunk.rows += batch.numRows;
    }
    if (chunk.rows >= commitRows) {
      yield chunk;
      chunk = { rows: 0, records: [], skipped: [], done: false, bytes: 0 };
    }
  }
  yield { ...chunk, done: true };
}
