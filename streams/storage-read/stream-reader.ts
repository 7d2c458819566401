import type { SkippedRow, TargetRecord } from '../model/index.js';
import { convertArrowBatch, type ArrowRecordConverterOptions } from './arrow-record-converter.js';
import type { StorageReadApi } from './read-api.js';
import { decodeRecordBatches } from './session-plan.js';

/** Rows of one stream ready to commit: at least `commitRows` of them, or the stream's tail. */
export interface ConvertedChunk {
  /** Source rows this chunk covers (the stream offset moves by this much). */
  rows: number;
  records: TargetRecord[];
  skipped: SkippedRow[];
  /** The stream's last chunk (possibly empty): committing it marks the stream done. */
  done: boolean;
}

/**
 * Reads one stream from `offset`, decodes its Arrow batches and converts them to records,
 * chunk by chunk. The next chunk is only read after the caller has taken the previous one
 * (for-await), so the service waits for Harper. Implementations: in this thread below, and
 * in a reader thread (streams/offload/worker-stream-reader).
 */
export interface StreamReader {
  read(stream: string, offset: number, schemaBytes: Uint8Array): AsyncIterable<ConvertedChunk>;
}

/** Reads, decodes and converts on the calling thread. */
export function inThreadStreamReader(
  api: StorageReadApi,
  convert: ArrowRecordConverterOptions,
  commitRows: number,
): StreamReader {
  return {
    async *read(stream, offset, schemaBytes) {
      let chunk: ConvertedChunk = { rows: 0, records: [], skipped: [], done: false };
      for await (const message of api.readRows(stream, offset)) {
        for (const batch of decodeRecordBatches(schemaBytes, message.batch)) {
          const converted = convertArrowBatch(batch, convert);
          for (const r of converted.records) chunk.records.push(r);
          for (const s of converted.skipped) chunk.skipped.push(s);
          chunk.rows += batch.numRows;
        }
        if (chunk.rows >= commitRows) {
          yield chunk;
          chunk = { rows: 0, records: [], skipped: [], done: false };
        }
      }
      yield { ...chunk, done: true };
    },
  };
}
