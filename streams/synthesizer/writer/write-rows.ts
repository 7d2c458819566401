import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { RowOf, TableName } from '../rows.js';
import { insertChunk } from './insert-rows.js';
import { loadNdjsonFile } from './load-job.js';
import { chunked, withNdjsonFile, withTempDir } from './ndjson.js';
import type { RetryOptions } from './retry.js';
import type { SynthesizerTarget } from './target.js';

export interface WriteOptions {
  /** insertAll instead of load jobs. */
  readonly useStreamingInsert?: boolean;
  /** Rows per NDJSON file / load job. Default 10,000. */
  readonly loadChunkRows?: number;
  /** Rows per insertAll request. Default 500 (BigQuery's recommendation). */
  readonly insertChunkRows?: number;
  /** Chunks of one table in flight at once; the next chunk is prepared while earlier ones load. Default 2. */
  readonly concurrency?: number;
  /** Parent folder of the private temp folder for NDJSON files. Default os.tmpdir(). */
  readonly tempDir?: string;
  readonly retry?: RetryOptions;
  /** Stops pulling new chunks; chunks already sent are awaited, then the write rejects. */
  readonly signal?: AbortSignal;
  /** Makes job ids and insertIds unique to a run; random when absent. */
  readonly runId?: string;
  /** Called after each chunk lands, with the table's running total. */
  readonly onProgress?: (progress: { table: TableName; written: number }) => void;
}

export const DEFAULT_LOAD_CHUNK_ROWS = 10_000;
export const DEFAULT_INSERT_CHUNK_ROWS = 500;

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Writes a (possibly endless-looking, always lazy) row iterable into a table in chunks.
 * Memory stays at about `concurrency` chunks: a chunk is pulled from the iterable only
 * when a slot is free. Temp files live in a private folder that is removed at the end.
 */
export async function writeRows<N extends TableName>(
  target: SynthesizerTarget,
  tableName: N,
  rows: Iterable<RowOf[N]>,
  options: WriteOptions = {},
): Promise<number> {
  const streaming = options.useStreamingInsert === true;
  const size = streaming
    ? (options.insertChunkRows ?? DEFAULT_INSERT_CHUNK_ROWS)
    : (options.loadChunkRows ?? DEFAULT_LOAD_CHUNK_ROWS);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const runId = options.runId ?? newRunId();
  const retry: RetryOptions = { ...options.retry, ...(options.signal ? { signal: options.signal } : {}) };
  const table = target.bigquery.dataset(target.datasetId).table(tableName);

  const run = async (dir: string | undefined): Promise<number> => {
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let written = 0;
    let sent = 0;
    let chunkNo = 0;
    const loadChunk = (dir: string, n: number, chunk: RowOf[N][]): Promise<number> => {
      const file = join(dir, `${tableName}-${n}.json`);
      const count = chunk.length;
      return withNdjsonFile(file, chunk, () =>
        loadNdjsonFile(table, tableName, file, count, `synth_${runId}_${tableName}_${n}`, retry),
      );
    };
    const send = (chunk: RowOf[N][]): Promise<void> => {
      const first = sent;
      const n = chunkNo++;
      sent += chunk.length;
      const work = streaming
        ? insertChunk(table, tableName, chunk, first, `${runId}-${tableName}`, retry)
        : loadChunk(dir as string, n, chunk);
      return work.then(
        (count) => {
          written += count;
          options.onProgress?.({ table: tableName, written });
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
    };
    for (const chunk of chunked(rows, size)) {
      if (failure || options.signal?.aborted) break;
      const p = send(chunk).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    options.signal?.throwIfAborted();
    return written;
  };
  return streaming ? run(undefined) : withTempDir(options.tempDir, run);
}
