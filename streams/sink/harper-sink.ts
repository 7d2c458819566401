import type { BatchCommit, BatchSink, Checkpoint, CommitResult } from '../model/index.js';
import { HarperCheckpointStore } from './harper-checkpoint-store.js';
import { harperGlobals, type HarperRuntime, type HarperTable } from './harper-runtime.js';
import { requireTable } from './harper-tables.js';
import { keyExists } from './key-exists.js';
import { recordProblem } from './record-validator.js';

export { harperGlobals, type HarperRuntime, type HarperTable };

/** Status, control and audit tables; checkpoints live beside the target tables instead. */
export const SYNC_DATABASE = 'bigquery_sync';

/**
 * Writes batches into Harper. Every put of a batch gets the same transaction, so the
 * target rows, the skipped rows and the checkpoint (through its store's `put(..., txn)`)
 * commit together or not at all (puts without it commit one by one even when the block
 * throws). It is also the `CheckpointStore` the pipeline resumes from: the one its commits
 * write into.
 */
export class HarperSink implements BatchSink {
  /** Where this sink's commits put their checkpoints. */
  readonly store: HarperCheckpointStore;

  constructor(
    private readonly runtime: HarperRuntime = harperGlobals(),
    private readonly targetDatabase = 'data',
    /**
     * Runs first inside each commit's transaction; throwing aborts the whole batch. Cluster
     * mode checks the unit's lease here (src/cluster/lease-store.ts); one node has none.
     * Fields it returns are stored on the checkpoint (cluster mode: the fence that committed).
     */
    private readonly beforeCommit?: (batch: BatchCommit, txn: unknown) => Promise<Record<string, unknown> | void>,
    /**
     * Runs once more after the last await of the transaction, just before it commits;
     * throwing aborts the batch. Cluster mode re-checks the lease here (a node frozen while
     * the batch was prepared may have lost it meanwhile). Only a check: anything
     * `beforeCommit` sets up (sharded placement tags) is not done twice.
     */
    private readonly verifyBeforeWrite?: (batch: BatchCommit, txn: unknown) => Promise<unknown>,
  ) {
    this.store = new HarperCheckpointStore(runtime, targetDatabase);
  }

  readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    return this.store.readCheckpoint(tableId, unit);
  }

  resetCheckpoint(tableId: string, unit: string): Promise<void> {
    return this.store.resetCheckpoint(tableId, unit);
  }

  async commit(batch: BatchCommit): Promise<CommitResult> {
    const target = this.targetTable(batch.targetTable);
    const { checkpoint } = batch;
    return await this.runtime.transaction(async (txn) => {
      const stamp = (await this.beforeCommit?.(batch, txn)) ?? undefined;
      // Distinct keys: a key is new when the target has no record with its id yet, read in
      // this transaction (so concurrent writers of one table cannot double count). The
      // count continues the checkpoint's; a checkpoint without one stays unknown.
      const previous = await this.store.distinctKeys(checkpoint.tableId, checkpoint.unit, txn);
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
            const exists = keyExists(target, record.id, txn);
            if (!(typeof exists === 'boolean' ? exists : await exists)) newKeys++;
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
      // After the last await: a node frozen (GC, SIGSTOP) while this batch was prepared may
      // have lost its lease meanwhile; the check by its clock then refuses it.
      if (this.verifyBeforeWrite) await this.verifyBeforeWrite(batch, txn);
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
      const distinctKeys = previous === null ? null : (previous ?? 0) + newKeys;
      this.store.put(checkpoint, distinctKeys, txn, stamp);
      return { newKeys, distinctKeys };
    });
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
   * Skipped rows sit in the targets' database (like checkpoints): Harper commits each
   * database of a transaction on its own, so only there do they commit atomically with the rows.
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
