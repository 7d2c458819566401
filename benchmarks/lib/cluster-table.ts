import type { BenchRecord } from './context.js';
import type { ClusterProjection, ClusterRun } from './cluster-model.js';

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '?';

/** README rows of the cluster benchmark: one per placement and node count, then the projection. */
export function clusterRows(record: BenchRecord | undefined): string[][] {
  if (!record) return [];
  const runs = (record.results.runs as ClusterRun[] | undefined) ?? [];
  const projection = record.results.projection as ClusterProjection | undefined;
  const load = (record.results.loadAverage as { before?: string } | undefined)?.before ?? '?';
  const rows = runs.map((r) => [
    `cluster, ${r.placement}, ${r.nodes} node${r.nodes > 1 ? 's' : ''}`,
    `${fmt(r.rows)} positions, ${r.placement === 'sharded' ? `${r.replicas} replica(s), ` : ''}all nodes on this 2-core machine, one worker thread each`,
    `**${fmt(r.rowsPerSecond)} rows/s** synced; ${fmt(r.rowsPerSecondPlaced)} rows/s until every node held its rows`,
    `Harper cores per node ${r.harperCoresPerNode.map((c) => fmt(c, 2)).join(' / ')}, local server ${fmt(r.cpu.processes.localServer ?? NaN, 2)}, other work ${fmt(r.cpu.otherCores, 2)} (load before: ${load})`,
  ]);
  for (const [placement, byNodes] of Object.entries(projection?.projected ?? {})) {
    rows.push([
      `projection, ${placement}`,
      'model from the runs above (README "Cluster (preview)"): one machine per node',
      Object.entries(byNodes)
        .map(([n, v]) => `${n}: ${fmt(v)}`)
        .join(', ') + ' rows/s',
      'a projection, not a measurement',
    ]);
  }
  return rows;
}
