import { Subscription, asyncScheduler, throttleTime } from 'rxjs';
import type { SyncConfig } from '../../config/types.js';
import { Orchestrator } from '../../actors/orchestrator.js';
import type { TableEvent, TableStatus } from '../../actors/table-actor.js';
import { HarperBackfillStore } from '../../streams/storage-read/harper-backfill-store.js';
import { HarperSink, SYNC_DATABASE, harperGlobals, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { plainRecord, requireTable } from '../../streams/sink/harper-tables.js';
import { historySamples, type HistorySample } from './history.js';
import { createBigQueryClient } from '../../streams/source/bigquery-client.js';
import { withValidationUsage } from '../../streams/validate/ledger.js';
import { ValidationService } from './validation-service.js';

export interface ServiceLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface SearchableTable {
  put(record: Record<string, unknown>, context?: unknown): unknown;
  delete(id: string): unknown;
  search(query: { conditions: { attribute: string; value: unknown }[] }): AsyncIterable<Record<string, unknown>>;
}

export const CONTROL_ACTIONS = ['pause', 'resume', 'resync', 'validate'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/**
 * The sync as it runs inside Harper (one worker per node): the orchestrator writing through
 * the Harper sink, its status published to SyncTableStatus, lifecycle events to SyncAudit,
 * and control requests taken from SyncCommand.
 */
export class SyncService {
  private readonly orchestrator: Orchestrator;
  private readonly subscriptions = new Subscription();
  private commandTimer: NodeJS.Timeout | undefined;
  private readonly runtime: HarperRuntime;
  private readonly validation: ValidationService;
  private takingCommands = false;

  constructor(
    config: SyncConfig,
    private readonly log: ServiceLogger,
    runtime: HarperRuntime = harperGlobals(),
  ) {
    this.runtime = runtime;
    this.orchestrator = new Orchestrator({
      config,
      sink: new HarperSink(runtime),
      storageRead: { store: new HarperBackfillStore(runtime), log: (message) => log.info(message) },
      onEvent: (e) => this.onEvent(e),
      // Validations bill against the same daily budget as the table's reads.
      sharedBilledToday: (tableId) => this.validation.billedToday(tableId),
    });
    this.validation = new ValidationService(
      config,
      runtime,
      log,
      createBigQueryClient,
      (tableId) => this.orchestrator.status().find((s) => s.tableId === tableId)?.bytesBilled.today ?? 0,
    );
  }

  start(): void {
    this.orchestrator.start();
    this.subscriptions.add(
      this.orchestrator.status$
        .pipe(throttleTime(1000, asyncScheduler, { leading: true, trailing: true }))
        .subscribe((statuses) => this.publish(statuses)),
    );
    this.commandTimer = setInterval(() => void this.takeCommands(), 500);
    this.subscriptions.add(historySamples(() => this.status()).subscribe((samples) => this.record(samples)));
    // Republish once the stored validation records are read, so a restart shows them at once.
    void this.validation.start().then(() => this.publish(this.orchestrator.status()));
  }

  async reconfigure(config: SyncConfig): Promise<void> {
    await this.orchestrator.reconfigure(config);
    this.validation.reconfigure(config);
  }

  async stop(): Promise<void> {
    clearInterval(this.commandTimer);
    this.validation.stop();
    await this.orchestrator.stop();
    this.publish(this.orchestrator.status());
    this.subscriptions.unsubscribe();
  }

  /** Every table's status, its validations' queries and bytes counted in (see withValidationUsage). */
  status(): TableStatus[] {
    return this.withValidation(this.orchestrator.status());
  }

  private withValidation(statuses: TableStatus[]): TableStatus[] {
    return statuses.map((s) => withValidationUsage(s, this.validation.usage(s.tableId)));
  }

  private publish(raw: TableStatus[]): void {
    const table = this.syncTable('SyncTableStatus');
    for (const status of this.withValidation(raw)) {
      try {
        table.put({
          id: status.tableId,
          ...status,
          cursor: status.cursor ? { ...status.cursor, key: [...status.cursor.key] } : null,
          lastValidation: this.validation.lastValidation(status.tableId),
        });
      } catch (error) {
        this.log.warn(`could not publish status of ${status.tableId}: ${(error as Error).message}`);
      }
    }
  }

  /** History for the dashboard's charts (SyncHistorySample expires samples after an hour). */
  private record(samples: HistorySample[]): void {
    try {
      const table = this.syncTable('SyncHistorySample');
      for (const sample of samples) table.put({ ...sample });
    } catch (error) {
      this.log.warn(`could not record history: ${(error as Error).message}`);
    }
  }

  private onEvent(event: TableEvent): void {
    const line = `table ${event.tableId}: ${event.type}${'error' in event ? ` (${event.error})` : ''}${'delayMs' in event ? `, retry in ${event.delayMs} ms` : ''}${'message' in event && event.message ? `: ${event.message}` : ''}`;
    if (event.type === 'failed') this.log.error(line);
    else if (
      event.type === 'restarting' ||
      event.type === 'warning' ||
      ('reason' in event && event.reason === 'budget')
    )
      this.log.warn(line);
    else this.log.info(line);
    try {
      const { tableId, type, ...details } = event;
      this.syncTable('SyncAudit').put({
        id: `${tableId}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        tableId,
        event: type,
        message: line,
        details,
      });
    } catch (error) {
      this.log.warn(`could not write audit event: ${(error as Error).message}`);
    }
  }

  private async takeCommands(): Promise<void> {
    // A validation can outlast the 500 ms tick: never take the same pending command twice.
    if (this.takingCommands) return;
    this.takingCommands = true;
    try {
      await this.takePendingCommands();
    } finally {
      this.takingCommands = false;
    }
  }

  private async takePendingCommands(): Promise<void> {
    const commands = this.syncTable('SyncCommand');
    const pending: Record<string, unknown>[] = [];
    for await (const command of commands.search({ conditions: [{ attribute: 'state', value: 'pending' }] }))
      pending.push(plainRecord(command));
    for (const command of pending) {
      const tableId = String(command.tableId);
      const action = command.action as ControlAction;
      if (action === 'validate') {
        // Runs in the background (it can take a while); its command record tracks it.
        this.validation.take(command, commands);
        continue;
      }
      let state = 'done';
      let message = `${action} ${tableId}: done`;
      try {
        if (action === 'pause') await this.orchestrator.pause(tableId);
        else if (action === 'resume') await this.orchestrator.resume(tableId);
        else if (action === 'resync') await this.orchestrator.resync(tableId);
        else throw new Error(`unknown action ${String(action)}`);
      } catch (error) {
        state = 'error';
        message = `${action} ${tableId}: ${(error as Error).message}`;
      }
      commands.put({ ...command, state, message });
      this.log.info(message);
    }
  }

  private syncTable(name: string): SearchableTable {
    return requireTable(this.runtime.databases, SYNC_DATABASE, name, "is this component's schema loaded?");
  }
}
