import { VirtualTimeScheduler, defer, filter, firstValueFrom, tap } from 'rxjs';
import { TableActor, type TableStatus } from '../../../actors/table-actor.js';
import type { TableConfig, TableSyncSettings } from '../../../config/types.js';
import { compareCursor, type Cursor } from '../../../streams/cursor/cursor.js';
import { phaseBatchSize } from '../../../streams/pipeline/batch-size.js';
import { tablePipeline } from '../../../streams/pipeline/table-pipeline.js';
import type { PageRequest } from '../../../streams/query/page-query.js';
import type { Phase } from '../../../streams/sink/batch-sink.js';
import { InMemorySink, type CrashPoint } from '../../../streams/sink/in-memory-sink.js';
import { InMemorySource } from '../../../streams/source/in-memory-source.js';
import type { PageSource, SourcePage } from '../../../streams/source/page-source.js';
import {
  PLAIN_KEY_KINDS,
  convertPlain,
  plainCursor,
  plainSourceRows,
  settings,
  type PlainRow,
} from '../../support/sync-fixtures.js';

export const kinds = [...PLAIN_KEY_KINDS];

/** A source error as the BigQuery client raises it (code + reason decide retryability). */
export function sourceError(kind: 'transient' | 'permanent', readNo: number): Error {
  const e = new Error(`injected ${kind} source error on read #${readNo}`) as Error & {
    code: number;
    errors: { reason: string }[];
  };
  e.code = kind === 'transient' ? 503 : 404;
  e.errors = [{ reason: kind === 'transient' ? 'backendError' : 'notFound' }];
  return e;
}

/**
 * A virtual clock shared by the pipeline (`now`) and its scheduler (poll waits, restart
 * backoff). Timers fire on the next turn of the event loop, after the promise work in
 * flight, and move the clock to their due time; every read moves it further by a drawn step,
 * so lag and phase change the way they would against a table that keeps growing.
 */
export class VirtualClock {
  readonly scheduler = new VirtualTimeScheduler();
  private offsetMs: number;
  private flushing = false;

  constructor(startMs: number) {
    this.offsetMs = startMs;
    const schedule = this.scheduler.schedule.bind(this.scheduler);
    this.scheduler.schedule = ((...args: Parameters<typeof schedule>) => {
      const sub = schedule(...args);
      this.flushSoon();
      return sub;
    }) as typeof schedule;
  }

  now = (): number => this.offsetMs + this.scheduler.frame;

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      this.scheduler.flush();
    });
  }
}

export interface Scenario {
  rows: PlainRow[];
  sizes: { initialBatchSize: number; catchupBatchSize: number; steadyBatchSize: number };
  prefetch: number;
  /** Virtual ms the clock moves on each read, used in turn. */
  clockSteps: number[];
  startMs: number;
  /** Commit numbers (1-based, counted over every attempt) that crash, and where. */
  crashes: Map<number, CrashPoint>;
  /** Read numbers (1-based) that fail with a retryable error. */
  transientReads: Set<number>;
  /** A read number that fails with an error retrying cannot fix. */
  permanentRead?: number;
}

export interface RunOutcome {
  sink: InMemorySink;
  status: TableStatus;
  reads: number;
  commits: number;
  crashesFired: number;
  transientFired: number;
  permanentFired: boolean;
  phases: Set<Phase>;
  /** `phase:limit` pairs that shaped a read. */
  phaseLimits: Set<string>;
  emittedInOrder: boolean;
  /** Reads whose limit was not the size of the phase the reader was in (no read error runs). */
  limitMismatches: string[];
}

export const THRESHOLDS = { steadyThresholdMs: 40, catchupThresholdMs: 400, pollIntervalMs: 25 };

export function syncSettings(s: Scenario): TableSyncSettings {
  return settings({
    ...s.sizes,
    maxBatchSize: 100_000,
    minBatchSize: 1,
    ...THRESHOLDS,
    settleDelayMs: 0,
    lookbackMs: 0,
    queryTimeoutMs: 1_000_000,
    maxRestarts: 1_000,
    restartBackoffMs: { initial: 10, max: 80 },
  });
}

/** Largest cursor of the table (bad rows move the cursor too: they are committed as skipped). */
export function maxCursor(rows: PlainRow[]): Cursor | undefined {
  if (rows.length === 0) return undefined;
  return rows.map(plainCursor).reduce((a, b) => (compareCursor(kinds, a, b) >= 0 ? a : b));
}

/**
 * Runs one table through the real `TableActor` (which restarts it through `supervise`) on a
 * virtual clock, until everything in the source is committed or the actor gives up; then
 * stops it through its public API.
 */
