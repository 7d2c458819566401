import { describe, expect, it } from 'vitest';
import { fitLine, harperCostPerRow, projectCluster, type ClusterRun } from '../../../benchmarks/lib/cluster-model.js';

function run(placement: string, nodes: number, harperCores: number[], seconds: number, rows = 10_000): ClusterRun {
  return {
    nodes,
    placement,
    replicas: placement === 'sharded' ? Math.min(1, nodes - 1) : nodes - 1,
    rows,
    syncMs: seconds * 1000,
    placedMs: seconds * 1000,
    rowsPerSecond: rows / seconds,
    rowsPerSecondPlaced: rows / seconds,
    heldPerNode: [],
    cpu: {
      seconds,
      machineCores: 2,
      processes: { localServer: 0.1, ...Object.fromEntries(harperCores.map((c, i) => [`harper${i}`, c])) },
      otherCores: 0,
    },
    harperCoresPerNode: harperCores,
  };
}

describe('cluster projection model', () => {
  it('fits a straight line (a flat one through a single point)', () => {
    expect(fitLine([{ x: 2, y: 3 }])).toEqual({ a: 3, b: 0 });
    const line = fitLine([
      { x: 2, y: 5 },
      { x: 3, y: 7 },
    ]);
    expect(line.a).toBeCloseTo(1);
    expect(line.b).toBeCloseTo(2);
  });

  it('costs a row the Harper CPU-seconds of every node', () => {
    expect(harperCostPerRow(run('replicated', 2, [1, 0.5], 10, 15_000))).toBeCloseTo(1e-3);
  });

  it('projects n × C / k(n): flat when every node writes every row, rising when each writes a share', () => {
    // One node: 1 core for 10 s, 10k rows -> k(1) = 1 ms per row, C = 1 core.
    // Replicated: every node busy as long as one node alone (k(n) = n ms): flat.
    // Sharded: each node writes a share (k(2) = 1.2 ms, k(3) = 1.5 ms): rising.
    const runs = [
      run('replicated', 1, [1], 10),
      run('replicated', 2, [1, 1], 10),
      run('replicated', 3, [1, 1, 1], 10),
      run('sharded', 1, [1], 10),
      run('sharded', 2, [1, 1], 6),
      run('sharded', 3, [1, 1, 1], 5),
    ];
    const p = projectCluster(runs);
    expect(p.coresPerNode).toBe(1);
    expect(p.projected.replicated![1]).toBe(1000);
    expect(p.projected.replicated![12]).toBe(1000);
    expect(p.projected.sharded![3]).toBe(2000);
    // Beyond the measured nodes k(n) = 0.6 + 0.3 n ms: 12 nodes -> 12 / 4.2 ms.
    expect(p.projected.sharded![12]).toBe(Math.round(12 / 4.2e-3));
    expect(p.lines.some((l) => l.startsWith('projection (sharded'))).toBe(true);
  });
});
