import {
  BehaviorSubject,
  Subject,
  asyncScheduler,
  interval,
  timer,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { TableConfig } from '../config/types.js';
import { microsToIso, type Cursor } from '../streams/cursor/cursor.js';
import type { Progress } from '../streams/operators/track-progress.js';
import { BatchSizer } from '../streams/pipeline/batch-size.js';
import type { Phase } from '../streams/sink/batch-sink.js';
import { RateWindow } from '../streams/stats/rate-window.js';
import { NO_STATS, addPage, emptyTotals, todayOf, type SyncTotals } from '../streams/stats/sync-totals.js';
import type { CostEstimate, CostReport, CostReporter } from '../streams/source/cost-report.js';
import { isBudgetExceeded, type BudgetExceededError, type BudgetState } from '../streams/source/daily-budget.js';
import { describeError } from './errors.js';
import { supervise } from './supervisor.js';

export type TableState = 'idle' | 'running' | 'backoff' | 'paused' | 'failed' | 'stopped';

/** What status endpoints and the dashboard show for one table. Never holds credentials. */
export interface TableStatus {
  tableId: string;
  source: string;
  targetTable: string;
  state: TableState;
  phase: Phase | null;
  caughtUp: boolean;
  cursor: { timestamp: string; key: readonly string[] } | null;
  /**
   * Behind: now - newest committed source timestamp. Caught up: time since the last
   * successful poll that reached the end of the source. Keeps growing while paused/failing.
   */
  lagMs: number | null;
  /** Last successful read of the source (ISO). */
  lastPollAt: string | null;
  /** = rowsPerSecond10s. */
  rowsPerSecond: number;
  /** Rows written per second of wall time over the last 10 s / 60 s (0 when nothing arrives). */
  rowsPerSecond10s: number;
  rowsPerSecond60s: number;
  /** Rows written to the target in total, kept across restarts, lookback rows included. */
  rowsWritten: number;
  rowsWrittenSinceStart: number;
  /** Distinct target keys written in total; null if unknown. */
  distinctKeys: number | null;
  /** Query jobs issued to BigQuery for this table, and the job statistics' bytes. */
  queries: UsageCounts;
  bytesProcessed: UsageCounts;
  bytesBilled: UsageCounts;
  /** Alias of rowsWrittenSinceStart, kept for compatibility. */
  rowsCommitted: number;
  skippedRows: number;
  batchSize: number | null;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastCommitAt: string | null;
  startedAt: string | null;
  /** Why the table is paused: `budget` = sync.maxBytesBilledPerDay reached; null otherwise. */
  pauseReason?: 'budget' | null;
  /** When a budget pause ends by itself (the next UTC midnight, ISO); null otherwise. */
  resumesAt?: string | null;
  /** Start-up dry-run estimate of the read cost (null until known or when it failed). */
  costEstimate?: CostEstimate | null;
  /** Today's budget (null when sync.maxBytesBilledPerDay is 0). */
  budget?: BudgetState | null;
  /** Conditions that make reads cost more than they should, or fail. */
  warnings?: string[];
}

/** A count since this process started, in the current UTC day, and in total (checkpoint). */
export interface UsageCounts {
  sinceStart: number;
  today: number;
  total: number;
}

/** Builds one incarnation of the table's pipeline; `stop` drains it. */
export type PipelineFactory = (context: {
  stop: Observable<unknown>;
  sizer: BatchSizer;
  /** Where the pipeline reports its cost estimate, warnings and budget (into status). */
  report?: CostReporter;
}) => Observable<Progress>;

export interface TableActorOptions {
  table: TableConfig;
  build: PipelineFactory;
  onEvent?: (event: TableEvent) => void;
  scheduler?: SchedulerLike;
  now?: () => number;
  /** Longest a graceful stop waits for the batch in flight before abandoning it. */
  drainTimeoutMs?: number;
  /**
   * How often the clock-driven status fields (rates, lag) are recomputed; default 1000 ms.
   * 0 turns it off, for tests that run a virtual scheduler until it has nothing left to do
   * (a periodic refresh on that scheduler would never let it drain).
   */
  refreshMs?: number;
}

export type TableEvent =
  | { type: 'started'; tableId: string }
  | { type: 'restarting'; tableId: string; attempt: number; delayMs: number; error: string }
  | { type: 'failed'; tableId: string; error: string }
  | { type: 'stopped'; tableId: string }
  | { type: 'paused'; tableId: string; reason?: 'budget'; resumesAt?: string; message?: string }
  | { type: 'warning'; tableId: string; message: string };

/**
 * One table's actor: runs its pipeline under a supervisor (restart with backoff from the
 * last committed checkpoint), and answers pause, resume, stop and status. A table that
 * keeps failing, or fails in a way retrying cannot fix, is marked failed on its own: the
 * other tables' actors are untouched.
 */
export class TableActor {
  readonly status$: BehaviorSubject<TableStatus>;
  private subscription: Subscription | undefined;
  private stop$: Subject<void> | undefined;
  private finished: Promise<void> = Promise.resolve();
  private sizer: BatchSizer;
  private readonly now: () => number;
  /** Wall-time rates and the inputs of lag, kept across pipeline restarts of this actor. */
  private rates: RateWindow | undefined;
  private sinceStart: SyncTotals | undefined;
  private totals: SyncTotals | undefined;
  /** Newest committed source timestamp (ms) and the last poll that reached the end. */
  private newestSourceMs: number | undefined;
  private lastCaughtUpPollMs: number | undefined;
  private ticker: Subscription | undefined;
  /** Resumes a table paused for its daily budget at the next UTC midnight. */
  private budgetResume: Subscription | undefined;
  /** Warnings already logged (each once per actor). */
  private readonly warned = new Set<string>();

  constructor(private readonly o: TableActorOptions) {
    this.now = o.now ?? Date.now;
    this.sizer = new BatchSizer(o.table.sync, 'initial');
    this.status$ = new BehaviorSubject<TableStatus>({
      tableId: o.table.id,
      source: `${o.table.dataset}.${o.table.table}`,
      targetTable: o.table.targetTable,
      state: 'idle',
      phase: null,
      caughtUp: false,
      cursor: null,
      lagMs: null,
      lastPollAt: null,
      rowsPerSecond: 0,
      rowsPerSecond10s: 0,
      rowsPerSecond60s: 0,
      rowsWritten: 0,
      rowsWrittenSinceStart: 0,
      distinctKeys: null,
      queries: { sinceStart: 0, today: 0, total: 0 },
      bytesProcessed: { sinceStart: 0, today: 0, total: 0 },
      bytesBilled: { sinceStart: 0, today: 0, total: 0 },
      rowsCommitted: 0,
      skippedRows: 0,
      batchSize: null,
      restarts: 0,
      lastError: null,
      lastErrorAt: null,
      lastCommitAt: null,
      startedAt: null,
      pauseReason: null,
      resumesAt: null,
      costEstimate: null,
      budget: null,
      warnings: [],
    });
  }

  get id(): string {
    return this.o.table.id;
  }

  get status(): TableStatus {
    return this.status$.value;
  }

  /** Starts (or restarts after failure/pause) the pipeline; no-op while running. */
  start(): void {
    if (this.subscription && !this.subscription.closed) return;
    const stop$ = new Subject<void>();
    this.stop$ = stop$;
    const policy = {
      maxRestarts: this.o.table.sync.maxRestarts,
      initialDelayMs: this.o.table.sync.restartBackoffMs.initial,
      maxDelayMs: this.o.table.sync.restartBackoffMs.max,
    };
    this.clearBudgetPause();
    this.update({
      state: 'running',
      startedAt: new Date(this.now()).toISOString(),
      pauseReason: null,
      resumesAt: null,
    });
    this.rates ??= new RateWindow(this.now());
    this.sinceStart ??= emptyTotals(this.now());
    // Rates decay and lag grows with wall time, so they are recomputed every second, not only
    // when a page arrives (a table polled every minute would otherwise freeze its numbers).
    const refreshMs = this.o.refreshMs ?? 1000;
    if (refreshMs > 0)
      this.ticker ??= interval(refreshMs, this.o.scheduler ?? asyncScheduler).subscribe(() =>
        this.update(this.clockFields()),
      );
    this.o.onEvent?.({ type: 'started', tableId: this.id });
    let resolveFinished!: () => void;
    this.finished = new Promise((r) => (resolveFinished = r));
    this.subscription = this.o
      .build({ stop: stop$, sizer: this.sizer, report: (r) => this.onCost(r) })
      .pipe(
        supervise(
          policy,
          ({ error, attempt, delayMs }) => {
            const message = describeError(error);
            this.update({
              state: 'backoff',
              restarts: this.status.restarts + 1,
              lastError: message,
              lastErrorAt: new Date(this.now()).toISOString(),
            });
            this.o.onEvent?.({ type: 'restarting', tableId: this.id, attempt, delayMs, error: message });
          },
          this.o.scheduler ?? asyncScheduler,
        ),
      )
      .subscribe({
        next: (p) => this.onProgress(p),
        error: (error: unknown) => {
          if (isBudgetExceeded(error)) {
            this.pauseForBudget(error);
            resolveFinished();
            return;
          }
          const message = describeError(error);
          this.update({ state: 'failed', lastError: message, lastErrorAt: new Date(this.now()).toISOString() });
          this.o.onEvent?.({ type: 'failed', tableId: this.id, error: message });
          resolveFinished();
        },
        complete: () => resolveFinished(),
      });
    this.subscription.add(() => resolveFinished());
  }

  /** Drains: no new read starts, the batch in flight commits (or is abandoned after a timeout). */
  async stop(finalState: 'stopped' | 'paused' = 'stopped'): Promise<void> {
    // A pause or stop asked for now replaces a budget pause (and its resume at midnight).
    this.clearBudgetPause();
    const subscription = this.subscription;
    if (subscription && !subscription.closed) {
      if (this.status.state === 'backoff') {
        subscription.unsubscribe();
      } else {
        this.stop$?.next();
        const timeout = this.o.drainTimeoutMs ?? 30_000;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.finished, new Promise<void>((r) => (timer = setTimeout(r, timeout)))]);
        clearTimeout(timer);
        subscription.unsubscribe();
      }
    }
    if (finalState === 'stopped') {
      this.ticker?.unsubscribe();
      this.ticker = undefined;
    }
    if (this.status.state !== 'failed' || finalState === 'paused')
      this.update({ state: finalState, pauseReason: null, resumesAt: null, ...this.clockFields() });
    this.o.onEvent?.({ type: finalState, tableId: this.id });
  }

  async pause(): Promise<void> {
    await this.stop('paused');
  }

  resume(): void {
    this.start();
  }

  // --- cost (issue #17): budget pause and cost report; kept apart from the state machine ---

  /** The pipeline signalled that its next query would exceed today's budget. */
  private pauseForBudget(signal: BudgetExceededError): void {
    const resumesAt = new Date(signal.resumesAtMs).toISOString();
    this.update({ state: 'paused', pauseReason: 'budget', resumesAt, ...this.clockFields() });
    this.o.onEvent?.({ type: 'paused', tableId: this.id, reason: 'budget', resumesAt, message: signal.message });
    this.budgetResume = timer(
      Math.max(0, signal.resumesAtMs - this.now()),
      this.o.scheduler ?? asyncScheduler,
    ).subscribe(() => {
      this.budgetResume = undefined;
      if (this.status.state === 'paused' && this.status.pauseReason === 'budget') this.start();
    });
  }

  private clearBudgetPause(): void {
    this.budgetResume?.unsubscribe();
    this.budgetResume = undefined;
  }

  private onCost(report: CostReport): void {
    for (const w of report.warnings ?? []) {
      if (this.warned.has(w)) continue;
      this.warned.add(w);
      this.o.onEvent?.({ type: 'warning', tableId: this.id, message: w });
    }
    this.update(report);
  }

  private onProgress(p: Progress): void {
    const now = this.now();
    const written = p.rowsWrittenInBatch ?? (p.committed ? p.rowsInBatch : 0);
    this.rates?.add(now, written);
    this.sinceStart = addPage(this.sinceStart ?? emptyTotals(now), written, p.stats ?? NO_STATS, now);
    if (p.totals) this.totals = p.totals;
    if (p.fetchedAtMs !== undefined && !p.lookback) {
      if (p.cursor) this.newestSourceMs = Number(p.cursor.timestampMicros / 1000n);
      if (p.caughtUp) this.lastCaughtUpPollMs = p.fetchedAtMs;
    }
    const distinctKeys = p.distinctKeys !== undefined ? p.distinctKeys : this.status.distinctKeys;
    this.update({
      state: 'running',
      phase: p.phase,
      caughtUp: p.caughtUp,
      cursor: p.cursor ? cursorForStatus(p.cursor) : this.status.cursor,
      lastPollAt: p.fetchedAtMs !== undefined ? new Date(p.fetchedAtMs).toISOString() : this.status.lastPollAt,
      ...this.clockFields(p.caughtUp),
      // Hand-made progress without read times keeps the pipeline's own lag.
      ...(p.fetchedAtMs === undefined ? { lagMs: Math.max(0, Math.round(p.lagMs)) } : {}),
      distinctKeys,
      skippedRows: this.status.skippedRows + p.skippedInBatch,
      batchSize: p.batchSize,
      // An empty poll reads but writes nothing: it must not look like a commit.
      lastCommitAt: p.committed ? new Date(p.committedAtMs).toISOString() : this.status.lastCommitAt,
    });
  }

  /** The fields that move with wall time: rates, lag, today's counters. */
  private clockFields(caughtUp = this.status.caughtUp): Partial<TableStatus> {
    const now = this.now();
    const fields: Partial<TableStatus> = {};
    if (this.rates) {
      const r10 = round2(this.rates.rate(now, 10_000));
      fields.rowsPerSecond10s = r10;
      fields.rowsPerSecond = r10;
      fields.rowsPerSecond60s = round2(this.rates.rate(now, 60_000));
    }
    const since = this.sinceStart;
    if (since) {
      const total = this.totals;
      const today = total ? todayOf(total, now) : todayOf(since, now);
      fields.rowsWrittenSinceStart = since.rowsWritten;
      fields.rowsCommitted = since.rowsWritten;
      fields.rowsWritten = total ? total.rowsWritten : since.rowsWritten;
      fields.queries = { sinceStart: since.queries, today: today.queries, total: total?.queries ?? since.queries };
      fields.bytesProcessed = {
        sinceStart: since.bytesProcessed,
        today: today.bytesProcessed,
        total: total?.bytesProcessed ?? since.bytesProcessed,
      };
      fields.bytesBilled = {
        sinceStart: since.bytesBilled,
        today: today.bytesBilled,
        total: total?.bytesBilled ?? since.bytesBilled,
      };
    }
    const from = caughtUp ? this.lastCaughtUpPollMs : this.newestSourceMs;
    if (from !== undefined) fields.lagMs = Math.max(0, Math.round(now - from));
    return fields;
  }

  private update(patch: Partial<TableStatus>): void {
    this.status$.next({ ...this.status$.value, ...patch });
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function cursorForStatus(cursor: Cursor): TableStatus['cursor'] {
  return { timestamp: microsToIso(cursor.timestampMicros), key: cursor.key };
}
