import type { BatchCommit, BatchSink, Checkpoint, CommitResult, SkippedRow, TargetRecord } from './batch-sink.js';

/** Where an injected failure strikes relative to applying the commit. */
export type CrashPoint = 'before-commit' | 'after-commit';

/**
 * Target tables, skipped rows and checkpoints in memory, committed atomically. Can inject
 * a crash at a chosen commit to prove that resuming from the checkpoint loses nothing.
 */
export class InMemorySink implements BatchSink {
  readonly tables = new Map<string, Map<string, TargetRecord>>();
  readonly skipped = new Map<string, SkippedRow>();
  readonly checkpoints = new Map<string, Checkpoint>();
  /** Every checkpoint committed, in order. */
  readonly history: Checkpoint[] = [];
  private commits = 0;

  constructor(private readonly crashAt?: (commitNumber: number) => CrashPoint | undefined) {}

  async readCheckpoint(tableId: string, unit: string): Promise<Checkpoint | undefined> {
    return this.checkpoints.get(`${tableId}_${unit}`);
  }

  async commit(batch: BatchCommit): Promise<CommitResult> {
    const crash = this.crashAt?.(++this.commits);
    if (crash === 'before-commit') throw new Error(`injected crash before commit #${this.commits}`);
    const table = this.table(batch.targetTable);
    const id = `${batch.tableId}_${batch.unit}`;
    const before = this.checkpoints.get(id);
    let newKeys = 0;
    for (const record of batch.records) {
      if (!table.has(record.id)) newKeys++;
      table.set(record.id, record);
    }
    for (const row of batch.skipped) this.skipped.set(row.id, row);
    const known = !before || typeof before.distinctKeys === 'number';
    const distinctKeys = known ? (before?.distinctKeys ?? 0) + newKeys : null;
    const checkpoint = { ...batch.checkpoint, distinctKeys };
    this.checkpoints.set(id, checkpoint);
    this.history.push(checkpoint);
    if (crash === 'after-commit') throw new Error(`injected crash after commit #${this.commits}`);
    return { newKeys, distinctKeys };
  }

  async resetCheckpoint(tableId: string, unit: string): Promise<void> {
    this.checkpoints.delete(`${tableId}_${unit}`);
  }

  table(name: string): Map<string, TargetRecord> {
    let table = this.tables.get(name);
    if (!table) this.tables.set(name, (table = new Map()));
    return table;
  }
}
