import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { useLocalBigQuery, PROJECT } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, portEvents, positions } from '../../support/maritime-fixtures.js';
import { waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

interface History {
  tableId: string | null;
  minutes: number;
  samples: {
    tableId: string;
    at: number;
    rowsPerSecond: number | null;
    lagMs: number | null;
    rowsWritten: number | null;
  }[];
}

const bq = useLocalBigQuery();

const ctx = useHarper(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', positions(500));
  await insertRows(bq.client, 'port_events', portEvents(50));
  const table = (id: string, source: string, timestampColumn: string, primaryKey: string[], targetTable: string) => ({
    id,
    dataset: DATASET,
    table: source,
    timestampColumn,
    primaryKey,
    targetTable,
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          table('vessel_positions', 'vessel_positions', 'timestamp', ['mmsi', 'timestamp'], 'VesselPositions'),
          table(
            'port_events',
            'port_events',
            'event_time',
            ['port_id', 'vessel_mmsi', 'event_type', 'event_time'],
            'PortEvents',
          ),
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

async function history(query: string): Promise<History> {
  const response = await ctx.harper.rest(`/SyncHistory/${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as History;
}

describe('GET /SyncHistory/ (samples kept by the node running the sync)', () => {
  it('answers 401 without credentials', async () => {
    const response = await ctx.harper.rest('/SyncHistory/?tableId=vessel_positions', { auth: false });
    expect(response.status).toBe(401);
  });

  it("serves one table's samples, oldest first, with the rows it wrote", async () => {
    await waitForSynced(ctx.harper, 'VesselPositions', 'vessel_positions', 500);
    const body = await waitFor('two samples after the copy', async () => {
      const h = await history('?tableId=vessel_positions&minutes=60');
      return h.samples.filter((s) => (s.rowsWritten ?? 0) >= 500).length >= 2 ? h : undefined;
    });
    expect(body.tableId).toBe('vessel_positions');
    expect(body.minutes).toBe(60);
    expect(body.samples.every((s) => s.tableId === 'vessel_positions')).toBe(true);
    const times = body.samples.map((s) => s.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(body.samples.at(-1)!.lagMs).toEqual(expect.any(Number));
  });

  it('serves every table without tableId, and rejects a malformed window', async () => {
    const all = await waitFor('samples of both tables', async () => {
      const h = await history('?minutes=5');
      return new Set(h.samples.map((s) => s.tableId)).size === 2 ? h : undefined;
    });
    expect(all.tableId).toBeNull();
    const bad = await ctx.harper.rest('/SyncHistory/?minutes=soon');
    expect(bad.status).toBe(400);
  });

  it('lets the dashboard link to skipped rows through REST (authenticated)', async () => {
    const query = '/SkippedRecord/?tableId=vessel_positions&limit(200)';
    const response = await ctx.harper.rest(query);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
    expect((await ctx.harper.rest(query, { auth: false })).status).toBe(401);
  });
});
