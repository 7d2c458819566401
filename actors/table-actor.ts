import { BehaviorSubject, Subject, asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { TableConfig } from '../config/types.js';
import { microsToIso, type Cursor } from '../streams/cursor/cursor.js';
import type { Progress } from '../streams/operators/track-progress.js';
import { BatchSizer } from '../streams/pipeline/batch-size.js';
import type { Phase } from '../streams/sink/batch-sink.js';
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
  lagMs: number | null;
  rowsPerSecond: number;
  rowsCommitted: number;
  skippedRows: number;
  batchSize: number | null;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastCommitAt: string | null;
  startedAt: string | null;
}

/** Builds one incarnation of the table's pipeline; `stop` drains it. */
export type PipelineFactory = (context: { stop: Observable<unknown>; sizer: BatchSizer }) => Observable<Progress>;

export interface TableActorOptions {
  table: TableConfig;
  build: PipelineFactory;
  onEvent?: (event: TableEvent) => void;
  scheduler?: SchedulerLike;
  now?: () => number;
  /** Longest a graceful stop waits for the batch in flight before abandoning it. */
  drainTimeoutMs?: number;
}

export type TableEvent =
  | { type: 'started'; tableId: string }
  | { type: 'restarting'; tableId: string; attempt: number; delayMs: number; error: string }
  | { type: 'failed'; tableId: string; error: string }
  | { type: 'stopped'; tableId: string }
  | { type: 'paused'; tableId: string };

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
      rowsPerSecond: 0,
      rowsCommitted: 0,
      skippedRows: 0,
      batchSize: null,
      restarts: 0,
      lastError: null,
      lastErrorAt: null,
      lastCommitAt: null,
      startedAt: null,
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
    this.update({ state: 'running', startedAt: new Date(this.now()).toISOString() });
    this.o.onEvent?.({ type: 'started', tableId: this.id });
    let resolveFinished!: () => void;
    this.finished = new Promise((r) => (resolveFinished = r));
    this.subscription = this.o
      .build({ stop: stop$, sizer: this.sizer })
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
    if (this.status.state !== 'failed' || finalState === 'paused') this.update({ state: finalState });
    this.o.onEvent?.({ type: finalState, tableId: this.id });
  }

  async pause(): Promise<void> {
    await this.stop('paused');
  }

  resume(): void {
    this.start();
  }

  private onProgress(p: Progress): void {
    this.update({
      state: 'running',
      phase: p.phase,
      caughtUp: p.caughtUp,
      cursor: p.cursor ? cursorForStatus(p.cursor) : this.status.cursor,
      lagMs: Math.max(0, Math.round(p.lagMs)),
      rowsPerSecond: Math.round(p.rowsPerSecond),
      rowsCommitted: this.status.rowsCommitted + p.rowsInBatch,
      skippedRows: this.status.skippedRows + p.skippedInBatch,
      batchSize: p.batchSize,
      // An empty poll reads but writes nothing: it must not look like a commit.
      lastCommitAt: p.committed ? new Date(p.committedAtMs).toISOString() : this.status.lastCommitAt,
    });
  }

  private update(patch: Partial<TableStatus>): void {
    this.status$.next({ ...this.status$.value, ...patch });
  }
}

function cursorForStatus(cursor: Cursor): TableStatus['cursor'] {
  return { timestamp: microsToIso(cursor.timestampMicros), key: cursor.key };
}
