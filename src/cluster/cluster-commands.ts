import type { Cursor } from '../../streams/cursor/cursor.js';
import { SYNC_DATABASE, type HarperRuntime } from '../../streams/sink/harper-sink.js';
import { plainRecord, requireTable } from '../../streams/sink/harper-tables.js';
import type { ClusterControls, ClusterAction } from './cluster-controls.js';

interface CommandTable {
  put(record: Record<string, unknown>, context?: unknown): unknown;
  search(query: { conditions: { attribute: string; value: unknown }[] }): AsyncIterable<Record<string, unknown>>;
}

export interface ClusterCommandOptions {
  self: string;
  runtime: HarperRuntime;
  controls: ClusterControls;
  tableIds: () => readonly string[];
  /** Runs a validate request in the background; it tracks the command record itself. */
  validate(command: Record<string, unknown>, commands: CommandTable): void;
  log(message: string): void;
}

/**
 * Takes the pending SyncCommand records addressed to this node (POST /SyncControl/ on this
 * node names it, so a replicated command is never taken twice): pause / resume / resync
 * become the table's replicated control record, validate runs here (with full replication
 * one node holds every row of the table).
 */
export class ClusterCommands {
  private taking = false;

  constructor(private readonly o: ClusterCommandOptions) {}

  async take(): Promise<void> {
    if (this.taking) return;
    this.taking = true;
    try {
      const commands = requireTable<CommandTable>(
        this.o.runtime.databases,
        SYNC_DATABASE,
        'SyncCommand',
        "is this component's schema loaded?",
      );
      const pending: Record<string, unknown>[] = [];
      for await (const command of commands.search({ conditions: [{ attribute: 'state', value: 'pending' }] })) {
        const record = plainRecord(command);
        if (record.node === this.o.self) pending.push(record);
      }
      for (const command of pending) await this.carryOut(command, commands);
    } finally {
      this.taking = false;
    }
  }

  private async carryOut(command: Record<string, unknown>, commands: CommandTable): Promise<void> {
    const tableId = String(command.tableId);
    const action = String(command.action);
    if (action === 'validate') {
      this.o.validate(command, commands);
      return;
    }
    let state = 'done';
    let message: string;
    try {
      if (!this.o.tableIds().includes(tableId)) throw new Error(`no table with id ${tableId} in the config`);
      if (action !== 'pause' && action !== 'resume' && action !== 'resync') throw new Error(`unknown action ${action}`);
      const control = await this.o.controls.apply(
        tableId,
        action as ClusterAction,
        String(command.id),
        typeof command.requestedBy === 'string' ? command.requestedBy : undefined,
      );
      message = `${action} ${tableId}: sent to every unit owner (paused: ${String(control.paused)})`;
    } catch (error) {
      state = 'error';
      message = `${action} ${tableId}: ${(error as Error).message}`;
    }
    commands.put({ ...command, state, message });
    this.o.log(message);
  }
}

/** The highest of the units' committed cursors (units without one are left out). */
export function highestUnitCursor(cursors: readonly (Cursor | undefined)[]): Cursor | undefined {
  let highest: Cursor | undefined;
  for (const cursor of cursors)
    if (cursor && (!highest || cursor.timestampMicros > highest.timestampMicros)) highest = cursor;
  return highest;
}

/**
 * The least advanced unit's cursor (by timestamp): every unit has committed all its rows
 * below it, so validation stays below it. Undefined while any unit has no checkpoint.
 */
export function leastUnitCursor(cursors: readonly (Cursor | undefined)[]): Cursor | undefined {
  let least: Cursor | undefined;
  for (const cursor of cursors) {
    if (!cursor) return undefined;
    if (!least || cursor.timestampMicros < least.timestampMicros) least = cursor;
  }
  return least;
}
