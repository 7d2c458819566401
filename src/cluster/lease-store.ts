import type { BatchCommit } from '../../streams/sink/batch-sink.js';
import type { HarperRuntime, HarperTable } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import { FencedError, fenceProblem, leaseId, type Fence, type Lease, type LeaseTiming } from './lease.js';

/** The replicated lease table (schema/sync.graphql), beside the checkpoints it guards. */
export const LEASE_TABLE = 'SyncLease';

/**
 * Leases in Harper. They live in the targets' database like the checkpoints: Harper commits
 * each database of a transaction on its own, so only there can a commit read the lease in
 * its own transaction.
 */
export class LeaseStore {
  constructor(
    private readonly runtime: HarperRuntime,
    private readonly database = 'data',
  ) {}

  async get(tableId: string, unit: string, txn?: unknown): Promise<Lease | undefined> {
    const record = await this.table().get(leaseId(tableId, unit), txn);
    return record ? leaseOf(record) : undefined;
  }

  async put(lease: Lease): Promise<void> {
    await this.runtime.transaction(async (txn) => {
      this.table().put({ ...lease }, txn);
    });
  }

  private table(): HarperTable {
    return requireTable(this.runtime.databases, this.database, LEASE_TABLE, "is this component's schema loaded?");
  }
}

/** What a fenced commit stamps on its checkpoint. */
export type CommitStamp = { committedBy: string; fenceToken: number };

/** The fences this node holds, by unit id (`{tableId}_{unit}`). */
export class FenceRegistry {
  private readonly fences = new Map<string, Fence>();
  hold(tableId: string, unit: string, fence: Fence): void {
    this.fences.set(leaseId(tableId, unit), fence);
  }
  drop(tableId: string, unit: string): void {
    this.fences.delete(leaseId(tableId, unit));
  }
  get(tableId: string, unit: string): Fence | undefined {
    return this.fences.get(leaseId(tableId, unit));
  }
}

/**
 * A check for each commit transaction (HarperSink's `beforeCommit` at its start and `verifyBeforeWrite` at its end): the
 * batch's unit must be held by this node under a fence its lease, read in the same
 * transaction, still matches with time to spare. Throwing aborts the transaction, so a node
 * that lost its lease commits neither rows nor checkpoint. The fence it passes is stamped on
 * the checkpoint (`committedBy`, `fenceToken`), so the checkpoint's history (Harper's audit
 * log) says which owner committed each batch under which token.
 */
export function fencedCommitCheck(
  store: LeaseStore,
  fences: FenceRegistry,
  timing: Pick<LeaseTiming, 'commitMarginMs'>,
  now: () => number = Date.now,
): (batch: BatchCommit, txn: unknown) => Promise<CommitStamp> {
  return async (batch, txn) => {
    const id = leaseId(batch.tableId, batch.unit);
    const fence = fences.get(batch.tableId, batch.unit);
    if (!fence) throw new FencedError(id, 'this node holds no lease for the unit');
    const lease = await store.get(batch.tableId, batch.unit, txn);
    const problem = fenceProblem(lease, fence, now(), timing.commitMarginMs);
    if (problem) throw new FencedError(id, problem);
    return { committedBy: fence.owner, fenceToken: fence.token };
  };
}

function leaseOf(record: Record<string, unknown>): Lease {
  return {
    id: String(record.id),
    tableId: String(record.tableId),
    unit: String(record.unit),
    owner: String(record.owner),
    expiresAt: Number(record.expiresAt),
    token: Number(record.token),
  };
}
