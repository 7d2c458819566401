import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PageRequest, PageSource, SourcePage } from '../model/index.js';
import type { WindowEstimate } from '../source/bigquery-page-source.js';
import { packageRoot } from '../../src/util/package-root.js';
import {
  reviveError,
  serializeError,
  type ConvertedRows,
  type FromWorker,
  type ReaderSetup,
  type ToWorker,
} from './protocol.js';
import { decodePayload } from './record-codec.js';

/** A converted row as the pipeline receives it: the Harper record, or the raw row refused. */
export type ReadyRow = Record<string, unknown>;

export interface WorkerPageSourceOptions {
  setup: Omit<ReaderSetup, 'checkWindows'>;
  /** Asked before each window query (the daily budget); throwing refuses the query. */
  beforeWindow?: (estimate: WindowEstimate) => void | Promise<void>;
  /** Told when the reader thread starts and when it has ended (a log line each). */
  log?: (message: string) => void;
}

let live = 0;

/** Reader workers started and not yet exited, in this thread (a test hook, and for status). */
export function liveReaderWorkers(): number {
  return live;
}

/**
 * A PageSource whose reads run in a worker thread (streams/offload/page-reader-worker):
 * the HTTP request, the JSON parse, the REST-row mapping and the type conversion happen
 * there; this thread only decodes the finished records. Its rows are already records, so
 * the pipeline converts them with `converter` (a lookup, see convert-page). Errors come back
 * as they were thrown in the worker (name, code, reasons), so the table actor classifies and
 * retries them as before. `close()` ends the worker; nothing of it outlives the pipeline.
 */
export class WorkerPageSource implements PageSource<ReadyRow> {
  /** Rows the worker's converter refused, with the reason: read by `preConverted`. */
  readonly refused = new WeakMap<object, string>();
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (page: SourcePage<ReadyRow>) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private exited = false;
  private failure: Error | undefined;
  private readonly exitPromise: Promise<void>;

  constructor(private readonly o: WorkerPageSourceOptions) {
    this.worker = new Worker(offloadWorkerPath('page-reader-worker.js'), {
      workerData: { ...o.setup, checkWindows: o.beforeWindow !== undefined } satisfies ReaderSetup,
    });
    // A reader must never keep Harper (or a test runner) alive on its own.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.failAll(error));
    this.exitPromise = trackReaderThread(
      this.worker,
      `${o.setup.table.dataset}.${o.setup.table.table}`,
      o.log,
      (code) => {
        this.exited = true;
        this.failAll(new Error(`the reader worker exited (code ${code})`));
      },
    );
  }

  readPage(request: PageRequest): Promise<SourcePage<ReadyRow>> {
    if (this.exited || this.failure) return Promise.reject(this.failure ?? new Error('the reader worker is closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'read', id, request });
    });
  }

  /** Ends the worker (a read in flight fails); resolves when its thread is gone. */
  async close(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
    await this.exitPromise;
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'window-check') {
      void this.answerWindow(message.id, message.estimate);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.type === 'failed') {
      waiter.reject(reviveError(message.error));
      return;
    }
    let page: ConvertedRows;
    try {
      page = decodePayload(message.payload) as ConvertedRows;
    } catch (error) {
      waiter.reject(error as Error);
      return;
    }
    for (const [index, reason] of page.errors) this.refused.set(page.rows[index]!.row, reason);
    waiter.resolve({ rows: page.rows, stats: message.stats });
  }

  private async answerWindow(id: number, estimate: WindowEstimate): Promise<void> {
    try {
      await this.o.beforeWindow?.(estimate);
      if (!this.exited) this.send({ type: 'window-answer', id });
    } catch (error) {
      if (!this.exited) this.send({ type: 'window-answer', id, error: serializeError(error) });
    }
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/**
 * Counts a reader thread while it runs and logs its start and its end (the `exit` event:
 * the thread is gone). Resolves when it has exited.
 */
export function trackReaderThread(
  worker: Worker,
  what: string,
  log: ((message: string) => void) | undefined,
  onExit: (code: number) => void,
): Promise<void> {
  live++;
  const threadId = worker.threadId;
  log?.(`reader thread ${threadId} started for ${what}`);
  return new Promise((resolve) =>
    worker.once('exit', (code) => {
      live--;
      log?.(`reader thread ${threadId} ended for ${what} (exit code ${code})`);
      onExit(code);
      resolve();
    }),
  );
}

/**
 * A compiled worker module of this folder: beside this one in dist/, or (running from the
 * TypeScript sources, as vitest does) the built copy in the package's dist/ — a worker
 * cannot load .ts.
 */
export function offloadWorkerPath(file: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return join(packageRoot(), 'dist', 'streams', 'offload', file);
}
