/**
 * Cluster mode (preview) on two real Harper nodes: GET /SyncStatus/ on either node shows
 * every unit (owner, lease, cursor, rows), and pause / resume / resync sent to one node
 * reach the units on both.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type {
  ClusterMemberStatus,
  ClusterTableStatus,
  ClusterUnitStatus,
} from '../../../src/cluster/cluster-status.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';
import { createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { harperCount, harperRows } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import { POSITIONS_TABLE, clusterSyncSettings, printLogsOnFailure } from './cluster-support.js';

const bq = useLocalBigQuery();
const ROWS = 4_000;
const UNITS = 4;
const TABLE = 'vessel_positions';
/** mmsi of every source row (unique per row): the key set Harper must hold. */
const sourceKeys = new Set<number>();

function syncSettings(apiEndpoint: string) {
  const sync = { initialBatchSize: 1000, catchupBatchSize: 1000, steadyBatchSize: 500 };
  // A lease long enough for a busy shared machine: these tests are not about takeover speed.
  return clusterSyncSettings(apiEndpoint, [{ ...POSITIONS_TABLE, id: TABLE, sync }], { units: UNITS, leaseTtl: '12s' });
}

interface StatusBody {
  tables: ClusterTableStatus[];
  cluster?: { node: string; members: ClusterMemberStatus[]; units: ClusterUnitStatus[] };
}

async function status(node: HarperProcess): Promise<StatusBody> {
  const response = await node.rest('/SyncStatus/');
  if (!response.ok) throw new Error(`GET /SyncStatus/ on ${node.host}: ${response.status} ${await response.text()}`);
  return (await response.json()) as StatusBody;
}

async function control(node: HarperProcess, action: string): Promise<{ id: string }> {
  const response = await node.rest('/SyncControl/', {
    method: 'POST',
    body: JSON.stringify({ tableId: TABLE, action }),
  });
  if (!response.ok) throw new Error(`POST ${action} on ${node.host}: ${response.status} ${await response.text()}`);
  const command = (await response.json()) as { id: string };
  await waitFor(`${action} taken on ${node.host}`, async () => {
    const r = await node.rest(`/SyncControl/${command.id}`);
    const body = (await r.json()) as { state: string; message?: string };
    if (body.state === 'error') throw new Error(body.message);
    return body.state === 'done' ? true : undefined;
  });
  return command;
}

async function addSourceRows(count: number, startMicros: number, mmsiOffset: number): Promise<void> {
  const rows = positions(count, { startMicros, mmsiOffset });
  await insertRows(bq.client, 'vessel_positions', rows);
  for (const row of rows) sourceKeys.add(row.mmsi);
}

async function records(node: HarperProcess, table: string): Promise<Record<string, unknown>[]> {
  return node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table,
    search_attribute: 'id',
    search_value: '*',
    get_attributes: ['*'],
  });
}

/** Both nodes hold exactly the source's keys and both report every unit running, caught up. */
async function waitSynced(nodes: readonly HarperProcess[]): Promise<void> {
  for (const node of nodes) {
    await waitFor(
      `${sourceKeys.size} rows, every unit caught up, on ${node.host}`,
      async () => {
        const body = await status(node);
        const units = body.cluster?.units ?? [];
        const ready = units.length === UNITS && units.every((u) => u.state === 'running' && u.caughtUp);
        return ready && (await harperCount(node, 'VesselPositions')) === sourceKeys.size ? true : undefined;
      },
      300_000,
      500,
    );
  }
  for (const node of nodes) {
    const keys = new Set([...(await harperRows(node, 'VesselPositions')).values()].map((r) => Number(r.mmsi)));
    expect(keys).toEqual(sourceKeys);
  }
}

let cluster: HarperCluster;
beforeAll(async () => {
  await createTables(bq.client);
  await addSourceRows(ROWS, 0, 0);
  // A first install can take minutes on a busy 2-core machine.
  cluster = new HarperCluster({
    node: () => ({ syncSettings: syncSettings(bq.server.url), startTimeoutMs: 300_000 }),
  });
  await cluster.start(2);
}, 900_000);
afterEach(printLogsOnFailure(() => cluster));
afterAll(async () => {
  await cluster?.stop();
  if (cluster) rmSync(cluster.rootDir, { recursive: true, force: true });
});

