import type { CpuUse } from './cpu.js';
import { round } from './stats.js';

/** One measured run of the cluster benchmark. */
export interface ClusterRun {
  nodes: number;
  placement: string;
  /** Nodes besides the writer that hold each row (replicated: every other node). */
  replicas: number;
  rows: number;
  syncMs: number;
  placedMs: number;
  rowsPerSecond: number;
  rowsPerSecondPlaced: number;
  heldPerNode: number[];
  cpu: CpuUse;
  harperCoresPerNode: number[];
}

export interface ClusterProjection {
  model: string;
  /** CPU-seconds of all Harper nodes per synced row, measured, by placement and node count. */
  costPerRow: Record<string, Record<number, number>>;
  /** Cores one Harper node used while it synced alone (the per-node budget of the model). */
  coresPerNode: number | null;
  /** Projected rows/s by placement and node count. */
  projected: Record<string, Record<number, number>>;
  lines: string[];
}

const PROJECT_TO = [1, 2, 3, 4, 6, 8, 12];

/** Harper CPU-seconds, all nodes together, per row synced in a run. */
export function harperCostPerRow(run: ClusterRun): number {
  const cores = run.harperCoresPerNode.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return (cores * run.cpu.seconds) / run.rows;
}

/** Least-squares line through (x, y) points; a flat line through one point. */
export function fitLine(points: readonly { x: number; y: number }[]): { a: number; b: number } {
  if (points.length === 0) return { a: NaN, b: NaN };
  if (points.length === 1) return { a: points[0]!.y, b: 0 };
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { a: my - b * mx, b };
}

/**
 * A projection for clusters of machines of their own, from runs that shared one machine.
 * Each node is given the cores one node used when it synced alone (C). The Harper CPU a
 * synced row costs the whole cluster, k(n), is measured per placement and node count and
 * extended to larger n by a straight line through the measured points of 2+ nodes (every
 * extra node adds a full copy in replicated mode, an index stub in sharded mode).
 * Projected rate(n) = n * C / k(n). Not capped by the source: BigQuery reads are per unit
 * and parallel; the local server's own CPU per row is reported beside it.
 */
export function projectCluster(runs: readonly ClusterRun[]): ClusterProjection {
  const costPerRow: Record<string, Record<number, number>> = {};
  for (const run of runs) (costPerRow[run.placement] ??= {})[run.nodes] = round(harperCostPerRow(run) * 1e6, 1) / 1e6;
  const single = runs.find((r) => r.nodes === 1);
  const coresPerNode = single ? (single.harperCoresPerNode[0] ?? null) : null;
  const projected: Record<string, Record<number, number>> = {};
  const lines: string[] = [];
  for (const [placement, costs] of Object.entries(costPerRow)) {
    const measured = Object.entries(costs).map(([n, k]) => ({ x: Number(n), y: k }));
    const multi = measured.filter((p) => p.x >= 2);
    const line = fitLine(multi.length > 0 ? multi : measured);
    const out: Record<number, number> = {};
    for (const n of PROJECT_TO) {
      const k = costs[n] ?? Math.max(line.a + line.b * n, Number.MIN_VALUE);
      out[n] = coresPerNode && Number.isFinite(k) ? Math.round((n * coresPerNode) / k) : NaN;
    }
    projected[placement] = out;
    lines.push(
      `projection (${placement}; model, not measured beyond ${Math.max(...measured.map((p) => p.x))} nodes): ` +
        PROJECT_TO.map((n) => `${n} nodes ${Number.isFinite(out[n]) ? out[n]!.toLocaleString('en-US') : '?'}`).join(
          ', ',
        ) +
        ' rows/s',
    );
  }
  const server = runs.map((r) => (r.cpu.processes.localServer ?? NaN) * r.cpu.seconds).reduce((a, b) => a + b, 0);
  const rowsServed = runs.reduce((a, r) => a + r.rows, 0);
  if (server > 0)
    lines.push(`local server: ${Math.round(rowsServed / server).toLocaleString('en-US')} rows per CPU-second served`);
  return {
    model:
      'Projection = n × C / k(n): C = cores one Harper node used syncing alone; k(n) = Harper CPU-seconds per synced row ' +
      'for the whole cluster, measured at 1-3 nodes and extended by a straight line through the 2+ node points. ' +
      'It assumes one machine per node, a network that is not the limit and a source that keeps up.',
    costPerRow,
    coresPerNode,
    projected,
    lines,
  };
}
