import { parseDuration } from '../../config/durations.js';
import { DEFAULT_LEASE_TIMING, type LeaseTiming } from './lease.js';
import { parsePlacement, type PlacementSettings } from './placement.js';
import { DEFAULT_UNIT_COUNT, assertUnitCount } from './units.js';

/** The component block's `cluster:` settings (preview; absent = one node, today's behaviour). */
export interface ClusterSettings {
  /** Units each table is split into. */
  units: number;
  timing: LeaseTiming;
  /** How often a node re-evaluates membership and leases. */
  tickMs: number;
  /** Where rows live: every node, or the writer plus replicas (placement.ts). */
  placement: PlacementSettings;
  /**
   * How long after a member joins or leaves this node validates (with repair) its rows of
   * every table, for rows Harper's replication did not bring (member-change-repair.ts);
   * null: never.
   */
  repairAfterMemberChangeMs: number | null;
}

/** Default wait before the repair that follows a membership change (a new member's copy must be done). */
export const DEFAULT_REPAIR_AFTER_MEMBER_CHANGE_MS = 60_000;

/**
 * Reads the `cluster:` block: `{ enabled: true, units?: 8, leaseTtl?: '15s', placement?:
 * 'replicated' | 'sharded', replicas?: 1, repairAfterMemberChange?: '1m' | 'off' }`. Returns
 * undefined when the block is absent or not enabled: the sync then runs as on one node.
 */
export function parseClusterSettings(block: unknown): ClusterSettings | undefined {
  if (block === undefined || block === null) return undefined;
  if (typeof block !== 'object' || Array.isArray(block)) throw new Error('cluster: expected a mapping');
  const { enabled, units, leaseTtl, placement, replicas, repairAfterMemberChange, ...rest } = block as Record<
    string,
    unknown
  >;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new Error(
      `cluster: unknown setting(s) ${unknown.join(', ')} (known: enabled, units, leaseTtl, placement, replicas, repairAfterMemberChange)`,
    );
  if (enabled !== true) return undefined;
  const count = units === undefined ? DEFAULT_UNIT_COUNT : Number(units);
  assertUnitCount(count);
  let ttlMs = DEFAULT_LEASE_TIMING.ttlMs;
  if (leaseTtl !== undefined) {
    const parsed = parseDuration(leaseTtl, { min: 3_000 });
    if (!parsed.ok) throw new Error(`cluster.leaseTtl: ${parsed.message}`);
    ttlMs = parsed.value;
  }
  return {
    units: count,
    // A commit needs a fifth of the lease left; renewals come at half (unit-lifecycle.ts).
    timing: { ttlMs, commitMarginMs: Math.max(1_000, Math.floor(ttlMs / 5)) },
    tickMs: Math.max(250, Math.floor(ttlMs / 10)),
    placement: parsePlacement(placement, replicas),
    repairAfterMemberChangeMs: parseRepairAfterMemberChange(repairAfterMemberChange),
  };
}

function parseRepairAfterMemberChange(value: unknown): number | null {
  if (value === undefined) return DEFAULT_REPAIR_AFTER_MEMBER_CHANGE_MS;
  if (value === false || value === 'off') return null;
  const parsed = parseDuration(value, { min: 1_000 });
  if (!parsed.ok) throw new Error(`cluster.repairAfterMemberChange: ${parsed.message} (or 'off')`);
  return parsed.value;
}
