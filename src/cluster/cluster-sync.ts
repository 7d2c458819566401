import type { BigQuery } from '@google-cloud/bigquery';
import { Subject } from 'rxjs';
import type { SyncConfig, TableConfig } from '../../config/types.js';
import { bigQueryTablePipeline } from '../../streams/pipeline/bigquery-table-pipeline.js';
import { HarperSink, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import { createBigQueryClient } from '../../streams/source/bigquery-client.js';
import type { ClusterSettings } from './cluster-config.js';
import { FenceRegistry, LeaseStore, fencedCommitCheck } from './lease-store.js';
import { liveFromHeartbeats, type Heartbeat } from './members.js';
import { shardedCommitStep } from './sharded.js';
import { UnitRunner, type UnitHandle, type UnitRef } from './unit-runner.js';
import { parseUnitName, unitName, unitSlices } from './units.js';

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
 * tables (see the SyncUnits resource). Not yet: per-table supervisor backoff, pause/resume/
 * resync commands and SyncTableStatus publishing (the single-node SyncService has them).
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
    );
    this.tables = new Map(config.tables.map((t) => [t.id, t]));
    this.members = [self];
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
      run: (ref) => this.run(ref),
      onError: (ref, error) => this.log.warn(`unit ${ref.tableId}/${ref.unit}: ${(error as Error).message}`),
    });
  }

  start(): void {
    this.log.info(
      `cluster mode (preview): node ${this.self}, ${this.settings.units} units per table, lease ${this.settings.timing.ttlMs} ms`,
    );
    const tick = async () => {
      try {
        await this.heartbeat();
        await this.runner.tick();
      } catch (error) {
        this.log.warn(`cluster tick: ${(error as Error).message}`);
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.settings.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
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
      table.put({ id: this.self, expiresAt: now + this.settings.timing.ttlMs }, txn);
    });
    const beats: Heartbeat[] = [];
    for await (const record of table.search({ conditions: [] })) {
      beats.push({ id: String(record.id), expiresAt: Number(record.expiresAt) });
    }
    const members = liveFromHeartbeats(this.self, beats, now);
    if (members.join() !== this.members.join()) this.log.info(`cluster members: ${members.join(', ')}`);
    this.members = members;
  }

  private run(ref: UnitRef): UnitHandle {
    const table = this.tables.get(ref.tableId)!;
    const slice = parseUnitName(ref.unit)!;
    this.client ??= createBigQueryClient(this.config.bigquery);
    const stop = new Subject<void>();
    let settle!: { resolve: () => void; reject: (e: unknown) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const subscription = bigQueryTablePipeline({
      client: this.client,
      connection: this.config.bigquery,
      table,
      sink: this.sink,
      stop,
      unit: slice,
    }).subscribe({ complete: () => settle.resolve(), error: (e: unknown) => settle.reject(e) });
    this.log.info(`unit ${ref.tableId}/${ref.unit}: started on ${this.self}`);
    return {
      done,
      stop: async () => {
        stop.next();
        stop.complete();
        await done.catch(() => undefined);
        subscription.unsubscribe();
      },
    };
  }

  private memberTable(): MemberTable {
    return requireTable(
      this.runtime.databases,
      'data',
      'SyncMember',
      "is this component's schema loaded?",
    ) as unknown as MemberTable;
  }
}
