import type { BigQuery } from '@google-cloud/bigquery';
import { BehaviorSubject, combineLatest, of, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { SyncConfig, TableConfig } from '../config/types.js';
import { bigQueryTablePipeline } from '../streams/pipeline/bigquery-table-pipeline.js';
import type { PauseReason, Progress, SinkAndStore } from '../streams/model/index.js';
import { checkpointStoreOf, sinkAndStore } from '../streams/sink/checkpoint-store.js';
import type { StorageReadSetup } from '../streams/pipeline/storage-read-pipeline.js';
import { createBigQueryClient } from '../streams/source/bigquery-client.js';
import { TableActor, type PipelineFactory, type TableEvent, type TableStatus } from './table-actor.js';

/** What each incarnation of a table's pipeline gets from its actor. */
type PipelineContext = Parameters<PipelineFactory>[0];

/** The sink every table commits to, and the checkpoint store its commits write into. */
export type OrchestratorOptions = OrchestratorParts & SinkAndStore;

export interface OrchestratorParts {
  config: SyncConfig;
  /** Defaults to the official client built from `config.bigquery`. */
  client?: BigQuery;
  /** Replaces the BigQuery pipeline (tests, custom sources). */
  build?: (table: TableConfig, context: PipelineContext) => Observable<Progress>;
  onEvent?: (event: TableEvent) => void;
  /** Storage Read backfill state (see config `backfill:`); without it backfills use queries. */
  storageRead?: StorageReadSetup;
  scheduler?: SchedulerLike;
  now?: () => number;
  /** Bytes billed today by other work on a table's daily budget (its validations). */
  sharedBilledToday?: (tableId: string) => number;
}

/** The unit of work a node runs for each table until cluster splitting assigns slices. */
export const WHOLE_TABLE_UNIT = 'all';

/**
 * Owns one actor per configured table: starts them all in parallel, stops them (each
 * drains its batch in flight), pauses, resumes and resyncs one table, and reports status.
 */
export class Orchestrator {
  private readonly actors = new Map<string, TableActor>();
  private readonly statuses = new BehaviorSubject<TableStatus[]>([]);
  private statusSubscription: Subscription | undefined;
  private config: SyncConfig;
  private client: BigQuery | undefined;

  constructor(private readonly o: OrchestratorOptions) {
    this.config = o.config;
    this.client = o.client;
  }

  /** Live status of every table. */
  get status$(): Observable<TableStatus[]> {
    return this.statuses;
  }

  status(): TableStatus[] {
    return [...this.actors.values()].map((a) => a.status);
  }

  start(): void {
    // Each start runs at once (an idle mailbox does not wait); its promise is not needed.
    for (const table of this.config.tables) void this.ensureActor(table).start();
    this.watchStatuses();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.actors.values()].map((a) => a.stop()));
    this.statusSubscription?.unsubscribe();
  }

  /** Pauses one table; `reason` shows in its status (`pauseReason`), e.g. 'budget'. */
  async pause(tableId: string, reason: PauseReason = 'user'): Promise<void> {
    await this.actor(tableId).pause(reason);
  }

  resume(tableId: string): Promise<void> {
    return this.actor(tableId).resume();
  }

  /** Starts the table over from the beginning of the source; upserts make the re-copy safe. */
  async resync(tableId: string): Promise<void> {
    const store = checkpointStoreOf(this.o);
    await this.actor(tableId).resync(() => store.resetCheckpoint(tableId, WHOLE_TABLE_UNIT));
  }

  /**
   * Applies a new config: removed tables stop, changed tables restart with their new
   * settings (from their checkpoint), new tables start, unchanged ones keep running.
   */
  async reconfigure(config: SyncConfig): Promise<void> {
    const connectionChanged = JSON.stringify(config.bigquery) !== JSON.stringify(this.config.bigquery);
    if (connectionChanged && !this.o.client) this.client = undefined;
    const next = new Map(config.tables.map((t) => [t.id, t]));
    const previous = new Map(this.config.tables.map((t) => [t.id, t]));
    this.config = config;
    await Promise.all(
      [...this.actors.entries()].map(async ([id, actor]) => {
        const table = next.get(id);
        if (!table || connectionChanged || JSON.stringify(table) !== JSON.stringify(previous.get(id))) {
          await actor.stop();
          this.actors.delete(id);
        }
      }),
    );
    this.start();
  }

  private actor(tableId: string): TableActor {
    const actor = this.actors.get(tableId);
    if (!actor)
      throw new Error(`No table with id ${tableId}; configured: ${[...this.actors.keys()].join(', ') || 'none'}`);
    return actor;
  }

  private ensureActor(table: TableConfig): TableActor {
    let actor = this.actors.get(table.id);
    if (!actor) {
      actor = new TableActor({
        table,
        build: (context) => (this.o.build ? this.o.build(table, context) : this.bigQueryPipeline(table, context)),
        onEvent: this.o.onEvent,
        scheduler: this.o.scheduler,
        now: this.o.now,
      });
      this.actors.set(table.id, actor);
    }
    return actor;
  }

  private bigQueryPipeline(table: TableConfig, context: PipelineContext): Observable<Progress> {
    this.client ??= createBigQueryClient(this.config.bigquery);
    return bigQueryTablePipeline({
      client: this.client,
      connection: this.config.bigquery,
      table,
      ...sinkAndStore(this.o),
      stop: context.stop,
      sizer: context.sizer,
      now: this.o.now,
      scheduler: this.o.scheduler,
      ...(context.report ? { onCost: context.report } : {}),
      ...(this.o.sharedBilledToday ? { sharedBilledToday: () => this.o.sharedBilledToday!(table.id) } : {}),
      ...(this.o.storageRead ? { storageRead: this.o.storageRead } : {}),
    });
  }

  private watchStatuses(): void {
    this.statusSubscription?.unsubscribe();
    const actors = [...this.actors.values()];
    this.statusSubscription = (actors.length ? combineLatest(actors.map((a) => a.status$)) : of([])).subscribe((s) =>
      this.statuses.next(s),
    );
  }
}
