/**
 * Fencing on real Harper nodes: the commit transaction reads the unit's lease (replicated
 * between the nodes) and refuses a batch whose fence is stale, so neither the rows nor the
 * checkpoint land. Drives HarperSink directly through a small test resource; the cluster
 * runtime that would hold the leases is not built yet (see README, Cluster (preview)).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import type { Lease } from '../../../src/cluster/lease.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import { packageRoot } from '../../../src/util/package-root.js';
import { waitFor } from '../../support/wait.js';

const cluster = new HarperCluster({
  node: () => ({
    env: { FENCE_PROBE_DIST: pathToFileURL(join(packageRoot(), 'dist')).href },
    app: {
      links: { 'probe/fence-probe.js': join(packageRoot(), 'test/integration/cluster/fixtures/fence-probe.js') },
      config: { jsResource: { files: 'probe/fence-probe.js' } },
    },
  }),
});

beforeAll(async () => {
  await cluster.start(2);
}, 300_000);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const node of cluster.nodes) console.error(`--- ${node.host} log tail ---\n${node.tailLog(60)}`);
});
afterAll(async () => {
  await cluster.stop();
  rmSync(cluster.rootDir, { recursive: true, force: true });
});

const TABLE = 'fenced';
const UNIT = '0of2';

async function probe(node: HarperProcess, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await node.rest('/FenceProbe/', { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function lease(owner: HarperProcess, token: number, expiresAt: number): Lease {
  return { id: `${TABLE}_${UNIT}`, tableId: TABLE, unit: UNIT, owner: owner.host, token, expiresAt };
}

async function commit(node: HarperProcess, fence: { owner: string; token: number }, id: string, micros: number) {
  return probe(node, { tableId: TABLE, unit: UNIT, fence, id, mmsi: micros, timestampMicros: String(micros) });
}

async function record(node: HarperProcess, table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const rows = await node.operation<Record<string, unknown>[]>({
    operation: 'search_by_id',
    database: 'data',
    table,
    ids: [id],
    get_attributes: ['*'],
  });
  return rows[0];
}

describe('fenced commits on a two-node cluster', () => {
  it('commits under the current lease, and refuses a stale fence after another node took the lease over', async () => {
    const [a, b] = cluster.nodes as [HarperProcess, HarperProcess];
    const aFence = { owner: a.host, token: 1 };
    await probe(a, { lease: lease(a, 1, Date.now() + 120_000) });
    expect(await commit(a, aFence, 'fenced-1', 1)).toEqual({ committed: true });
    // The row and the unit's checkpoint replicate to b.
    await waitFor('the committed row on b', () => record(b, 'VesselMetadata', 'fenced-1'), 120_000);

    // b takes the unit over (a higher token), and the lease replicates to a.
    await waitFor('a lease to take over on b', async () =>
      (await record(b, 'SyncLease', `${TABLE}_${UNIT}`)) ? true : undefined,
    );
    await probe(b, { lease: lease(b, 2, Date.now() + 120_000) });
    await waitFor(
      'the new lease on a',
      async () => ((await record(a, 'SyncLease', `${TABLE}_${UNIT}`))?.owner === b.host ? true : undefined),
      120_000,
    );

    const refused = await commit(a, aFence, 'fenced-2', 2);
    expect(refused.committed).toBe(false);
    expect(String(refused.error)).toMatch(/lease moved to 127\.0\.0\.3/);
    expect(await record(a, 'VesselMetadata', 'fenced-2')).toBeUndefined();
    expect((await record(a, 'SyncCheckpoint', `${TABLE}_${UNIT}`))?.cursorTimestampMicros).toBe('1');

    // The new owner commits from the same checkpoint.
    expect(await commit(b, { owner: b.host, token: 2 }, 'fenced-3', 3)).toEqual({ committed: true });
  }, 300_000);

  it('a node frozen (SIGSTOP) past its lease cannot commit when it wakes, even before any new lease reaches it', async () => {
    const [a] = cluster.nodes as [HarperProcess, HarperProcess];
    const fence = { owner: a.host, token: 5 };
    await probe(a, { lease: lease(a, 5, Date.now() + 6_000) });
    cluster.pause(a);
    try {
      await new Promise((r) => setTimeout(r, 8_000));
    } finally {
      cluster.resume(a);
    }
    const refused = await commit(a, fence, 'fenced-4', 4);
    expect(refused.committed).toBe(false);
    expect(String(refused.error)).toMatch(/expired/);
    expect(await record(a, 'VesselMetadata', 'fenced-4')).toBeUndefined();
  }, 300_000);
});
