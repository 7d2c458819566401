/**
 * Cluster mode (preview) on three real Harper nodes syncing two tables from the local
 * BigQuery server: units spread over all three as the rendezvous assignment says, every row
 * exactly once on every node (full replication), and after kill -9 of one node in the middle
 * of a sync only its units move, to the other two, and the result is still exact.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import {
  BASE_MS,
  createTables,
  insertRows,
  isoMicros,
  portEvents,
  positions,
} from '../../support/maritime-fixtures.js';
import { harperCount } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import {
  PORT_EVENTS_TABLE,
  POSITIONS_TABLE,
  commitsAfterLeaseMoved,
  clusterSyncSettings,
  expectExactRowsOnEveryNode,
  expectedOwners,
  expectedPortEvent,
  expectedPosition,
  printLogsOnFailure,
  printRepairs,
  unitHistory,
  unitIds,
  waitForSettledLeases,
} from './cluster-support.js';

const bq = useLocalBigQuery();
const TABLES = ['vessel_positions', 'port_events'];
// Small batches: every unit needs several commits, so a node dies in the middle of them.
const BATCHES = { initialBatchSize: 300, catchupBatchSize: 250, steadyBatchSize: 250 };

const firstPositions = positions(6_000, { tieGroup: 400 });
const firstEvents = portEvents(1_500);
// Rows that arrive later, all newer than the first ones.
const laterPositions = positions(5_000, { startMicros: 3_600_000_000, mmsiOffset: 900_000 });
const laterEvents = portEvents(1_000).map((e, i) => ({
  ...e,
  event_time: isoMicros(BASE_MS, 7_200_000_000 + i * 1000),
  vessel_mmsi: e.vessel_mmsi + 900_000,
}));

let cluster: HarperCluster | undefined;
beforeAll(async () => {
  await createTables(bq.client, ['vessel_positions', 'port_events']);
  await insertRows(bq.client, 'vessel_positions', firstPositions);
  await insertRows(bq.client, 'port_events', firstEvents);
  const settings = clusterSyncSettings(bq.server.url, [
    { ...POSITIONS_TABLE, sync: BATCHES },
    { ...PORT_EVENTS_TABLE, sync: BATCHES },
  ]);
  cluster = new HarperCluster({ node: () => ({ syncSettings: settings, startTimeoutMs: 240_000 }) });
  await cluster.start(3);
}, 400_000);
afterEach(printLogsOnFailure(() => cluster));
afterAll(async () => {
  await cluster?.stop();
  if (cluster) rmSync(cluster.rootDir, { recursive: true, force: true });
});

async function expectExact(nodes: HarperProcess[], rows: typeof firstPositions, events: typeof firstEvents) {
  await expectExactRowsOnEveryNode(nodes, 'VesselPositions', rows.map(expectedPosition));
  await expectExactRowsOnEveryNode(nodes, 'PortEvents', events.map(expectedPortEvent));
}

describe('cluster mode on three nodes', () => {
  // One test in phases: they share the cluster, and its state after a kill -9 is not undone.
  it('spreads units over all three, lands every row exactly once on each; after kill -9 of one mid-sync its units move to the other two', async () => {
    const [a, b, c] = cluster!.nodes as [HarperProcess, HarperProcess, HarperProcess];

    // Phase 1: all three nodes hold the units the assignment over three members gives them.
    const settled = await waitForSettledLeases(a, TABLES, [a, b, c]);
    const owners = new Set([...settled.values()].map((l) => l.owner));
    expect(owners).toEqual(new Set([a.host, b.host, c.host]));
    await expectExact([a, b, c], firstPositions, firstEvents);

    // Phase 2: new rows arrive; once the sync of them is under way, c dies (kill -9).
    await insertRows(bq.client, 'vessel_positions', laterPositions);
    await insertRows(bq.client, 'port_events', laterEvents);
    await waitFor(
      'the new rows to start landing',
      async () => ((await harperCount(a, 'VesselPositions')) > firstPositions.length ? true : undefined),
      120_000,
      100,
    );
    const before = await waitForSettledLeases(a, TABLES, [a, b, c]);
    await c.kill();

    // Only c's units move: every other unit keeps its owner and its token.
    const after = await waitForSettledLeases(a, TABLES, [a, b]);
    const wasOnC = [...expectedOwners(TABLES, [a, b, c])].filter(([, owner]) => owner === c.host).map(([id]) => id);
    expect(wasOnC.length).toBeGreaterThan(0);
    for (const id of unitIds(TABLES)) {
      const old = before.get(id)!;
      const now = after.get(id)!;
      if (wasOnC.includes(id)) {
        expect(now.owner, id).not.toBe(c.host);
        expect(now.token, id).toBeGreaterThan(old.token);
      } else {
        expect({ owner: now.owner, token: now.token }, id).toEqual({ owner: old.owner, token: old.token });
      }
    }

    const allPositions = [...firstPositions, ...laterPositions];
    const allEvents = [...firstEvents, ...laterEvents];
    await expectExact([a, b], allPositions, allEvents);
    printRepairs([a, b]);
    // Every commit names the fence it was made under; c's last ones came before its leases moved.
    const { commits, leases: leaseWrites } = await unitHistory(a, unitIds(TABLES));
    for (const [id, writes] of commits) {
      expect(writes.length, id).toBeGreaterThan(0);
      expect(writes.every((w) => w.owner.startsWith('127.0.0.') && w.token > 0)).toBe(true);
      if (wasOnC.includes(id))
        expect(commitsAfterLeaseMoved(writes, leaseWrites.get(id)!, before.get(id)!), id).toEqual([]);
    }
  }, 900_000);
});
