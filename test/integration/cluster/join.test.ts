/**
 * Cluster mode (preview): a third real Harper node joins two that are syncing while rows keep
 * arriving. Only the units the newcomer wins under the rendezvous assignment move (their
 * leases go to it with a higher token; every other lease keeps its owner and token), the
 * newcomer commits those units onwards, and every node ends with exactly the source's rows.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { compareCursor, restoreCursor } from '../../../streams/cursor/cursor.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { waitFor } from '../../support/wait.js';
import {
  KEY_KINDS,
  type LeaseRecord,
  POSITIONS_TABLE,
  commitsAfterLeaseMoved,
  checkpoints,
  clusterSyncSettings,
  expectExactRowsOnEveryNode,
  expectedOwners,
  expectedPosition,
  keepInserting,
  leases,
  printLogsOnFailure,
  printRepairs,
  unitHistory,
  unitIds,
  waitForCount,
  waitForSettledLeases,
} from './cluster-support.js';

const bq = useLocalBigQuery();
const TABLES = ['vessel_positions'];
const BATCHES = { initialBatchSize: 200, catchupBatchSize: 200, steadyBatchSize: 200 };
const firstRows = positions(4_000, { tieGroup: 300 });

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

describe('a node joining a syncing cluster', () => {
  it('moves to the newcomer only the units it wins, the newcomer commits them onwards, and the result is exact', async () => {
    const [a, b] = cluster!.nodes as [HarperProcess, HarperProcess];
    const inserter = keepInserting(bq.client, 1000, 60);
    let won: string[] = [];
    let before = new Map<string, LeaseRecord>();
    let newcomer: HarperProcess | undefined;
    try {
      await waitForCount(a, 'VesselPositions', firstRows.length);
      before = await waitForSettledLeases(a, TABLES, [a, b]);

      // The join, while the inserter keeps the units busy.
      const c = (newcomer = await cluster!.join());
      const after = await waitForSettledLeases(a, TABLES, [a, b, c]);
      won = [...expectedOwners(TABLES, [a, b, c])].filter(([, owner]) => owner === c.host).map(([id]) => id);
      expect(won.length).toBeGreaterThan(0);
      for (const id of unitIds(TABLES)) {
        const old = before.get(id)!;
        const now = after.get(id)!;
        if (won.includes(id)) {
          expect(now.owner, id).toBe(c.host);
          expect(now.token, id).toBeGreaterThan(old.token);
        } else {
          expect({ owner: now.owner, token: now.token }, id).toEqual({ owner: old.owner, token: old.token });
        }
      }

      // The newcomer commits its units onwards under the lease it took (same token throughout).
      const taken = await checkpoints(a, 'vessel_positions');
      await waitFor(
        `${c.host} to commit each of its units beyond where it took them over`,
        async () => {
          const [current, held] = [await checkpoints(a, 'vessel_positions'), await leases(a, TABLES)];
          for (const id of won) {
            expect({ owner: held.get(id)?.owner, token: held.get(id)?.token }, id).toEqual({
              owner: c.host,
              token: after.get(id)!.token,
            });
            const from = restoreCursor(taken.get(id) as never);
            const to = restoreCursor(current.get(id) as never);
            if (compareCursor(KEY_KINDS.vessel_positions!, to, from) <= 0) return undefined;
          }
          return true;
        },
        180_000,
        500,
      );
    } finally {
      await inserter.stop();
    }

    const all = [...firstRows, ...inserter.rows].map(expectedPosition);
    await expectExactRowsOnEveryNode(cluster!.nodes, 'VesselPositions', all);
    printRepairs(cluster!.nodes);
    // The previous owners committed nothing under their tokens after handing the units over.
    const { commits, leases: leaseWrites } = await unitHistory(a, unitIds(TABLES));
    for (const id of won) {
      expect(commitsAfterLeaseMoved(commits.get(id)!, leaseWrites.get(id)!, before.get(id)!), id).toEqual([]);
    }
    // The newcomer's own commits of the units it won are in the history.
    for (const id of won)
      expect(
        commits.get(id)!.some((w) => w.owner === newcomer!.host),
        id,
      ).toBe(true);
  }, 900_000);
});
