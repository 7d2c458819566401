/**
 * Cluster mode (preview) on two real Harper nodes syncing one table from the local BigQuery
 * server: the table split into 8 units, leases over the live members, fenced commits.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { harperCount } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import { POSITIONS_TABLE, clusterSyncSettings, printLogsOnFailure } from './cluster-support.js';

const bq = useLocalBigQuery();
const ROWS = 20_000;

function syncSettings(apiEndpoint: string) {
  const sync = { initialBatchSize: 2000, catchupBatchSize: 2000, steadyBatchSize: 1000 };
  return clusterSyncSettings(apiEndpoint, [{ ...POSITIONS_TABLE, sync }], { leaseTtl: '6s' });
}

let cluster: HarperCluster;
beforeAll(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', positions(ROWS, { tieGroup: 500 }));
  cluster = new HarperCluster({ node: () => ({ syncSettings: syncSettings(bq.server.url) }) });
  await cluster.start(2);
}, 400_000);
afterEach(printLogsOnFailure(() => cluster));
afterAll(async () => {
  await cluster?.stop();
  if (cluster) rmSync(cluster.rootDir, { recursive: true, force: true });
});

async function leases(node: HarperProcess): Promise<Record<string, unknown>[]> {
  return node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncLease',
    search_attribute: 'tableId',
    search_value: 'vessel_positions',
    get_attributes: ['*'],
  });
}

async function checkpoints(node: HarperProcess): Promise<Record<string, unknown>[]> {
  return node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncCheckpoint',
    search_attribute: 'tableId',
    search_value: 'vessel_positions',
    get_attributes: ['*'],
  });
}

describe('cluster mode on two nodes', () => {
  it('splits the table over both nodes, every row lands exactly once; after kill -9 of one, the other takes its units', async () => {
    const [a, b] = cluster.nodes as [HarperProcess, HarperProcess];
    for (const node of [a, b]) {
      await waitFor(
        `${ROWS} rows on ${node.host}`,
        async () => ((await harperCount(node, 'VesselPositions')) >= ROWS ? true : undefined),
        300_000,
        1000,
      );
    }
    // Exactly: no more rows than the source has, on either node.
    expect(await harperCount(a, 'VesselPositions')).toBe(ROWS);
    expect(await harperCount(b, 'VesselPositions')).toBe(ROWS);
    // Both nodes own units once membership settled; every unit has its own checkpoint.
    const owners = await waitFor(
      'units on both nodes',
      async () => {
        const live = (await leases(a)).filter((l) => Number(l.expiresAt) > Date.now());
        const set = new Set(live.map((l) => String(l.owner)));
        if (live.length === 8 && set.size === 2) return set;
        // Thrown, so that a timeout says what the leases looked like last.
        throw new Error(`${live.length} of 8 leases live, owners ${[...set].join(', ') || 'none'}`);
      },
      120_000,
      500,
    );
    expect(owners).toEqual(new Set([a.host, b.host]));
    const units = (await checkpoints(a)).map((c) => String(c.unit)).sort();
    expect(units).toEqual(Array.from({ length: 8 }, (_, i) => `${i}of8`).sort());

    // kill -9 of one node: its units move to the other and the result is exact. One test
    // with the step above, so that the order of tests cannot matter.
    // New rows arrive and b dies at once (kill -9), likely in the middle of reading or
    // committing one of its units: a must take b's units from their committed checkpoints.
    await insertRows(
      bq.client,
      'vessel_positions',
      positions(2_000, { startMicros: 3_600_000_000, mmsiOffset: 900_000 }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    await b.kill();
    await waitFor(
      'all units on a',
      async () => {
        const live = (await leases(a)).filter((l) => Number(l.expiresAt) > Date.now() && l.owner === a.host);
        return live.length === 8 ? true : undefined;
      },
      180_000,
      500,
    );
    await waitFor(
      `${ROWS + 2_000} rows on a`,
      async () => ((await harperCount(a, 'VesselPositions')) >= ROWS + 2_000 ? true : undefined),
      300_000,
      1000,
    );
    expect(await harperCount(a, 'VesselPositions')).toBe(ROWS + 2_000);
  }, 600_000);
});
