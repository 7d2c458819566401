import { Worker } from 'node:worker_threads';
import type { SkippedRow, TargetRecord } from '../model/index.js';
import type { ConvertedChunk, StreamReader } from '../storage-read/stream-reader.js';
import { reviveError } from './protocol.js';
import { decodePayload } from './record-codec.js';
import type { FromStreamWorker, StreamReaderSetup, ToStreamWorker } from './storage-read-protocol.js';
import { offloadWorkerPath, trackReaderThread } from './worker-page-source.js';

/** Chunks of one stream the reader thread may read ahead of Harper's commits. */
const DEFAULT_IN_FLIGHT = 2;

interface StreamQueue {
  chunks: ConvertedChunk[];
  error: Error | undefined;
  wake: (() => void) | undefined;
}

/**
 * A StreamReader whose reads, Arrow decoding and conversion run in a reader thread
 * (streams/offload/storage-read-worker); this thread only decodes finished records. gRPC
 * errors come back with their code and message, so the backfill's session-gone handling
 * and the actor's classification see them as before. `close()` ends the thread.
 */
export class WorkerStreamReader implements StreamReader {
  private readonly worker: Worker;
  private readonly queues = new Map<number, StreamQueue>();
  private nextId = 0;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(setup: Omit<StreamReaderSetup, 'inFlight'> & { inFlight?: number }, log?: (message: string) => void) {
    this.worker = new Worker(offloadWorkerPath('storage-read-worker.js'), {
      workerData: { ...setup, inFlight: setup.inFlight ?? DEFAULT_IN_FLIGHT } satisfies StreamReaderSetup,
    });
    this.worker.unref();
    this.worker.on('message', (message: FromStreamWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.failAll(error));
    this.exited = trackReaderThread(this.worker, `Storage Read of ${setup.convert.tableId}`, log, (code) =>
      this.failAll(new Error(`the Storage Read reader thread exited (code ${code})`)),
    );
  }

  async *read(stream: string, offset: number, schemaBytes: Uint8Array): AsyncIterable<ConvertedChunk> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const queue: StreamQueue = { chunks: [], error: undefined, wake: undefined };
    this.queues.set(id, queue);
    this.send({ type: 'open', id, stream, offset, schemaBytes });
    let finished = false;
    try {
      for (;;) {
        while (queue.chunks.length === 0 && !queue.error) await new Promise<void>((r) => (queue.wake = r));
        const chunk = queue.chunks.shift();
        if (!chunk) throw queue.error!;
        yield chunk;
        // Taken and committed: the thread may read one more chunk.
        this.send({ type: 'ack', id });
        if (chunk.done) {
          finished = true;
          return;
        }
      }
    } finally {
      this.queues.delete(id);
      if (!finished) this.send({ type: 'cancel', id });
    }
  }

  /** Ends the reader thread; resolves when it is gone. */
  async close(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }

  private send(message: ToStreamWorker): void {
    if (!this.failure) this.worker.postMessage(message);
  }

  private onMessage(message: FromStreamWorker): void {
    const queue = this.queues.get(message.id);
    if (!queue) return;
    if (message.type === 'failed') queue.error = reviveError(message.error);
    else {
      try {
        const { records, skipped } = decodePayload(message.payload) as {
          records: TargetRecord[];
          skipped: SkippedRow[];
        };
        queue.chunks.push({ rows: message.rows, records, skipped, done: message.done });
      } catch (error) {
        queue.error = error as Error;
      }
    }
    const wake = queue.wake;
    queue.wake = undefined;
    wake?.();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const queue of this.queues.values()) {
      queue.error ??= error;
      const wake = queue.wake;
      queue.wake = undefined;
      wake?.();
    }
  }
}
