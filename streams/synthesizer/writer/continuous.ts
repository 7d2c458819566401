import { MICROS_PER_MS } from '../core/time.js';
import type { RowOf, TableName } from '../rows.js';
import { continuousGenerator, type LiveCursor, type LiveFleet } from '../scenarios/continuous.js';
import { DEFAULT_SEED } from '../scenarios/scenario.js';
import { ensureTables } from './ensure-tables.js';
import { sizeLiveFleet } from './fleet-size.js';
import { applyRetention, type RetentionResult } from './retention.js';
import { sleep } from './retry.js';
import { selectTables } from './table-names.js';
import type { SynthesizerTarget } from './target.js';
import { newRunId, writeRows, type WriteOptions } from './write-rows.js';

export type TableRates = { readonly [T in TableName]?: number };
type Counts = Record<TableName, number>;

export interface ContinuousRunOptions extends Omit<WriteOptions, 'signal' | 'onProgress' | 'runId'> {
  /** Rows per second per table (position reports, port events, metadata updates). */
  readonly rates: TableRates;
  /** Stops the run: generation ends, buffered rows are flushed, then the promise resolves. */
  readonly signal: AbortSignal;
  readonly tables?: readonly TableName[];
  readonly seed?: number;
  /** Live fleet size; by default sized so the port-event rate is reachable (100..20,000). */
  readonly vessels?: number;
  /** How often buffered rows are written. Default 5000 ms. */
  readonly flushIntervalMs?: number;
  /** When set, rows older than this many days are deleted at start and every retentionIntervalMs. */
  readonly retentionDays?: number;
  readonly retentionIntervalMs?: number;
  /** Flushes of one table that may fail in a row (rows are kept and retried) before the run gives up. Default 5. */
  readonly maxConsecutiveFailures?: number;
  /** Time source; default the wall clock. Tests pass a virtual one to run a minute in moments. */
  readonly clock?: LiveClock;
  readonly onFleet?: (fleet: {
    readonly vessels: number;
    readonly start: string;
    readonly expected: LiveFleet['expected'];
  }) => void;
  readonly onFlush?: (flush: { readonly flush: number; readonly rows: Counts; readonly totals: Counts }) => void;
  readonly onRetention?: (results: readonly RetentionResult[]) => void;
  /** Failures that the run survives (a flush that will be retried, a retention pass). */
  readonly onError?: (error: unknown, during: 'flush' | 'retention') => void;
}

/** What a live run reads the time from and waits with. */
export interface LiveClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves true after `ms`, or false once the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

export const WALL_CLOCK: LiveClock = { now: () => Date.now(), sleep };

export interface ContinuousSummary {
  readonly totals: Counts;
  /** Time the rows cover: from the fleet's start to the last flush (excludes sizing the fleet). */
  readonly generatedMs: number;
  readonly flushes: number;
  readonly deletedByRetention: number;
  readonly vessels: number;
  readonly elapsedMs: number;
}

interface Batch {
  readonly rows: unknown[];
  readonly runId: string;
}

const zero = (): Counts => ({ vessel_positions: 0, port_events: 0, vessel_metadata: 0 });

/**
 * Live generation: a fleet sails in real time, each table's rows are buffered as the clock
 * passes their timestamps and written every flushIntervalMs. A batch that fails to write is
 * kept with its run id, so the retry reuses the same insertIds / job ids and cannot
 * duplicate what already landed.
 */
