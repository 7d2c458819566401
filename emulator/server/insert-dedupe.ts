/**
 * Best-effort de-duplication of streaming inserts by `insertId`, as BigQuery documents it:
 * a row whose insertId was seen for the same table within the last minute or so is
 * dropped. The client library retries insertAll with the same insertIds, so this is what
 * keeps a retried request (e.g. after a lost reply) from storing rows twice.
 */
export class InsertIdCache {
  /** Per table, insertId -> expiry (ms). Maps iterate in insertion order, i.e. oldest first. */
  private readonly tables = new Map<string, Map<string, number>>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxPerTable = 1_000_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(projectId: string, datasetId: string, tableId: string): string {
    return `${projectId}\u0000${datasetId}\u0000${tableId}`;
  }

  has(tableKey: string, insertId: string): boolean {
    const ids = this.tables.get(tableKey);
    if (!ids) return false;
    const expiry = ids.get(insertId);
    return expiry !== undefined && expiry > this.now();
  }

  add(tableKey: string, insertIds: Iterable<string>): void {
    let ids = this.tables.get(tableKey);
    if (!ids) {
      ids = new Map();
      this.tables.set(tableKey, ids);
    }
    this.sweep(ids);
    const expiry = this.now() + this.windowMs;
    for (const id of insertIds) {
      // Re-inserting moves the id to the back so the oldest-first order stays true.
      ids.delete(id);
      ids.set(id, expiry);
    }
    while (ids.size > this.maxPerTable) {
      const oldest = ids.keys().next();
      if (oldest.done) break;
      ids.delete(oldest.value);
    }
  }

  /** A deleted or truncated table starts with a clean slate. */
  forget(tableKey: string): void {
    this.tables.delete(tableKey);
  }

  /** Forget every table of a dataset (dataset deleted with its contents). */
  forgetDataset(projectId: string, datasetId: string): void {
    const prefix = `${projectId}\u0000${datasetId}\u0000`;
    for (const key of this.tables.keys()) if (key.startsWith(prefix)) this.tables.delete(key);
  }

  private sweep(ids: Map<string, number>): void {
    const now = this.now();
    for (const [id, expiry] of ids) {
      if (expiry > now) break;
      ids.delete(id);
    }
  }
}
