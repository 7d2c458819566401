/**
 * Leases: which node may write a unit, until when, and under which fencing token.
 *
 * Harper replicates the lease table like any other, so two nodes can briefly see different
 * leases. Safety therefore rests on two checks made inside the commit's own transaction
 * (fenceProblem): the lease on this node must still name this owner and token, and it must
 * not have expired by this node's clock. A node that was frozen past its lease fails the
 * second check even before the new owner's lease has replicated to it; a node whose lease
 * was taken over fails the first. Rows are upserts by deterministic ids, so even a window
 * in which two nodes write one unit cannot duplicate rows; fencing keeps a stale owner from
 * moving the unit's checkpoint.
 */

/** A unit's lease as stored (one record per table unit, id `{tableId}_{unit}`). */
export interface Lease {
  id: string;
  tableId: string;
  unit: string;
  /** The node (its replication hostname) that may write the unit. */
  owner: string;
  /** Epoch ms after which the lease is void. */
  expiresAt: number;
  /** Grows with every change of owner; the pair (owner, token) identifies one tenure. */
  token: number;
}

/** What a node holds and checks its commits against. */
export interface Fence {
  owner: string;
  token: number;
}

export interface LeaseTiming {
  /** How long a lease lasts from its last renewal. */
  ttlMs: number;
  /** A commit needs at least this much lease left (covers the time the commit takes). */
  commitMarginMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 15_000, commitMarginMs: 2_000 };

export function leaseId(tableId: string, unit: string): string {
  return `${tableId}_${unit}`;
}

export function isLive(lease: Lease | undefined, now: number): lease is Lease {
  return lease !== undefined && lease.expiresAt > now;
}

/**
 * The lease `self` writes to take or keep the unit, or undefined when it must wait (another
 * node holds a live lease). Keeping its own live lease keeps the token; taking a lease over
 * (free, expired or released) raises it.
 */
export function claim(
  current: Lease | undefined,
  request: { tableId: string; unit: string; self: string; now: number; ttlMs: number },
): Lease | undefined {
  const { tableId, unit, self, now, ttlMs } = request;
  if (isLive(current, now) && current.owner !== self) return undefined;
  const keeps = isLive(current, now) && current.owner === self;
  return {
    id: leaseId(tableId, unit),
    tableId,
    unit,
    owner: self,
    expiresAt: now + ttlMs,
    token: keeps ? current.token : (current?.token ?? 0) + 1,
  };
}

/** The lease after `self` hands the unit over (expired now, so the next owner takes it at once). */
export function release(current: Lease, self: string, now: number): Lease | undefined {
  if (current.owner !== self) return undefined;
  return { ...current, expiresAt: Math.min(current.expiresAt, now) };
}

/** Why a commit under `fence` must not happen, or undefined when it may. */
export function fenceProblem(
  lease: Lease | undefined,
  fence: Fence,
  now: number,
  commitMarginMs: number,
): string | undefined {
  if (!lease) return 'the unit has no lease';
  if (lease.owner !== fence.owner || lease.token !== fence.token) {
    return `the lease moved to ${lease.owner} (token ${lease.token}); this node held token ${fence.token}`;
  }
  if (lease.expiresAt - commitMarginMs <= now) {
    return `the lease expired at ${new Date(lease.expiresAt).toISOString()}`;
  }
  return undefined;
}

/** Thrown inside the commit transaction so that nothing of the batch commits. */
export class FencedError extends Error {
  constructor(
    readonly unitId: string,
    reason: string,
  ) {
    super(`unit ${unitId}: commit refused (${reason})`);
    this.name = 'FencedError';
  }
}