export async function runContinuous(
  target: SynthesizerTarget,
  options: ContinuousRunOptions,
): Promise<ContinuousSummary> {
  const started = performance.now();
  const tables = selectTables(options.tables);
  const seed = options.seed ?? DEFAULT_SEED;
  const flushIntervalMs = options.flushIntervalMs ?? 5000;
  const maxFailures = options.maxConsecutiveFailures ?? 5;
  await ensureTables(target, tables);
  // Stops the loops on the caller's signal or on a fatal write error.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) stop.abort();

  const clock = options.clock ?? WALL_CLOCK;
  const rates = {
    positionsPerSecond: options.rates.vessel_positions ?? 0,
    eventsPerSecond: options.rates.port_events ?? 0,
    metadataPerSecond: options.rates.vessel_metadata ?? 0,
  };
  // Sizing and calibrating a fleet takes seconds: the fleet starts after it, so the first
  // flush is not a burst of the rows that "happened" while it was being sized.
  const sized =
    options.vessels !== undefined
      ? { vessels: options.vessels }
      : sizeLiveFleet(rates.eventsPerSecond, seed, Math.floor(clock.now()) * MICROS_PER_MS);
  const vessels = sized.vessels;
  const generator = continuousGenerator({
    seed,
    vessels,
    rates,
    ...(sized.tempo !== undefined ? { tempo: sized.tempo } : {}),
  });
  const startMs = Math.floor(clock.now());
  const fleet = generator.fleetAt(startMs * MICROS_PER_MS);
  options.onFleet?.({ vessels, start: fleet.start, expected: fleet.expected });

  const current: Record<TableName, unknown[]> = { vessel_positions: [], port_events: [], vessel_metadata: [] };
  const pending: Record<TableName, Batch[]> = { vessel_positions: [], port_events: [], vessel_metadata: [] };
  const failures = zero();
  const totals = zero();
  const cursors = new Map<TableName, LiveCursor<unknown>>(
    tables.map((t) => [t, generator.cursor(t, startMs * MICROS_PER_MS)]),
  );
  let lastTakenMs = startMs;
  const takeDue = (): void => {
    lastTakenMs = Math.max(lastTakenMs, clock.now());
    for (const [t, cursor] of cursors) for (const row of cursor.takeDue(lastTakenMs)) current[t].push(row);
  };
  const runId = newRunId();
  let flushNo = 0;
  let fatal: unknown;
  const write: WriteOptions = {
    ...(options.useStreamingInsert !== undefined ? { useStreamingInsert: options.useStreamingInsert } : {}),
    ...(options.loadChunkRows !== undefined ? { loadChunkRows: options.loadChunkRows } : {}),
    ...(options.insertChunkRows !== undefined ? { insertChunkRows: options.insertChunkRows } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.tempDir !== undefined ? { tempDir: options.tempDir } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  };

  const flush = async (): Promise<void> => {
    const no = ++flushNo;
    const rows = zero();
    takeDue();
    await Promise.all(
      tables.map(async (t) => {
        if (current[t].length > 0) pending[t].push({ rows: current[t].splice(0), runId: `${runId}_${no}` });
        while (pending[t].length > 0) {
          const batch = pending[t][0] as Batch;
          try {
            const n = await writeRows(target, t, batch.rows as RowOf[typeof t][], { ...write, runId: batch.runId });
            pending[t].shift();
            rows[t] += n;
            totals[t] += n;
            failures[t] = 0;
          } catch (error) {
            failures[t]++;
            if (failures[t] >= maxFailures) {
              fatal ??= error;
              stop.abort();
            } else options.onError?.(error, 'flush');
            return;
          }
        }
      }),
    );
    options.onFlush?.({ flush: no, rows, totals: { ...totals } });
  };

  let deleted = 0;
  const retentionLoop = async (): Promise<void> => {
    const days = options.retentionDays;
    if (days === undefined) return;
    do {
      try {
        const results = await applyRetention(target, { retentionDays: days, tables });
        deleted += results.reduce((s, r) => s + r.deleted, 0);
        options.onRetention?.(results);
      } catch (error) {
        options.onError?.(error, 'retention');
      }
    } while (await clock.sleep(options.retentionIntervalMs ?? 3_600_000, stop.signal));
  };
  const retention = retentionLoop();

  try {
    while (await clock.sleep(flushIntervalMs, stop.signal)) await flush();
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  if (fatal === undefined) await flush();
  await retention;
  if (fatal !== undefined) {
    throw new Error(`continuous generation stopped after ${maxFailures} failed flushes: ${(fatal as Error).message}`, {
      cause: fatal,
    });
  }
  return {
    totals,
    generatedMs: lastTakenMs - startMs,
    flushes: flushNo,
    deletedByRetention: deleted,
    vessels,
    elapsedMs: performance.now() - started,
  };
}
