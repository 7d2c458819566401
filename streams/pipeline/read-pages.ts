import { Observable, asyncScheduler, from, timer, type SchedulerLike, type Subscription } from 'rxjs';
import type { Cursor } from '../cursor/cursor.js';
import type { PageRequest } from '../query/page-query.js';
import type { Phase } from '../sink/batch-sink.js';
import type { PageSource, SourceRow } from '../source/page-source.js';
import type { BatchSizer } from './batch-size.js';
import { nextPhase } from './phase.js';

/** A page read from the source, with what the reader knew when it read it. */
export interface Page<Row> {
  readonly rows: readonly SourceRow<Row>[];
  readonly request: PageRequest;
  /** Position after this page: its last row, or the previous position when empty. */
  readonly cursor: Cursor | null;
  /** A full page means more rows are waiting: the reader does not wait before the next. */
  readonly full: boolean;
  /**
   * A re-read of the recent past (behind the cursor) to catch rows that landed late with
   * older timestamps. Its rows are upserted; the cursor does not move.
   */
  readonly lookback: boolean;
  readonly phase: Phase;
  readonly lagMs: number;
  readonly latencyMs: number;
  readonly fetchedAtMs: number;
}

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

/**
 * The poll ticker and the adaptive batch source of one table. Drains immediately while
 * pages come back full, waits `pollIntervalMs` once caught up, and never has more than
 * `prefetch` pages read but not yet committed downstream.
 */
export function readPages<Row>(o: ReadPagesOptions<Row>): Observable<Page<Row>> {
  return new Observable<Page<Row>>((subscriber) => {
    const scheduler = o.scheduler ?? asyncScheduler;
    let credits = (o.prefetch ?? 1) + 1;
    let cursor = o.from;
    let phase = o.phase;
    let reading: Subscription | undefined;
    let waiting: Subscription | undefined;
    let stopping = false;
    // Position inside a lookback scan; undefined when no scan is under way.
    let lookbackAfter: Cursor | null | undefined;
    let lookbackUpper = 0n;
    let lag = 0;

    const pump = () => {
      if (subscriber.closed || reading || waiting) return;
      if (stopping) return subscriber.complete();
      if (credits <= 0) return;
      credits--;
      const startedAt = o.now();
      const limit = o.sizer.current(phase);
      const lookback = lookbackAfter !== undefined;
      const request: PageRequest = lookback
        ? {
            after: lookbackAfter ?? null,
            lowerMicros: lookbackUpper - BigInt(Math.floor(o.lookbackMs ?? 0)) * 1000n,
            upperMicros: lookbackUpper,
            limit,
          }
        : { after: cursor, upperMicros: BigInt(Math.floor(startedAt - o.settleDelayMs)) * 1000n, limit };
      reading = from(o.source.readPage(request)).subscribe({
        next: (page) => {
          const fetchedAtMs = o.now();
          const latencyMs = fetchedAtMs - startedAt;
          o.sizer.onSuccess(latencyMs);
          const rows = page.rows;
          const full = rows.length >= limit;
          reading = undefined;
          if (lookback) {
            lookbackAfter = full ? rows[rows.length - 1]!.cursor : undefined;
          } else {
            cursor = rows.length > 0 ? rows[rows.length - 1]!.cursor : cursor;
            // Behind: as old as the last row read. Caught up: as old as the read's upper bound.
            lag =
              full && cursor
                ? fetchedAtMs - Number(cursor.timestampMicros / 1000n)
                : fetchedAtMs - Number(request.upperMicros / 1000n);
            phase = nextPhase(phase, lag, o);
            // Caught up: before waiting, sweep the window behind the cursor for late rows.
            if (!full && cursor && (o.lookbackMs ?? 0) > 0) {
              lookbackAfter = null;
              lookbackUpper = cursor.timestampMicros;
            }
          }
          subscriber.next({ rows, request, cursor, full, lookback, phase, lagMs: lag, latencyMs, fetchedAtMs });
          if (!full && lookbackAfter === undefined) {
            waiting = timer(o.pollIntervalMs, scheduler).subscribe(() => {
              waiting = undefined;
              pump();
            });
          }
          pump();
        },
        error: (error: unknown) => {
          o.sizer.onFailure();
          subscriber.error(error);
        },
      });
    };

    const creditSub = o.credits.subscribe(() => {
      credits++;
      pump();
    });
    const stopSub = o.stop?.subscribe(() => {
      stopping = true;
      waiting?.unsubscribe();
      waiting = undefined;
      pump();
    });
    pump();
    return () => {
      creditSub.unsubscribe();
      stopSub?.unsubscribe();
      reading?.unsubscribe();
      waiting?.unsubscribe();
    };
  });
}
