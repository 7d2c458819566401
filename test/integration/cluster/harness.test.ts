import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import { waitFor } from '../../support/wait.js';

const cluster = new HarperCluster();

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

describe('Harper cluster harness', () => {
  it('runs each node on its own loopback address, root and ports', () => {
    const [a, b] = cluster.nodes;
    expect([a!.host, b!.host]).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(a!.rootDir).not.toBe(b!.rootDir);
    expect(a!.running && b!.running).toBe(true);
  });

  it('replicates a row written on one node to the other, both ways', async () => {
    const [a, b] = cluster.nodes;
    const put = await a!.rest('/VesselMetadata/from-a', { method: 'PUT', body: JSON.stringify({ mmsi: 11 }) });
    expect(put.ok).toBe(true);
    const seen = await waitFor(
      'the row on node b',
      async () => {
        const response = await b!.rest('/VesselMetadata/from-a');
        return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      120_000,
    );
    expect(seen.mmsi).toBe(11);

    await b!.rest('/VesselMetadata/from-b', { method: 'PUT', body: JSON.stringify({ mmsi: 12 }) });
    const back = await waitFor(
      'the row on node a',
      async () => {
        const response = await a!.rest('/VesselMetadata/from-b');
        return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      120_000,
    );
    expect(back.mmsi).toBe(12);
  }, 300_000);
});
