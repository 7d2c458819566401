import { restoreCursor, storeCursor } from '../cursor/cursor.js';
import type { Checkpoint, CheckpointStore, Phase, SyncTotals } from '../model/index.js';
import type { HarperRuntime, HarperTable } from './harper-runtime.js';
import { requireTable } from './harper-tables.js';
import { checkpointId } from './checkpoint-store.js';

/**
 * Checkpoints in Harper's `SyncCheckpoint` table. It sits in the targets' database: Harper
 * commits each database of a transaction on its own, so only there does a checkpoint commit
 * atomically with its rows. `put` takes the sink's transaction and must never run without it.
 */
export class HarperCheckpointStore implements CheckpointStore {
  constructor(
    private readonly runtime: HarperRuntime,
    private readonly database = 'data',
  ) {}

  async readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    const record = await this.table().get(checkpointId(tableId, unit));
    return record ? checkpointOf(tableId, unit, record) : undefined;
  }

  async resetCheckpoint(tableId: string, unit: string): Promise<void> {
    await this.table().delete(checkpointId(tableId, unit));
    // A Storage Read backfill in flight starts over too (streams/storage-read/harper-backfill-store.ts).
    await this.runtime.databases[this.database]?.['SyncReadSession']?.delete(checkpointId(tableId, unit));
  }

  /** The distinct key count of the stored checkpoint, read in `txn`: undefined if none, null if unknown. */
  async distinctKeys(tableId: string, unit: string, txn: unknown): Promise<number | null | undefined> {
    const previous = await this.table().get(checkpointId(tableId, unit), txn);
    if (!previous) return undefined;
    return typeof previous.distinctKeys === 'number' ? previous.distinctKeys : null;
  }

  /**
   * Writes the checkpoint as part of `txn`: it commits with the rows or not at all. `stamp`
   * adds fields of the commit itself (cluster mode: the lease owner and token that committed).
   */
  put(checkpoint: Checkpoint, distinctKeys: number | null, txn: unknown, stamp?: Record<string, unknown>): void {
    this.table().put({ ...checkpointRecord(checkpoint, distinctKeys), ...stamp }, txn);
  }

  private table(): HarperTable {
    return requireTable(this.runtime.databases, this.database, 'SyncCheckpoint', "is this component's schema loaded?");
  }
}

/** The SyncCheckpoint record of a checkpoint (`distinctKeys` null: unknown, left out). */
export function checkpointRecord(checkpoint: Checkpoint, distinctKeys: number | null): Record<string, unknown> {
  return {
    id: checkpointId(checkpoint.tableId, checkpoint.unit),
    tableId: checkpoint.tableId,
    unit: checkpoint.unit,
    ...storeCursor(checkpoint.cursor),
    rowsIngested: checkpoint.rowsIngested,
    phase: checkpoint.phase,
    batchSize: checkpoint.batchSize,
    lastSyncTime: checkpoint.lastSyncTime,
    ...(checkpoint.totals ? totalsRecord(checkpoint.totals) : {}),
    ...(distinctKeys !== null ? { distinctKeys } : {}),
  };
}

function checkpointOf(tableId: string, unit: string, record: Record<string, unknown>): Checkpoint {
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

export function totalsRecord(t: SyncTotals): Record<string, unknown> {
  return {
    rowsWritten: t.rowsWritten,
    queries: t.queries,
    bytesProcessed: t.bytesProcessed,
    bytesBilled: t.bytesBilled,
    statsDay: t.day,
    queriesToday: t.queriesToday,
    bytesProcessedToday: t.bytesProcessedToday,
    bytesBilledToday: t.bytesBilledToday,
    storageReadSessions: t.storageReadSessions ?? 0,
    storageReadStreams: t.storageReadStreams ?? 0,
    storageReadRows: t.storageReadRows ?? 0,
    storageReadBytes: t.storageReadBytes ?? 0,
    storageReadBytesToday: t.storageReadBytesToday ?? 0,
  };
}

export function totalsOf(r: Record<string, unknown>): SyncTotals {
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
    storageReadSessions: n(r.storageReadSessions),
    storageReadStreams: n(r.storageReadStreams),
    storageReadRows: n(r.storageReadRows),
    storageReadBytes: n(r.storageReadBytes),
    storageReadBytesToday: n(r.storageReadBytesToday),
  };
}
