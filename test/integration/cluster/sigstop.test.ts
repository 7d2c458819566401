/**
 * Cluster mode (preview): a node running its units is frozen (SIGSTOP) in the middle of a
 * backlog, past its lease, while rows keep arriving. The other node takes its units; when
 * the frozen node wakes (SIGCONT) its in-flight commits are refused by the fence (the
 * checkpoint history shows no commit after the lease moved), it drops the units, and every
 * node ends with exactly the source's rows.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { waitFor } from '../../support/wait.js';
import {
  POSITIONS_TABLE,
  type LeaseRecord,
  checkpoints,
  clusterSyncSettings,
  commitsAfterLeaseMoved,
  expectExactRowsOnEveryNode,
  expectedPosition,
  keepInserting,
  logLines,
  printLogsOnFailure,
  printRepairs,
  unitHistory,
  unitIds,
  waitForCount,
  waitForSettledLeases,
} from './cluster-support.js';

const bq = useLocalBigQuery();
const TABLES = ['vessel_positions'];
const BATCHES = { initialBatchSize: 250, catchupBatchSize: 250, steadyBatchSize: 250 };
const firstRows = positions(2_000, { tieGroup: 200 });
const BURST = 8_000;

let cluster: HarperCluster | undefined;
beforeAll(async () => {
  await createTables(bq.client, ['vessel_positions']);
  await insertRows(bq.client, 'vessel_positions', firstRows);
  const settings = clusterSyncSettings(bq.server.url, [{ ...POSITIONS_TABLE, sync: BATCHES }]);
  cluster = new HarperCluster({ node: () => ({ syncSettings: settings, startTimeoutMs: 240_000 }) });
  await cluster.start(2);
}, 400_000);
afterEach(printLogsOnFailure(() => cluster));
afterAll(async () => {
  await cluster?.stop();
  if (cluster) rmSync(cluster.rootDir, { recursive: true, force: true });
});

/** Lines where `node` refused to commit one of these units under an old token. */
function refusals(node: HarperProcess, units: readonly string[]): string[] {
  return logLines(node, /commit refused/).filter((line) => units.some((id) => line.includes(`unit ${id}:`)));
}

describe('a node frozen (SIGSTOP) through a running sync', () => {
  it('loses its units to the other node, has its in-flight commits refused when it wakes, and the result is exact', async () => {
    const [a, b] = cluster!.nodes as [HarperProcess, HarperProcess];
    const inserter = keepInserting(bq.client, 1000, 50);
    let onB: LeaseRecord[] = [];
    try {
      const settled = await waitForSettledLeases(a, TABLES, [a, b]);
      await waitForCount(a, 'VesselPositions', firstRows.length);
      onB = [...settled.values()].filter((l) => l.owner === b.host);
      expect(onB.length).toBeGreaterThan(0);

      // A backlog for every unit (many batches each), then b is frozen as soon as it is
      // committing it: its pipelines are then reading or committing, not idle.
      const marker = inserter.rows.length;
      await inserter.burst(BURST);
      const burstStart = BigInt(Date.parse(inserter.rows[marker]!.timestamp)) * 1000n;
      await waitFor(
        `${b.host} to commit part of the backlog`,
        async () => {
          const mine = await checkpoints(b, 'vessel_positions');
          return onB.some((l) => BigInt(String(mine.get(l.id)?.cursorTimestampMicros ?? 0)) >= burstStart)
            ? true
            : undefined;
        },
        120_000,
        50,
      );
      const refusedBefore = refusals(
        b,
        onB.map((l) => l.id),
      ).length;
      cluster!.pause(b);
      let resumed = false;
      const takenTokens = new Map<string, number>();
      try {
        // a takes b's units once their leases expire (b can neither renew nor release them),
        // and commits them onwards while b sleeps.
        const taken = await waitForSettledLeases(a, TABLES, [a], 120_000);
        for (const lease of onB) {
          expect(taken.get(lease.id)!.token, lease.id).toBeGreaterThan(lease.token);
          takenTokens.set(lease.id, taken.get(lease.id)!.token);
        }
        await waitFor(
          `${a.host} to commit each of ${b.host}'s units`,
          async () => {
            const now = await checkpoints(a, 'vessel_positions');
            return onB.every((l) => now.get(l.id)?.committedBy === a.host) ? true : undefined;
          },
          120_000,
          500,
        );
        cluster!.resume(b);
        resumed = true;
      } finally {
        if (!resumed) cluster!.resume(b);
      }

      // Awake, b finds its fences stale: what it had in flight is refused, and it stops the
      // units (and takes back, under new tokens, those the assignment gives it again).
      await waitFor(
        `${b.host} to refuse its in-flight commits`,
        async () =>
          refusals(
            b,
            onB.map((l) => l.id),
          ).length > refusedBefore
            ? true
            : undefined,
        60_000,
        250,
      );
      const back = await waitForSettledLeases(a, TABLES, [a, b]);
      for (const lease of onB) {
        expect(back.get(lease.id)!.token, lease.id).toBeGreaterThan(takenTokens.get(lease.id)!);
      }
    } finally {
      await inserter.stop();
    }

    const all = [...firstRows, ...inserter.rows].map(expectedPosition);
    await expectExactRowsOnEveryNode([a, b], 'VesselPositions', all);
    printRepairs([a, b]);
    // No commit by b under the tokens it was frozen with after its leases had moved on.
    const { commits, leases: leaseWrites } = await unitHistory(a, unitIds(TABLES));
    for (const lease of onB) {
      const writes = commits.get(lease.id)!;
      expect(
        writes.some((w) => w.owner === b.host && w.token === lease.token),
        lease.id,
      ).toBe(true);
      expect(commitsAfterLeaseMoved(writes, leaseWrites.get(lease.id)!, lease), lease.id).toEqual([]);
    }
  }, 900_000);
});
