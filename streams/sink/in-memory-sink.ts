import type { BatchCommit, BatchSink, Checkpoint, CommitResult, SkippedRow, TargetRecord } from '../model/index.js';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store.js';

/** Where an injected failure strikes relative to applying the commit. */
export type CrashPoint = 'before-commit' | 'after-commit';

/**
 * Target tables and skipped rows in memory, committed atomically with the checkpoint in its
 * store (one synchronous step, so nothing can interleave). Can inject a crash at a chosen
 * commit to prove that resuming from the checkpoint loses nothing.
 */
export class InMemorySink implements BatchSink {
  readonly tables = new Map<string, Map<string, TargetRecord>>();
  readonly skipped = new Map<string, SkippedRow>();
  private commits = 0;

  constructor(
    private readonly crashAt?: (commitNumber: number) => CrashPoint | undefined,
    /** The store the commits write checkpoints into (and the pipeline resumes from). */
    readonly store = new InMemoryCheckpointStore(),
  ) {}

  /** Committed checkpoints by `<tableId>_<unit>`. */
  get checkpoints(): ReadonlyMap<string, Checkpoint> {
    return this.store.checkpoints;
  }

  /** Every checkpoint committed, in order. */
  get history(): readonly Checkpoint[] {
    return this.store.history;
  }

  readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    return this.store.readCheckpoint(tableId, unit);
  }

  resetCheckpoint(tableId: string, unit: string): Promise<void> {
    return this.store.resetCheckpoint(tableId, unit);
  }

  async commit(batch: BatchCommit): Promise<CommitResult> {
    const crash = this.crashAt?.(++this.commits);
    if (crash === 'before-commit') throw new Error(`injected crash before commit #${this.commits}`);
    const table = this.table(batch.targetTable);
    const before = this.store.get(batch.tableId, batch.unit);
    let newKeys = 0;
    for (const record of batch.records) {
      if (!table.has(record.id)) newKeys++;
      table.set(record.id, record);
    }
    for (const row of batch.skipped) this.skipped.set(row.id, row);
    const known = !before || typeof before.distinctKeys === 'number';
    const distinctKeys = known ? (before?.distinctKeys ?? 0) + newKeys : null;
    this.store.put({ ...batch.checkpoint, distinctKeys });
    if (crash === 'after-commit') throw new Error(`injected crash after commit #${this.commits}`);
    return { newKeys, distinctKeys };
  }

  table(name: string): Map<string, TargetRecord> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }
}
