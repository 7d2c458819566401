import {
  EMPTY,
  Observable,
  ReplaySubject,
  asyncScheduler,
  concat,
  concatMap,
  defer,
  expand,
  from,
  ignoreElements,
  map,
  take,
  takeUntil,
  tap,
  timer,
  type SchedulerLike,
} from 'rxjs';
import type { Cursor, Page, PageSource, Phase } from '../model/index.js';
import type { BatchSizer } from './batch-size.js';
import { CreditGate } from './credit-gate.js';
import { afterRead, initialReaderState, nextRequest, type ReaderState, type StepSettings } from './read-step.js';

export type { Page };

export interface ReadPagesOptions<Row> {
  source: PageSource<Row>;
  /** Committed position to resume from; null starts at the beginning of the table. */
  from: Cursor | null;
  phase: Phase;
  sizer: BatchSizer;
  pollIntervalMs: number;
  settleDelayMs: number;
  /** When > 0, every time the reader is caught up it re-reads this window behind the cursor. */
  lookbackMs?: number;
  catchupThresholdMs: number;
  steadyThresholdMs: number;
  /** Wall clock in ms; injected so tests control time. */
  now: () => number;
  /** One emission per page the downstream has finished with (committed). */
  credits: Observable<unknown>;
  /** Pages that may be read ahead of the one being written (bounded, never unbounded). */
  prefetch?: number;
  /** When it emits, no new read starts and the stream completes after the read in flight. */
  stop?: Observable<unknown>;
  scheduler?: SchedulerLike;
}

interface Step<Row> {
  readonly page: Page<Row>;
  readonly state: ReaderState;
}

/**
 * The poll ticker and the adaptive batch source of one table, as one serial loop:
 *   [wait pollInterval if the last read drained the source] -> take a credit -> read one page
 *   -> emit it -> next step.
 * `expand(..., 1)` runs one step at a time, so there is never more than one read or one wait
 * in flight: a credit that arrives while a page is emitted (an empty page commits
 * synchronously) only adds a permit; it cannot start a read of its own. Caught up, that is
 * exactly one page query per poll interval; full pages drain back to back; and at most
 * `prefetch` pages are read beyond the ones committed.
 */
export function readPages<Row>(o: ReadPagesOptions<Row>): Observable<Page<Row>> {
  return defer(() => {
    const scheduler = o.scheduler ?? asyncScheduler;
    const settings: StepSettings = {
      settleDelayMs: o.settleDelayMs,
      lookbackMs: o.lookbackMs ?? 0,
      catchupThresholdMs: o.catchupThresholdMs,
      steadyThresholdMs: o.steadyThresholdMs,
    };
    const gate = new CreditGate((o.prefetch ?? 1) + 1, o.credits);
    const stopped = new ReplaySubject<void>(1);
    const stopSub = o.stop?.subscribe(() => stopped.next());

    const readOne = (state: ReaderState): Observable<Step<Row>> =>
      defer(() => {
        const startedAt = o.now();
        const request = nextRequest(state, startedAt, o.sizer.current(state.phase), settings);
        return from(o.source.readPage(request)).pipe(
          take(1),
          tap({ error: () => o.sizer.onFailure() }),
          map((result) => {
            const fetchedAtMs = o.now();
            const latencyMs = fetchedAtMs - startedAt;
            o.sizer.onSuccess(latencyMs);
            const next = afterRead(state, request, result.rows, fetchedAtMs, settings);
            const page: Page<Row> = {
              rows: result.rows,
              request,
              cursor: next.cursor,
              full: result.rows.length >= request.limit,
              lookback: state.lookbackAfter !== undefined,
              phase: next.phase,
              lagMs: next.lagMs,
              latencyMs,
              fetchedAtMs,
              ...(result.stats ? { stats: result.stats } : {}),
            };
            return { page, state: next };
          }),
        );
      });

    // Waiting (poll interval, credit) is cut short by stop; a read in flight is not.
    const step = (state: ReaderState): Observable<Step<Row>> =>
      concat(state.waitFirst ? timer(o.pollIntervalMs, scheduler).pipe(ignoreElements()) : EMPTY, gate.take()).pipe(
        takeUntil(stopped),
        take(1),
        concatMap(() => readOne(state)),
      );

    const loop = step(initialReaderState(o.from, o.phase)).pipe(
      expand((s) => step(s.state), 1),
      map((s) => s.page),
    );
    return new Observable<Page<Row>>((subscriber) => {
      const sub = loop.subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        stopSub?.unsubscribe();
        gate.close();
      };
    });
  });
}