export async function runThroughActor(s: Scenario): Promise<RunOutcome> {
  const clock = new VirtualClock(s.startMs);
  let commits = 0;
  let crashesFired = 0;
  const sink = new InMemorySink((n) => {
    commits = n;
    const crash = s.crashes.get(n);
    if (crash) crashesFired++;
    return crash;
  });
  const memory = new InMemorySource<PlainRow>(kinds, plainSourceRows(s.rows));
  const maxTsMicros = s.rows.length ? BigInt(Math.max(...s.rows.map((r) => r.ts))) : 0n;
  let reads = 0;
  let transientFired = 0;
  let permanentFired = false;
  let finalReadDone = false;
  const source: PageSource<PlainRow> = {
    readPage: async (request: PageRequest): Promise<SourcePage<PlainRow>> => {
      const n = ++reads;
      if (n > 200_000) throw Object.assign(new Error('runaway: too many reads'), { fatal: true });
      clock.advance(s.clockSteps[n % s.clockSteps.length]!);
      if (s.permanentRead === n) {
        permanentFired = true;
        throw sourceError('permanent', n);
      }
      if (s.transientReads.has(n)) {
        transientFired++;
        throw sourceError('transient', n);
      }
      const page = await memory.readPage(request);
      if (page.rows.length < request.limit && request.upperMicros >= maxTsMicros) finalReadDone = true;
      return page;
    },
  };
  const sync = syncSettings(s);
  const table: TableConfig = {
    id: 't',
    dataset: 'd',
    table: 't',
    timestampColumn: 'ts',
    columns: '*',
    targetTable: 'Target',
    numericMode: 'string',
    geographyFormat: 'wkt',
    sync,
  };
  const phases = new Set<Phase>();
  const phaseLimits = new Set<string>();
  const limitMismatches: string[] = [];
  let emittedInOrder = true;
  const actor = new TableActor({
    table,
    scheduler: clock.scheduler,
    now: clock.now,
    drainTimeoutMs: 5_000,
    // The clock is flushed until nothing is scheduled: no periodic status refresh on it.
    refreshMs: 0,
    build: ({ stop, sizer }) =>
      defer(() => {
        // One run of the pipeline: it resumes from the checkpoint committed right now.
        let readerPhase: Phase = sink.checkpoints.get('t_all')?.phase ?? 'initial';
        let last: Cursor | undefined;
        return tablePipeline({
          tableId: 't',
          targetTable: 'Target',
          source,
          sink,
          convert: convertPlain,
          settings: sync,
          sizer,
          stop,
          now: clock.now,
          scheduler: clock.scheduler,
          prefetch: s.prefetch,
          transform: tap((converted) => {
            const { page } = converted;
            phaseLimits.add(`${readerPhase}:${page.request.limit}`);
            const expected = phaseBatchSize(readerPhase, sync);
            if (transientFired === 0 && page.request.limit !== expected)
              limitMismatches.push(`${readerPhase} read with ${page.request.limit}, expected ${expected}`);
            readerPhase = page.phase;
            phases.add(page.phase);
            for (const { cursor } of page.rows) {
              if (last && compareCursor(kinds, last, cursor) >= 0) emittedInOrder = false;
              last = cursor;
            }
          }),
        });
      }),
  });
  const target = maxCursor(s.rows);
  const done = firstValueFrom(
    actor.status$.pipe(
      filter((st) => {
        if (st.state === 'failed') return true;
        if (!finalReadDone || !st.caughtUp) return false;
        const cp = sink.checkpoints.get('t_all');
        return target === undefined ? true : cp !== undefined && compareCursor(kinds, cp.cursor, target) === 0;
      }),
    ),
  );
  actor.start();
  await done;
  await actor.stop();
  return {
    sink,
    status: actor.status,
    reads,
    commits,
    crashesFired,
    transientFired,
    permanentFired,
    phases,
    phaseLimits,
    emittedInOrder,
    limitMismatches,
  };
}

/** Size of the largest group of rows sharing one timestamp. */
export function largestTieGroup(rows: PlainRow[]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.ts, (counts.get(r.ts) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Deterministic rows from a seed: `distinct` timestamps `spacingMs` apart, unique keys. */
export function buildRows(count: number, distinct: number, spacingMs: number, seed: number): PlainRow[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: cheap and reproducible, so a failing seed replays the same table.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const groups = ['a', 'b', 'é', '𝔘', ''];
  const rows: PlainRow[] = [];
  for (let i = 0; i < count; i++) {
    const bucket = next() % distinct;
    rows.push({
      // Microseconds; a few distinct values give large tie groups.
      ts: bucket * spacingMs * 1000,
      group: groups[next() % groups.length]!,
      n: i,
      payload: next() % 4 === 0 ? null : `p${next() % 100}`,
      bad: next() % 20 === 0,
    });
  }
  return rows;
}
