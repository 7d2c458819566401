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
import { microsToIso } from '../streams/cursor/cursor.js';
import type {
  Cursor,
  PauseReason,
  Progress,
  SyncTotals,
  TableState,
  TableStatus,
  UsageCounts,
} from '../streams/model/index.js';
import { BatchSizer } from '../streams/pipeline/batch-size.js';
import { RateWindow } from '../streams/stats/rate-window.js';
import { NO_STATS, addPage, emptyTotals, todayOf } from '../streams/stats/sync-totals.js';
import type { CostReport, CostReporter } from '../streams/model/index.js';
import { isBudgetExceeded, type BudgetExceededError } from '../streams/source/daily-budget.js';
import { describeError } from './errors.js';
import { Mailbox } from './mailbox.js';
import { supervise } from './supervisor.js';
import { INITIAL_MACHINE_STATE, transition, type TableMachineEvent, type TableMachineState } from './table-machine.js';

export type { TableState, TableStatus, UsageCounts, PauseReason };

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
  | { type: 'paused'; tableId: string; reason: PauseReason; resumesAt?: string; message?: string }
  | { type: 'resyncing'; tableId: string }
  | { type: 'warning'; tableId: string; message: string };

/** Status fields other than the state, which only the state machine sets. */
type StatusPatch = Partial<Omit<TableStatus, 'state' | 'pauseReason'>>;

/** The commands the mailbox serialises. */
type Command = 'start' | 'pause' | 'stop' | 'resync';

/**
 * One table's actor: runs its pipeline under a supervisor (restart with backoff from the
 * last committed checkpoint), and answers start/resume, pause, resync, stop and status. A
 * table that keeps failing, or fails in a way retrying cannot fix, is marked failed on its
 * own: the other tables' actors are untouched.
 *
 * Its lifecycle is the state machine of table-machine.ts: `dispatch` is the only place the
 * state changes. Commands go through a serial mailbox, so each runs once and in order even
 * when sent twice quickly or while another one drains.
 */
export class TableActor {
  readonly status$: BehaviorSubject<TableStatus>;
  private machine: TableMachineState = INITIAL_MACHINE_STATE;
  private readonly mailbox = new Mailbox<Command>();
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
      state: INITIAL_MACHINE_STATE.state,
      pauseReason: INITIAL_MACHINE_STATE.pauseReason,
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
      storageRead: { sessions: 0, streams: 0, rowsRead: 0, bytesRead: { sinceStart: 0, today: 0, total: 0 } },
      rowsCommitted: 0,
      skippedRows: 0,
      batchSize: null,
      restarts: 0,
      lastError: null,
      lastErrorAt: null,
      lastCommitAt: null,
      startedAt: null,
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

  /** Starts (or restarts after failure/pause/stop) the pipeline; no-op while running. */
  start(): Promise<void> {
    return this.mailbox.send('start', () => this.launch());
  }

  resume(): Promise<void> {
    return this.start();
  }

  /** Drains (the batch in flight commits) and reads nothing more until resumed. */
  pause(reason: PauseReason = 'user'): Promise<void> {
    return this.mailbox.send('pause', () => this.halt({ type: 'pause', reason }));
  }

  /**
   * Drains: no new read starts, the batch in flight commits (or is abandoned after a
   * timeout). `stop('paused')` is `pause()`.
   */
  stop(finalState: 'stopped' | 'paused' = 'stopped'): Promise<void> {
    if (finalState === 'paused') return this.pause();
    return this.mailbox.send('stop', () => this.halt({ type: 'stop' }));
  }

  /**
   * Drains, forgets the committed position (`reset`, e.g. the checkpoint store's
   * resetCheckpoint) and starts over from the beginning of the source.
   */
  resync(reset: () => Promise<void>): Promise<void> {
    return this.mailbox.send('resync', async () => {
      const wasBackoff = this.machine.state === 'backoff';
      if (!this.dispatch({ type: 'resync' })) return;
      this.o.onEvent?.({ type: 'resyncing', tableId: this.id });
      await this.drain(wasBackoff);
      try {
        await reset();
      } catch (error) {
        const message = describeError(error);
        this.dispatch({ type: 'failed' }, { lastError: message, lastErrorAt: new Date(this.now()).toISOString() });
        this.o.onEvent?.({ type: 'failed', tableId: this.id, error: message });
        throw error;
      }
      this.launch();
    });
  }

  /**
   * The one place the state changes: applies `event` through the transition table (an event
   * the current state ignores changes nothing) together with `patch`, in one status update.
   * Returns whether the event was accepted.
   */
  private dispatch(event: TableMachineEvent, patch: StatusPatch = {}): boolean {
    const next = transition(this.machine, event);
    if (next) this.machine = next;
    this.status$.next({
      ...this.status$.value,
      ...patch,
      state: this.machine.state,
      pauseReason: this.machine.pauseReason,
    });
    return next !== undefined;
  }

