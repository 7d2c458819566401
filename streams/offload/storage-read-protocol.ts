import type { BigQueryConnection } from '../../config/types.js';
import type { ArrowRecordConverterOptions } from '../storage-read/arrow-record-converter.js';
import type { SerializedError } from './protocol.js';
import type { EncodedPayload } from './record-codec.js';

/**
 * Messages between a Storage Read backfill (on Harper's thread) and its reader thread. The
 * thread reads the streams it is told to open, decodes the Arrow batches and converts them
 * to records; each chunk must be acknowledged, and at most `inFlight` chunks of a stream are
 * unacknowledged at a time: beyond that the thread stops pulling from gRPC, so the service
 * waits for Harper as it does when reading in Harper's thread.
 */
export interface StreamReaderSetup {
  connection: BigQueryConnection;
  /** The Storage Read endpoint (`host:port`). */
  endpoint: string;
  convert: ArrowRecordConverterOptions;
  commitRows: number;
  inFlight: number;
}

export type ToStreamWorker =
  | { type: 'open'; id: number; stream: string; offset: number; schemaBytes: Uint8Array }
  | { type: 'ack'; id: number }
  | { type: 'cancel'; id: number };

export type FromStreamWorker =
  | { type: 'chunk'; id: number; rows: number; done: boolean; payload: EncodedPayload }
  | { type: 'failed'; id: number; error: SerializedError };
