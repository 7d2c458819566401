/**
 * The reader thread of one Storage Read backfill (started by WorkerStreamReader): its own
 * gRPC client reads the streams it is told to open; Arrow decoding and conversion to Harper
 * records happen here, chunks go to Harper's thread encoded (record-codec), at most
 * `inFlight` unacknowledged per stream.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { googleStorageReadApi } from '../storage-read/read-api.js';
import { inThreadStreamReader } from '../storage-read/stream-reader.js';
import { serializeError } from './protocol.js';
import { encodePayload } from './record-codec.js';
import type { FromStreamWorker, StreamReaderSetup, ToStreamWorker } from './storage-read-protocol.js';

const port = parentPort;
if (!port) throw new Error('storage-read-worker must run in a worker thread');
const setup = workerData as StreamReaderSetup;
const api = googleStorageReadApi(setup.connection, setup.endpoint);
const reader = inThreadStreamReader(api, setup.convert, setup.commitRows);

interface OpenStream {
  unacknowledged: number;
  cancelled: boolean;
  /** Wakes the read loop when a chunk is acknowledged or the stream cancelled. */
  wake: (() => void) | undefined;
}
const streams = new Map<number, OpenStream>();

function post(message: FromStreamWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function readStream(id: number, stream: string, offset: number, schemaBytes: Uint8Array): Promise<void> {
  const state: OpenStream = { unacknowledged: 0, cancelled: false, wake: undefined };
  streams.set(id, state);
  try {
    for await (const chunk of reader.read(stream, offset, schemaBytes)) {
      while (state.unacknowledged >= setup.inFlight && !state.cancelled) {
        await new Promise<void>((resolve) => (state.wake = resolve));
      }
      if (state.cancelled) return;
      const { payload, transfer } = encodePayload({ records: chunk.records, skipped: chunk.skipped });
      state.unacknowledged++;
      post({ type: 'chunk', id, rows: chunk.rows, done: chunk.done, payload }, transfer);
    }
  } catch (error) {
    if (!state.cancelled) post({ type: 'failed', id, error: serializeError(error) });
  } finally {
    streams.delete(id);
  }
}

port.on('message', (message: ToStreamWorker) => {
  if (message.type === 'open') {
    void readStream(message.id, message.stream, message.offset, message.schemaBytes);
    return;
  }
  const state = streams.get(message.id);
  if (!state) return;
  if (message.type === 'ack') state.unacknowledged--;
  else state.cancelled = true;
  const wake = state.wake;
  state.wake = undefined;
  wake?.();
});
