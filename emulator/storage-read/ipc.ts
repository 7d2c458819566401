/**
 * Arrow IPC framing the way the Storage Read API uses it: the session carries the schema as
 * one encapsulated IPC message (`serialized_schema`), each ReadRows response one record batch
 * message (`serialized_record_batch`); schema bytes followed by batch bytes form a valid IPC
 * stream, which is how the official client decodes them. apache-arrow writes whole streams,
 * so both are cut out of one: a stream is schema message, batches, end-of-stream marker.
 */
import { RecordBatch, Schema, Table, tableToIPC } from 'apache-arrow';

/** The 8-byte end-of-stream marker (continuation token + zero length). */
const EOS_BYTES = 8;

export function serializeSchema(schema: Schema): Uint8Array {
  const stream = tableToIPC(new Table(schema), 'stream');
  return stream.subarray(0, stream.length - EOS_BYTES);
}

/** One record batch message, without schema and end-of-stream marker. */
export function serializeRecordBatch(batch: RecordBatch, schemaBytes: Uint8Array): Uint8Array {
  const stream = tableToIPC(new Table([batch]), 'stream');
  return stream.subarray(schemaBytes.length, stream.length - EOS_BYTES);
}
