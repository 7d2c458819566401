import type { BigQuery } from '@google-cloud/bigquery';
import type { SyncConfig, TableConfig } from '../../config/types.js';
import { bigQueryTablePipeline } from '../../streams/pipeline/bigquery-table-pipeline.js';
import { HarperSink, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import { createBigQueryClient } from '../../streams/source/bigquery-client.js';
import { ValidationService } from '../harper/validation-service.js';
import { HISTORY_PERIOD_MS } from '../harper/history.js';
import type { ClusterSettings } from './cluster-config.js';
import { ClusterCommands, highestUnitCursor, leastUnitCursor } from './cluster-commands.js';
import { ClusterHistory } from './cluster-history.js';
import { ClusterControls } from './cluster-controls.js';
import { auditUnitEvent, publishUnitStatus } from './unit-records.js';
import { UnitHost } from './unit-host.js';
import { FenceRegistry, LeaseStore, fencedCommitCheck } from './lease-store.js';
import { MAX_RUNS, MemberChangeRepair, pastItsMillisecond } from './member-change-repair.js';
import { leaseId, type Fence } from './lease.js';
import { liveFromHeartbeats, type Heartbeat } from './members.js';
import { shardedCommitStep } from './sharded.js';
import { UnitRunner, type UnitHandle, type UnitRef } from './unit-runner.js';
import { parseUnitName, unitName, unitSlices } from './units.js';
import { cursorMillisecond } from '../../streams/validate/windows.js';
import type { Cursor } from '../../streams/cursor/cursor.js';

/** How often control records and commands are looked at (as often as one node takes commands). */
const CONTROL_TICK_MS = 500;

export interface ClusterLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface MemberTable {
  put(record: Record<string, unknown>, context?: unknown): unknown;
  search(query: object): AsyncIterable<Record<string, unknown>>;
}

/**
 * The sync in cluster mode (preview) on one node: every table split into units, each unit
 * run by the node the rendezvous assignment over live members names, under a lease whose
 * fence every commit checks. Status per unit lives in the replicated lease and checkpoint
 * tables; each unit runs in a TableActor (unit-host.ts: backoff, pause, resync, status
 * published to SyncUnitStatus) that follows its table's replicated control record
 * (cluster-controls.ts), and GET /SyncStatus/ on any node shows every unit (cluster-status.ts).
 */
export class ClusterSync {
  private readonly runner: UnitRunner;
  private readonly fences = new FenceRegistry();
  private readonly leases: LeaseStore;
  private readonly sink: HarperSink;
  private readonly tables: Map<string, TableConfig>;
  private members: string[];
  private timer: NodeJS.Timeout | undefined;
  private client: BigQuery | undefined;
  private readonly hosts = new Map<string, UnitHost>();
  private readonly controls: ClusterControls;
  private readonly commands: ClusterCommands;
  private readonly validation: ValidationService;
  /** Tables whose scheduled validations and history samples are taken here (see firstUnitTables). */
  private validatedTables = '';
  private readonly history: ClusterHistory;
  private controlTimer: NodeJS.Timeout | undefined;
  private controlling = false;
  private beating = false;
  private historyRefreshedAt = 0;
  private readonly memberRepair: MemberChangeRepair | undefined;
  private repairing = false;

  constructor(
    private readonly config: SyncConfig,
    private readonly settings: ClusterSettings,
    private readonly self: string,
    private readonly runtime: HarperRuntime,
    private readonly log: ClusterLogger,
  ) {
    this.leases = new LeaseStore(runtime);
    const fenced = fencedCommitCheck(this.leases, this.fences, settings.timing);
    this.sink = new HarperSink(
      runtime,
      'data',
      settings.placement.mode === 'sharded'
        ? shardedCommitStep(fenced, runtime.databases, self, () => this.members, settings.placement.replicas)
        : fenced,
      fenced,
    );
    this.tables = new Map(config.tables.map((t) => [t.id, t]));
    this.members = [self];
    // Sharded placement keeps rows off most nodes on purpose: a repair there would copy them in.
    this.memberRepair =
      settings.repairAfterMemberChangeMs === null || settings.placement.mode === 'sharded'
        ? undefined
        : new MemberChangeRepair(self, settings.repairAfterMemberChangeMs);
    const units: UnitRef[] = config.tables.flatMap((t) =>
      unitSlices(settings.units).map((slice) => ({ tableId: t.id, unit: unitName(slice) })),
    );
    this.runner = new UnitRunner({
      self,
      members: () => this.members,
      units,
      leases: { get: (t, u) => this.leases.get(t, u), put: (l) => this.leases.put(l) },
      fences: this.fences,
      timing: settings.timing,
      unleasedGraceMs: settings.timing.ttlMs,
      run: (ref) => this.run(ref, this.fences.get(ref.tableId, ref.unit)!),
      onError: (ref, error) => this.log.warn(`unit ${ref.tableId}/${ref.unit}: ${(error as Error).message}`),
    });
    this.controls = new ClusterControls(runtime);
    // Validation stays below the least advanced unit's cursor; scheduled runs happen on the
    // node that runs a table's first unit (scheduleValidations), requests on the node asked.
    this.validation = new ValidationService(config, runtime, log, createBigQueryClient, undefined, async (tableId) =>
      leastUnitCursor(await this.unitCursors(tableId)),
    );
    this.history = new ClusterHistory(
      runtime,
      () => this.firstUnitTables(),
      (message) => this.log.warn(message),
    );
    this.commands = new ClusterCommands({
      self,
      runtime,
      controls: this.controls,
      tableIds: () => [...this.tables.keys()],
      validate: (command, commands) => this.validation.take(command, commands),
      log: (message) => this.log.info(message),
    });
  }

  start(): void {
    this.log.info(
      `cluster mode (preview): node ${this.self}, ${this.settings.units} units per table, lease ${this.settings.timing.ttlMs} ms`,
    );
    // Heartbeats and lease ticks run side by side: a heartbeat write can wait behind the
    // rows' commits, and lease renewals must not wait for it (nor it for them).
    const beat = async () => {
      if (this.beating) return;
      this.beating = true;
      try {
        await this.heartbeat();
      } catch (error) {
        this.log.warn(`cluster heartbeat: ${(error as Error).message}`);
      } finally {
        this.beating = false;
      }
    };
    const tick = async () => {
      try {
        await this.runner.tick();
      } catch (error) {
        this.log.warn(`cluster tick: ${(error as Error).message}`);
      }
    };
    // The first tick waits for the first look at the members, so a node joining a running
    // cluster does not start out believing it is alone.
    void beat().then(tick);
    this.timer = setInterval(() => {
      void beat();
      void tick();
    }, this.settings.tickMs);
    // Controls, commands and history on their own timer: they must never delay lease renewals.
    this.controlTimer = setInterval(() => void this.controlTick(), CONTROL_TICK_MS);
    this.history.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.controlTimer);
    this.history.stop();
    this.validation.stop();
    await this.runner.stop();
    // Leave at once instead of waiting for the heartbeat to expire.
    await this.runtime.transaction(async (txn) => {
      this.memberTable().put({ id: this.self, expiresAt: Date.now() }, txn);
    });
  }

  units() {
    return this.runner.status();
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    const table = this.memberTable();
    await this.runtime.transaction(async (txn) => {
      // The split this node runs, so any node's status can list every unit, owned or not.
      table.put(
        {
          id: this.self,
          expiresAt: now + this.settings.timing.ttlMs,
          units: this.settings.units,
          tables: this.config.tables.map((t) => ({
            id: t.id,
            source: `${t.dataset}.${t.table}`,
            targetTable: t.targetTable,
          })),
        },
        txn,
      );
    });
    const beats: Heartbeat[] = [];
    for await (const record of table.search({ conditions: [] })) {
      beats.push({ id: String(record.id), expiresAt: Number(record.expiresAt) });
    }
    const members = liveFromHeartbeats(this.self, beats, now);
    if (members.join() !== this.members.join()) this.log.info(`cluster members: ${members.join(', ')}`);
    this.members = members;
    const change = this.memberRepair?.observe(members, now);
    const at = this.memberRepair?.pendingAt;
    if (change && at !== undefined && (change.joined.length > 0 || change.left.length > 0)) {
      const what = [
        ...(change.joined.length ? [`${change.joined.join(', ')} joined`] : []),
        ...(change.left.length ? [`${change.left.join(', ')} left`] : []),
      ].join(', ');
      this.log.info(
        `cluster: ${what}; this node validates (with repair) its rows of every table at ${new Date(at).toISOString()}`,
      );
    }
  }

  /** One pass of the control loop; a pass still running makes the next one a no-op. */
  private async controlTick(): Promise<void> {
    if (this.controlling) return;
    this.controlling = true;
    try {
      await this.followControls();
      this.scheduleValidations();
      this.repairAfterMemberChange();
      await this.commands.take();
      if (Date.now() - this.historyRefreshedAt >= HISTORY_PERIOD_MS) {
        this.historyRefreshedAt = Date.now();
        await this.history.refresh();
      }
    } catch (error) {
      this.log.warn(`cluster controls: ${(error as Error).message}`);
    } finally {
      this.controlling = false;
    }
  }

  /**
   * Scheduled validations (`validation.interval`) of a table run on one node only: the one
   * that runs its unit 0 (one node holds every row under full replication).
   */
  private scheduleValidations(): void {
    const mine = this.firstUnitTables();
    const key = mine.join('\u0000');
    if (key === this.validatedTables) return;
    this.validatedTables = key;
    this.validation.scheduleOnly(mine);
  }

  /**
   * After a membership change has settled (member-change-repair.ts): validates every table
   * on this node with repair, in the background, so rows replication did not bring here are
   * written (and replicate onwards, harmlessly, as equal upserts).
   */
  private repairAfterMemberChange(): void {
    if (this.repairing || !this.memberRepair?.take(Date.now())) return;
    this.repairing = true;
    const repair = this.memberRepair;
    void (async () => {
      for (const tableId of this.tables.keys()) {
        let reachedMs: number | undefined;
        try {
          const cursors = await this.unitCursors(tableId);
          const least = leastUnitCursor(cursors);
          const highest = highestUnitCursor(cursors);
          const plan =
            highest &&
            repair.plan(
              tableId,
              least && cursorMillisecond(least.timestampMicros),
              cursorMillisecond(highest.timestampMicros),
            );
          if (!plan) continue;
          // The cursors just read bound the run: the validator need not read them again.
          const bound = plan.upTo === 'highest' ? pastItsMillisecond(highest) : least;
          const report = await this.validation.repairNow(tableId, {
            ...(plan.fromMs !== undefined ? { fromMs: plan.fromMs } : {}),
            ...(bound ? { cursor: bound } : {}),
          });
          if (!report.skipped && report.range) reachedMs = Date.parse(report.range.to);
          this.log.info(
            `cluster: repair after a membership change of ${tableId}: ${report.skipped ? `skipped (${report.skipped})` : `${report.range?.from} .. ${report.range?.to}: ${report.missing} missing, ${report.repaired} rows repaired`}`,
          );
        } catch (error) {
          this.log.warn(`cluster: repair after a membership change of ${tableId} failed: ${(error as Error).message}`);
        }
        if (repair.reached(tableId, reachedMs, Date.now()) === 'gave up')
          this.log.warn(
            `cluster: repair after a membership change of ${tableId} gave up after ${MAX_RUNS} runs short of what was committed before the change; run a validation with repair`,
          );
      }
    })().finally(() => (this.repairing = false));
  }

  /** The committed cursor of each of a table's units, as this node holds them. */
  private unitCursors(tableId: string): Promise<(Cursor | undefined)[]> {
    return Promise.all(
      unitSlices(this.settings.units).map(
        async (slice) => (await this.sink.readCheckpoint(tableId, unitName(slice)))?.cursor,
      ),
    );
  }

  /** The tables whose unit 0 runs on this node. */
  private firstUnitTables(): string[] {
    const first = unitName({ index: 0, count: this.settings.units });
    return this.config.tables.map((t) => t.id).filter((id) => this.hosts.has(leaseId(id, first)));
  }

  /** Applies each table's control record to the units this node runs. */
  private async followControls(): Promise<void> {
    for (const tableId of this.tables.keys()) {
      const hosts = [...this.hosts.values()].filter((h) => h.tableId === tableId);
      if (hosts.length === 0) continue;
      const control = await this.controls.read(tableId);
      for (const host of hosts) host.follow(control);
    }
  }

  private run(ref: UnitRef, fence: Fence): UnitHandle {
    const table = this.tables.get(ref.tableId)!;
    const slice = parseUnitName(ref.unit)!;
    const id = leaseId(ref.tableId, ref.unit);
    this.client ??= createBigQueryClient(this.config.bigquery);
    const client = this.client;
    const host = new UnitHost({
      ref,
      table,
      self: this.self,
      fence,
      build: (context) =>
        bigQueryTablePipeline({
          client,
          connection: this.config.bigquery,
          table,
          sink: this.sink,
          stop: context.stop,
          sizer: context.sizer,
          ...(context.report ? { onCost: context.report } : {}),
          unit: slice,
        }),
      control: () => this.controls.read(ref.tableId),
      appliedResync: () => this.controls.appliedResync(ref.tableId, ref.unit),
      reset: async (resyncId) => {
        await this.controls.resetUnit(ref.tableId, ref.unit, resyncId, {
          leases: this.leases,
          fences: this.fences,
          timing: this.settings.timing,
        });
      },
      reassertReset: async (resyncId) => {
        await this.controls.reassertReset(ref.tableId, ref.unit, resyncId, {
          leases: this.leases,
          fences: this.fences,
          timing: this.settings.timing,
        });
      },
      // As often as the lease is renewed: a peer that missed the marker gets it within half a lease.
      reassertEveryMs: this.settings.timing.ttlMs / 2,
      publish: (record) => publishUnitStatus(this.runtime, record),
      onEvent: (event) => auditUnitEvent(this.runtime, this.log, this.self, event),
      onError: (error) => this.log.warn(`unit ${id}: ${(error as Error).message}`),
    });
    this.hosts.set(id, host);
    void host.done.then(() => {
      if (this.hosts.get(id) === host) this.hosts.delete(id);
    });
    host.start();
    this.log.info(`unit ${ref.tableId}/${ref.unit}: started on ${this.self} (token ${fence.token})`);
    return host;
  }

  private memberTable(): MemberTable {
    return requireTable(
      this.runtime.databases,
      'bigquery_sync',
      'SyncMember',
      "is this component's schema loaded?",
    ) as unknown as MemberTable;
  }
}