  private launch(): void {
    if (!this.dispatch({ type: 'start' }, { startedAt: new Date(this.now()).toISOString(), resumesAt: null })) return;
    this.clearBudgetPause();
    const stop$ = new Subject<void>();
    this.stop$ = stop$;
    const policy = {
      maxRestarts: this.o.table.sync.maxRestarts,
      initialDelayMs: this.o.table.sync.restartBackoffMs.initial,
      maxDelayMs: this.o.table.sync.restartBackoffMs.max,
    };
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
            this.dispatch(
              { type: 'retrying' },
              {
                restarts: this.status.restarts + 1,
                lastError: message,
                lastErrorAt: new Date(this.now()).toISOString(),
              },
            );
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
          this.dispatch({ type: 'failed' }, { lastError: message, lastErrorAt: new Date(this.now()).toISOString() });
          this.o.onEvent?.({ type: 'failed', tableId: this.id, error: message });
          resolveFinished();
        },
        complete: () => resolveFinished(),
      });
    this.subscription.add(() => resolveFinished());
  }

  /** Pause or stop: the state machine decides whether there is anything to drain. */
  private async halt(event: Extract<TableMachineEvent, { type: 'pause' | 'stop' }>): Promise<void> {
    const wasBackoff = this.machine.state === 'backoff';
    // A pause or stop asked for now replaces a budget pause (and its resume at midnight).
    this.clearBudgetPause();
    if (!this.dispatch(event, { resumesAt: null })) return;
    await this.drain(wasBackoff);
    if (event.type === 'stop') {
      this.ticker?.unsubscribe();
      this.ticker = undefined;
    }
    this.dispatch({ type: 'drained' }, this.clockFields());
    if (event.type === 'pause') this.o.onEvent?.({ type: 'paused', tableId: this.id, reason: event.reason });
    else this.o.onEvent?.({ type: 'stopped', tableId: this.id });
  }

  /** Ends the running pipeline: a restart waiting in backoff is dropped, a run drains. */
  private async drain(wasBackoff: boolean): Promise<void> {
    const subscription = this.subscription;
    if (!subscription || subscription.closed) return;
    if (wasBackoff) {
      subscription.unsubscribe();
      return;
    }
    this.stop$?.next();
    const timeout = this.o.drainTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.finished, new Promise<void>((r) => (timer = setTimeout(r, timeout)))]);
    clearTimeout(timer);
    subscription.unsubscribe();
  }

  // --- cost (issue #17): a budget pause and the pipeline's cost report ---

  /** The pipeline ended itself because its next query would exceed today's budget. */
  private pauseForBudget(signal: BudgetExceededError): void {
    const resumesAt = new Date(signal.resumesAtMs).toISOString();
    this.dispatch({ type: 'suspend', reason: 'budget' }, { resumesAt, ...this.clockFields() });
    this.o.onEvent?.({ type: 'paused', tableId: this.id, reason: 'budget', resumesAt, message: signal.message });
    this.budgetResume = timer(
      Math.max(0, signal.resumesAtMs - this.now()),
      this.o.scheduler ?? asyncScheduler,
    ).subscribe(() => {
      this.budgetResume = undefined;
      if (this.machine.state === 'paused' && this.machine.pauseReason === 'budget') void this.start();
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
    this.dispatch(
      { type: 'progress' },
      {
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
      },
    );
  }

  /** The fields that move with wall time: rates, lag, today's counters. */
  private clockFields(caughtUp = this.status.caughtUp): StatusPatch {
    const now = this.now();
    const fields: StatusPatch = {};
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
      fields.storageRead = storageReadUsage(since, total, today.storageReadBytes);
    }
    const from = caughtUp ? this.lastCaughtUpPollMs : this.newestSourceMs;
    if (from !== undefined) fields.lagMs = Math.max(0, Math.round(now - from));
    return fields;
  }

  /** Status fields other than the state (which only `dispatch` sets). */
  private update(patch: StatusPatch): void {
    this.status$.next({ ...this.status$.value, ...patch });
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function cursorForStatus(cursor: Cursor): TableStatus['cursor'] {
  return { timestamp: microsToIso(cursor.timestampMicros), key: cursor.key };
}

/** Storage Read counters of the status: totals from the checkpoint when known, else this run's. */
function storageReadUsage(
  since: SyncTotals,
  total: SyncTotals | undefined,
  bytesToday: number,
): NonNullable<TableStatus['storageRead']> {
  const t = total ?? since;
  return {
    sessions: t.storageReadSessions ?? 0,
    streams: t.storageReadStreams ?? 0,
    rowsRead: t.storageReadRows ?? 0,
    bytesRead: {
      sinceStart: since.storageReadBytes ?? 0,
      today: bytesToday,
      total: t.storageReadBytes ?? since.storageReadBytes ?? 0,
    },
  };
}
