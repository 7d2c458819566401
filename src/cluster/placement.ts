import { rendezvousWeight } from './assignment.js';

/**
 * Where a cluster keeps the synced rows (the `cluster.placement` setting):
 * - `replicated`: every node holds every row (Harper's default full replication). Units
 *   split the reads and the BigQuery cost; every node still writes every row.
 * - `sharded`: a row lives on the node that wrote it (the owner of its unit at that
 *   moment) plus `replicas` other nodes, so each node writes only its share.
 * Checkpoints, leases and heartbeats are fully replicated in both modes.
 */
export type PlacementMode = 'replicated' | 'sharded';

export interface PlacementSettings {
  mode: PlacementMode;
  /** Nodes besides the writer that hold each row (sharded only; 0 = the writer alone). */
  replicas: number;
}

export const DEFAULT_PLACEMENT: PlacementSettings = { mode: 'replicated', replicas: 0 };

/** Most replicas a sharded row may have: a larger count is full replication in disguise. */
export const MAX_REPLICAS = 16;

/** Reads `placement` and `replicas` of the `cluster:` block (both optional). */
export function parsePlacement(placement: unknown, replicas: unknown): PlacementSettings {
  const mode = placement ?? 'replicated';
  if (mode !== 'replicated' && mode !== 'sharded') {
    throw new Error(`cluster.placement: expected "replicated" or "sharded", got ${JSON.stringify(placement)}`);
  }
  if (mode === 'replicated') {
    if (replicas !== undefined) throw new Error('cluster.replicas: only with placement: sharded');
    return DEFAULT_PLACEMENT;
  }
  const count = replicas === undefined ? 1 : Number(replicas);
  if (!Number.isInteger(count) || count < 0 || count > MAX_REPLICAS) {
    throw new Error(`cluster.replicas: expected an integer from 0 to ${MAX_REPLICAS}, got ${JSON.stringify(replicas)}`);
  }
  return { mode, replicas: count };
}

/**
 * The nodes that hold the rows a `writer` commits for a unit: the writer first, then the
 * `replicas` other live members that rank highest for the unit in the same rendezvous
 * order the assignment uses (`unitKey` is the lease id it ranks). So the first replica is
 * the node that takes the unit over when its owner dies, and it already holds the rows.
 * Fewer members than `1 + replicas` place the rows on all of them.
 */
export function unitPlacement(unitKey: string, writer: string, members: readonly string[], replicas: number): string[] {
  const others = [...new Set(members)].filter((m) => m !== writer);
  const ranked = others
    .map((member) => ({ member, weight: rendezvousWeight(member, unitKey) }))
    .sort((a, b) => (a.weight === b.weight ? (a.member < b.member ? -1 : 1) : a.weight > b.weight ? -1 : 1));
  return [writer, ...ranked.slice(0, replicas).map((r) => r.member)];
}