describe('cluster status and controls on two nodes', () => {
  it('status on node b shows the units node a owns: owner, lease, cursor, rows; the table sums them', async () => {
    const [a, b] = cluster.nodes as [HarperProcess, HarperProcess];
    await waitSynced([a, b]);
    // Once membership settled, both nodes own units (rendezvous over 2 members).
    const body = await waitFor(
      'units owned by both nodes, seen from b',
      async () => {
        const seen = await status(b);
        const owners = new Set(seen.cluster?.units.map((u) => u.owner));
        return owners.has(a.host) && owners.has(b.host) ? seen : undefined;
      },
      120_000,
      500,
    );
    expect(body.cluster!.node).toBe(b.host);
    const ofA = body.cluster!.units.filter((u) => u.owner === a.host);
    for (const unit of ofA) {
      expect(unit.tableId).toBe(TABLE);
      expect(unit.state).toBe('running');
      expect(unit.token).toBeGreaterThanOrEqual(1);
      expect(Date.parse(unit.leaseExpiresAt!)).toBeGreaterThan(0);
      expect(unit.cursor?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(unit.cursor?.key.length).toBe(2);
      expect(unit.rowsWritten).toBeGreaterThan(0);
      expect(unit.lagMs).not.toBeNull();
      expect(unit.queries.total).toBeGreaterThan(0);
    }
    const [table] = body.tables;
    const units = body.cluster!.units;
    expect(table!.tableId).toBe(TABLE);
    expect(table!.units.total).toBe(UNITS);
    expect(table!.rowsWritten).toBe(units.reduce((n, u) => n + u.rowsWritten, 0));
    expect(table!.rowsWritten).toBeGreaterThanOrEqual(sourceKeys.size);
    expect(table!.lagMs).toBe(Math.max(...units.map((u) => u.lagMs ?? 0)));
    expect(table!.unitsByOwner[a.host]).toBe(ofA.length);
    const memberA = body.cluster!.members.find((m) => m.id === a.host);
    expect(memberA).toMatchObject({ live: true, unitsOwned: ofA.length });
    // Node a answers the same units (owners and leases from the replicated tables).
    const fromA = await status(a);
    expect(fromA.cluster!.units.map((u) => u.unit).sort()).toEqual(units.map((u) => u.unit).sort());
    // The node running unit 0 samples the table's aggregate for the dashboard's charts.
    const first = body.cluster!.units.find((u) => u.unit === `0of${UNITS}`)!;
    const sampler = first.owner === a.host ? a : b;
    // A sample is the status the sampler last read (every 5 s), so the newest one can predate
    // the end of the copy: wait for one taken after it.
    await waitFor(
      `a history sample of the table with ${sourceKeys.size} rows written`,
      async () => {
        const response = await sampler.rest(`/SyncHistory/?tableId=${TABLE}&minutes=10`);
        const history = (await response.json()) as { samples: { rowsWritten: number | null }[] };
        return (history.samples.at(-1)?.rowsWritten ?? 0) >= sourceKeys.size ? true : undefined;
      },
      60_000,
      1000,
    );
  }, 600_000);

  it('pause sent to node a stops commits on both nodes, a unit taken over stays paused; resume copies the new rows', async () => {
    const [a, b] = cluster.nodes as [HarperProcess, HarperProcess];
    await waitSynced([a, b]);
    await control(a, 'pause');
    for (const node of [a, b]) {
      await waitFor(
        `every unit paused, seen from ${node.host}`,
        async () => {
          const body = await status(node);
          return body.tables[0]?.state === 'paused' && body.cluster!.units.every((u) => u.state === 'paused')
            ? true
            : undefined;
        },
        120_000,
        500,
      );
    }
    const before = await harperCount(a, 'VesselPositions');
    const written = (await status(a)).tables[0]!.rowsWritten;
    await addSourceRows(500, 7_200_000_000, 800_000);
    const insertedAt = Date.now();
    // Node b stops: a takes b's units over while the table is paused.
    await b.stop();
    await waitFor(
      'a holding every unit, renewed after the insert, all paused',
      async () => {
        const body = await status(a);
        const units = body.cluster!.units;
        const renewed = units.every((u) => u.owner === a.host && Date.parse(u.leaseExpiresAt!) > insertedAt + 12_000);
        return renewed && units.every((u) => u.state === 'paused') ? true : undefined;
      },
      120_000,
      500,
    );
    // The owner was alive and renewing its leases after the insert, yet nothing was copied.
    expect(await harperCount(a, 'VesselPositions')).toBe(before);
    expect((await status(a)).tables[0]!.rowsWritten).toBe(written);

    await b.start();
    await waitFor(
      'b live again',
      async () => {
        const body = await status(a);
        return body.cluster!.members.some((m) => m.id === b.host && m.live) ? true : undefined;
      },
      120_000,
      500,
    );
    await control(b, 'resume');
    await waitSynced([a, b]);
  }, 600_000);

  it('resync sent to node b re-copies every unit exactly once on both nodes', async () => {
    const [a, b] = cluster.nodes as [HarperProcess, HarperProcess];
    await waitSynced([a, b]);
    // Rows lost on the target come back with the re-copy.
    const victims = [...(await harperRows(a, 'VesselPositions')).keys()].slice(0, 50);
    await a.operation({ operation: 'delete', database: 'data', table: 'VesselPositions', ids: victims });
    await waitFor('the deletes on b', async () =>
      (await harperCount(b, 'VesselPositions')) === sourceKeys.size - victims.length ? true : undefined,
    );
    const before = new Map((await records(a, 'SyncUnitControl')).map((r) => [String(r.id), Number(r.resets) || 0]));

    const command = await control(b, 'resync');
    await waitFor(
      'every unit reset for the resync',
      async () => {
        const markers = await records(a, 'SyncUnitControl');
        return markers.length === UNITS && markers.every((m) => m.resyncId === command.id) ? markers : undefined;
      },
      120_000,
      500,
    );
    await waitSynced([a, b]);
    for (const node of [a, b]) {
      const markers = await records(node, 'SyncUnitControl');
      // Each unit's checkpoint was deleted once for this request, whichever node owned it.
      for (const m of markers) expect(Number(m.resets)).toBe((before.get(String(m.id)) ?? 0) + 1);
    }
    // The totals started over with the reset: every row written once since.
    const body = await status(b);
    expect(body.tables[0]!.rowsWritten).toBe(sourceKeys.size);
  }, 600_000);
});
