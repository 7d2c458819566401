import { restoreCursor, storeCursor } from '../cursor/cursor.js';
import type { SyncTotals } from '../stats/sync-totals.js';
import type { BatchCommit, BatchSink, Checkpoint, CommitResult, Phase } from './batch-sink.js';
import { requireTable } from './harper-tables.js';
import { recordProblem, type HarperAttribute } from './record-validator.js';

/** The part of a Harper table class the sink uses (static Resource API). */
export interface HarperTable {
  get(
    id: string,
    context?: unknown,
  ): Promise<Record<string, unknown> | undefined | null> | Record<string, unknown> | undefined | null;
  put(record: Record<string, unknown>, context?: unknown): unknown;
  delete(id: string, context?: unknown): unknown;
  /** Declared attributes (from the GraphQL schema); absent in stand-ins. */
  attributes?: readonly HarperAttribute[];
}

/** Harper's runtime: its globals inside a worker thread, or a stand-in with the same shape. */
export interface HarperRuntime {
  databases: Record<string, Record<string, HarperTable | undefined> | undefined>;
  transaction<T>(callback: (txn: unknown) => Promise<T> | T): Promise<T>;
}

/** Status, control and audit tables; checkpoints live beside the target tables instead. */
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
    /**
     * Runs first inside each commit's transaction; throwing aborts the whole batch. Cluster
     * mode checks the unit's lease here (src/cluster/lease-store.ts); one node has none.
     */
    private readonly beforeCommit?: (batch: BatchCommit, txn: unknown) => Promise<void>,
  ) {}

  async readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    const record = await this.bookkeepingTable('SyncCheckpoint').get(`${tableId}_${unit}`);
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
      ...(record.statsDay !== undefined && record.statsDay !== null ? { totals: totalsOf(record) } : {}),
      distinctKeys: typeof record.distinctKeys === 'number' ? record.distinctKeys : null,
    };
  }

  async commit(batch: BatchCommit): Promise<CommitResult> {
    const target = this.targetTable(batch.targetTable);
    const checkpoints = this.bookkeepingTable('SyncCheckpoint');
    const { checkpoint } = batch;
    const checkpointId = `${checkpoint.tableId}_${checkpoint.unit}`;
    return await this.runtime.transaction(async (txn) => {
      await this.beforeCommit?.(batch, txn);
      // Distinct keys: a key is new when the target has no record with its id yet, read in
      // this transaction (so concurrent writers of one table cannot double count). The
      // count continues the checkpoint's; a checkpoint without one stays unknown.
      const previous = await checkpoints.get(checkpointId, txn);
      const known = !previous || typeof previous.distinctKeys === 'number';
      let newKeys = 0;
      const seen = new Set<string>();
      const rejected: { id: string; reason: string; rawRow: unknown }[] = [];
      const attributes = target.attributes ?? [];
      for (const record of batch.records) {
        // A row Harper would refuse must not block the table: it joins the skipped rows.
        const problem = recordProblem(record, attributes);
        if (problem) {
          rejected.push({
            id: `${batch.tableId}|${record.id}`,
            reason: `Harper would reject the record: ${problem}`,
            rawRow: record,
          });
          continue;
        }
        try {
          if (!seen.has(record.id)) {
            seen.add(record.id);
            if (!(await target.get(record.id, txn))) newKeys++;
          }
          target.put(record, txn);
        } catch (error) {
          rejected.push({
            id: `${batch.tableId}|${record.id}`,
            reason: `Harper rejected the record: ${(error as Error).message}`,
            rawRow: record,
          });
        }
      }
      const skippedRows = [
        ...batch.skipped.map((row) => ({
          id: row.id,
          reason: row.reason,
          rawRow: row.rawRow,
          cursorTimestampMicros: row.cursor.timestampMicros.toString(),
        })),
        ...rejected,
      ];
      const skipped = skippedRows.length > 0 ? this.bookkeepingTable('SkippedRecord') : undefined;
      for (const row of skippedRows) {
        skipped!.put({ ...row, tableId: batch.tableId, rawRow: toPlainJson(row.rawRow) }, txn);
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
          ...(checkpoint.totals ? totalsRecord(checkpoint.totals) : {}),
          ...(known ? { distinctKeys: Number(previous?.distinctKeys ?? 0) + newKeys } : {}),
        },
        txn,
      );
      return { newKeys, distinctKeys: known ? Number(previous?.distinctKeys ?? 0) + newKeys : null };
    });
  }

  async resetCheckpoint(tableId: string, unit: string): Promise<void> {
    await this.bookkeepingTable('SyncCheckpoint').delete(`${tableId}_${unit}`);
  }

  private targetTable(name: string): HarperTable {
    return requireTable(
      this.runtime.databases,
      this.targetDatabase,
      name,
      `define the targetTable in your schema (type ${name} @table @export { id: ID @primaryKey })`,
    );
  }

  /**
   * Checkpoints and skipped rows sit in the targets' database: Harper commits each database
   * of a transaction on its own, so only there do they commit atomically with the rows.
   */
  private bookkeepingTable(name: string): HarperTable {
    return requireTable(this.runtime.databases, this.targetDatabase, name, "is this component's schema loaded?");
  }
}

/**
 * A JSON-safe copy (BigInt as decimal text, bytes as base64) for the skipped-rows table.
 * Walked by hand: Harper makes BigInt's toJSON throw, and JSON.stringify calls toJSON
 * before any replacer.
 */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
  }
  return value;
}

function totalsRecord(t: SyncTotals): Record<string, unknown> {
  return {
    rowsWritten: t.rowsWritten,
    queries: t.queries,
    bytesProcessed: t.bytesProcessed,
    bytesBilled: t.bytesBilled,
    statsDay: t.day,
    queriesToday: t.queriesToday,
    bytesProcessedToday: t.bytesProcessedToday,
    bytesBilledToday: t.bytesBilledToday,
  };
}

function totalsOf(r: Record<string, unknown>): SyncTotals {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    rowsWritten: n(r.rowsWritten),
    queries: n(r.queries),
    bytesProcessed: n(r.bytesProcessed),
    bytesBilled: n(r.bytesBilled),
    day: String(r.statsDay),
    queriesToday: n(r.queriesToday),
    bytesProcessedToday: n(r.bytesProcessedToday),
    bytesBilledToday: n(r.bytesBilledToday),
  };
}
