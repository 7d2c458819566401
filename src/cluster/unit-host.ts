import { Subscription, asyncScheduler, throttleTime } from 'rxjs';
import { TableActor, type PipelineFactory, type TableEvent, type TableStatus } from '../../actors/table-actor.js';
import type { TableConfig } from '../../config/types.js';
import type { Fence } from './lease.js';

/** Part of every FencedError message (lease.ts). */
const FENCED_MARK = 'commit refused (';
import { unitControlStep, type TableControl } from './cluster-controls.js';
import type { UnitStatusRecord } from './cluster-status.js';
import type { UnitHandle, UnitRef } from './unit-runner.js';

export interface UnitHostOptions {
  ref: UnitRef;
  table: TableConfig;
  self: string;
  fence: Fence;
  /** One incarnation of the unit's pipeline (the actor restarts it with backoff). */
  build: PipelineFactory;
  /** The table's control record and the resync this unit last carried out. */
  control(): Promise<TableControl>;
  appliedResync(): Promise<string | null>;
  /** Deletes the unit's checkpoint for resync `resyncId` (fenced, once). */
  reset(resyncId: string): Promise<void>;
  /** Writes the unit's marker for `resyncId` again (fenced), see ClusterControls.reassertReset. */
  reassertReset?(resyncId: string): Promise<void>;
  /** How often a unit that carried out the current resync writes its marker again. */
  reassertEveryMs?: number;
  now?: () => number;
  publish(record: UnitStatusRecord): void;
  onEvent(event: TableEvent & { unit: string }): void;
  onError(error: unknown): void;
}

/**
 * One unit run on this node for one lease tenure, as a TableActor: restarts with backoff,
 * pause, resync and the status fields of a single node's table, per unit. It follows the
 * table's replicated control record (cluster-controls.ts) and publishes its status to
 * SyncUnitStatus so every node can show it. `stop` drains it (the unit runner then
 * releases the lease).
 */
export class UnitHost implements UnitHandle {
  readonly done: Promise<void>;
  private readonly actor: TableActor;
  private readonly subscription = new Subscription();
  private resolveDone!: () => void;
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;
  private seenResumeId: string | null | undefined;
  /** The control record to apply next (null: read it), undefined when nothing waits. */
  private wanted: TableControl | null | undefined;
  private following = false;
  /** When this unit's marker for the current resync was last written here. */
  private markerWrittenAt: number | undefined;

  constructor(private readonly o: UnitHostOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.actor = new TableActor({
      table: o.table,
      build: o.build,
      onEvent: (event) => o.onEvent({ ...event, unit: o.ref.unit }),
    });
    this.subscription.add(
      this.actor.status$
        .pipe(throttleTime(1000, asyncScheduler, { leading: true, trailing: true }))
        .subscribe((status) => this.publish(status)),
    );
    // Commits refused by the fence are the lease's business, not a unit failure: when they
    // exhaust the restarts, the tenure ends (as a pipeline that ended by itself) and the
    // unit runner releases or re-takes the lease with a new token.
    this.subscription.add(
      this.actor.status$.subscribe((status) => {
        if (status.state === 'failed' && status.lastError?.includes(FENCED_MARK) && !this.stopping) void this.stop();
      }),
    );
  }

  get tableId(): string {
    return this.o.ref.tableId;
  }

  /** Starts the unit as its table's control record says (paused, resync pending, or running). */
  start(): void {
    this.follow();
  }

  /**
   * Applies the control record (re-read when not given). Returns at once: a pause or resync
   * drains the batch in flight, which must not hold up the lease ticks. Requests made while
   * one is applied collapse into the newest.
   */
  follow(control?: TableControl): void {
    this.wanted = control ?? null;
    if (this.following) return;
    this.following = true;
    this.queue = (async () => {
      while (this.wanted !== undefined && !this.stopping) {
        const next = this.wanted;
        this.wanted = undefined;
        try {
          await this.applyControl(next ?? (await this.o.control()));
        } catch (error) {
          this.o.onError(error);
        }
      }
    })().finally(() => (this.following = false));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.publish(this.actor.status);
    await this.queue;
    await this.actor.stop();
    this.subscription.unsubscribe();
    this.publish(this.actor.status);
    this.resolveDone();
  }

  private async applyControl(control: TableControl): Promise<void> {
    // The resume requests before this tenure are history: only a new one restarts a failed unit.
    if (this.seenResumeId === undefined) this.seenResumeId = control.resumeId;
    const appliedResyncId = control.resyncId ? await this.o.appliedResync() : null;
    const step = unitControlStep({
      control,
      appliedResyncId,
      state: this.actor.status.state,
      pauseReason: this.actor.status.pauseReason ?? null,
      seenResumeId: this.seenResumeId,
    });
    this.seenResumeId = control.resumeId;
    if (step === 'resync') {
      const id = control.resyncId!;
      await this.actor.resync(async () => {
        await this.o.reset(id);
        this.markerWrittenAt = this.now();
      });
      return;
    }
    if (step === 'pause') await this.actor.pause('user');
    else if (step === 'start') await this.actor.start();
    if (control.resyncId !== null && appliedResyncId === control.resyncId) await this.reassertMarker(control.resyncId);
  }

  /**
   * Replication can drop the reset's one transaction (ClusterControls.reassertReset): the
   * owner writes the marker again once per period for as long as it runs the unit.
   */
  private async reassertMarker(resyncId: string): Promise<void> {
    const every = this.o.reassertEveryMs;
    if (!this.o.reassertReset || every === undefined) return;
    const now = this.now();
    // A tenure that took the unit over after the reset waits one period too.
    this.markerWrittenAt ??= now;
    if (now - this.markerWrittenAt < every) return;
    this.markerWrittenAt = now;
    await this.o.reassertReset(resyncId);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private publish(status: TableStatus): void {
    try {
      this.o.publish({
        id: `${this.o.ref.tableId}_${this.o.ref.unit}`,
        tableId: this.o.ref.tableId,
        unit: this.o.ref.unit,
        node: this.o.self,
        token: this.o.fence.token,
        publishedAt: Date.now(),
        runner: this.stopping ? 'draining' : 'running',
        state: status.state,
        pauseReason: status.pauseReason ?? null,
        phase: status.phase,
        caughtUp: status.caughtUp,
        lagMs: status.lagMs,
        lastPollAt: status.lastPollAt,
        rowsPerSecond10s: status.rowsPerSecond10s,
        rowsPerSecond60s: status.rowsPerSecond60s,
        rowsWrittenSinceStart: status.rowsWrittenSinceStart,
        queriesSinceStart: status.queries.sinceStart,
        bytesProcessedSinceStart: status.bytesProcessed.sinceStart,
        bytesBilledSinceStart: status.bytesBilled.sinceStart,
        skippedRows: status.skippedRows,
        restarts: status.restarts,
        lastError: status.lastError,
        lastErrorAt: status.lastErrorAt,
        lastCommitAt: status.lastCommitAt,
      });
    } catch (error) {
      this.o.onError(error);
    }
  }
}
