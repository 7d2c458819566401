import { restoreCursor, storeCursor } from '../cursor/cursor.js';
import type { BatchCommit, BatchSink, Checkpoint, Phase } from './batch-sink.js';

/** The part of a Harper table class the sink uses (static Resource API). */
export interface HarperTable {
  get(
    id: string,
    context?: unknown,
  ): Promise<Record<string, unknown> | undefined | null> | Record<string, unknown> | undefined | null;
  put(record: Record<string, unknown>, context?: unknown): unknown;
  delete(id: string, context?: unknown): unknown;
}

/** Harper's runtime: its globals inside a worker thread, or a stand-in with the same shape. */
export interface HarperRuntime {
  databases: Record<string, Record<string, HarperTable | undefined> | undefined>;
  transaction<T>(callback: (txn: unknown) => Promise<T> | T): Promise<T>;
}

export const SYNC_DATABASE = 'bigquery_sync';

/** Harper's globals, looked up when used: this module is also imported outside Harper. */
export function harperGlobals(): HarperRuntime {
  const g = globalThis as unknown as Partial<HarperRuntime>;
  if (!g.databases || !g.transaction) {
    throw new Error(
      'Harper globals (databases, transaction) are missing: the Harper sink runs only inside a Harper worker',
    );
  }
  return { databases: g.databases, transaction: g.transaction.bind(globalThis) };
}

/**
 * Writes batches into Harper. Every put of a batch gets the same transaction, so the
 * target rows, the skipped rows and the checkpoint commit together or not at all (puts
 * without it commit one by one even when the block throws).
 */
export class HarperSink implements BatchSink {
  constructor(
    private readonly runtime: HarperRuntime = harperGlobals(),
    private readonly targetDatabase = 'data',
  ) {}

  async readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    const record = await this.syncTable('SyncCheckpoint').get(`${tableId}_${unit}`);
    if (!record) return undefined;
    return {
      tableId,
      unit,
      cursor: restoreCursor({
        cursorTimestampMicros: String(record.cursorTimestampMicros),
        cursorKey: String(record.cursorKey),
      }),
      rowsIngested: Number(record.rowsIngested ?? 0),
      phase: (record.phase as Phase | undefined) ?? 'initial',
      batchSize: Number(record.batchSize ?? 0),
      lastSyncTime: new Date(record.lastSyncTime as string | number | Date),
    };
  }

  async commit(batch: BatchCommit): Promise<void> {
    const target = this.targetTable(batch.targetTable);
    const checkpoints = this.syncTable('SyncCheckpoint');
    const skipped = batch.skipped.length > 0 ? this.syncTable('SkippedRecord') : undefined;
    const { checkpoint } = batch;
    await this.runtime.transaction(async (txn) => {
      for (const record of batch.records) target.put(record, txn);
      for (const row of batch.skipped) {
        skipped!.put(
          {
            id: row.id,
            tableId: batch.tableId,
            reason: row.reason,
            rawRow: JSON.parse(JSON.stringify(row.rawRow)) as unknown,
            cursorTimestampMicros: row.cursor.timestampMicros.toString(),
          },
          txn,
        );
      }
      checkpoints.put(
        {
          id: `${checkpoint.tableId}_${checkpoint.unit}`,
          tableId: checkpoint.tableId,
          unit: checkpoint.unit,
          ...storeCursor(checkpoint.cursor),
          rowsIngested: checkpoint.rowsIngested,
          phase: checkpoint.phase,
          batchSize: checkpoint.batchSize,
          lastSyncTime: checkpoint.lastSyncTime,
        },
        txn,
      );
    });
  }

  async resetCheckpoint(tableId: string, unit: string): Promise<void> {
    await this.syncTable('SyncCheckpoint').delete(`${tableId}_${unit}`);
  }

  private targetTable(name: string): HarperTable {
    const table = this.runtime.databases[this.targetDatabase]?.[name];
    if (!table) {
      throw new Error(
        `Harper has no table ${this.targetDatabase}.${name}: define the targetTable in your schema (type ${name} @table @export { id: ID @primaryKey })`,
      );
    }
    return table;
  }

  private syncTable(name: string): HarperTable {
    const table = this.runtime.databases[SYNC_DATABASE]?.[name];
    if (!table) throw new Error(`Harper has no table ${SYNC_DATABASE}.${name}: is this component's schema loaded?`);
    return table;
  }
}
