/**
 * A source table with `requirePartitionFilter` (BigQuery refuses any query that cannot
 * eliminate partitions) synced into a real Harper: every row arrives exactly, and the
 * status carries the cost fields (start-up estimate, budget, warnings). A second table with
 * a tiny daily budget pauses for it, visibly in status and in the audit table.
 */
import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { BASE_MS, SCHEMAS, isoMicros } from '../../support/maritime-fixtures.js';
import { harperRows, tableStatus, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const MB = 1024 * 1024;
const DATASET = 'strict';
const ROWS = 3000;
const DAY_MICROS = 86_400_000_000;

// 3,000 positions over 10 days (one every 288 s), each its own vessel.
const rows = Array.from({ length: ROWS }, (_, i) => ({
  timestamp: isoMicros(BASE_MS, i * (DAY_MICROS / 300)),
  mmsi: 300_000_000 + i,
  vessel_name: `STRICT ${i}`,
  latitude: -50 + (i % 100),
  longitude: -150 + (i % 300),
  speed_knots: (i % 200) / 10,
  status: i % 2 === 0 ? 'moored' : 'under_way_using_engine',
}));

const bq = useLocalBigQuery();

const ctx = useHarper(async () => {
  await bq.client.createDataset(DATASET);
  await bq.client.dataset(DATASET).createTable('positions', {
    schema: { fields: SCHEMAS.vessel_positions.map((f) => ({ ...f })) },
    timePartitioning: { type: 'DAY', field: 'timestamp' },
    requirePartitionFilter: true,
  });
  for (let i = 0; i < ROWS; i += 1000)
    await bq.client
      .dataset(DATASET)
      .table('positions')
      .insert(rows.slice(i, i + 1000));
  const table = (id: string, targetTable: string) => ({
    id,
    dataset: DATASET,
    table: 'positions',
    timestampColumn: 'timestamp',
    primaryKey: ['mmsi'],
    targetTable,
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          { ...table('strict', 'VesselPositions'), sync: { maxBytesBilledPerDay: 10 * 1024 ** 4 } },
          // One query at the 10 MB minimum fits in 15 MB, a second does not.
          { ...table('budget', 'PortEvents'), sync: { maxBytesBilledPerDay: 15 * MB } },
        ],
      },
      sync: { settleDelay: '0s', pollInterval: '300ms', initialBatchSize: 500, catchupBatchSize: 500 },
    },
  };
});

interface CostStatus {
  state: string;
  pauseReason?: string | null;
  resumesAt?: string | null;
  costEstimate?: { backfillBytes: number; steadyBytesPerDay: number; pollIntervalMs: number } | null;
  budget?: { maxBytesBilledPerDay: number; bytesBilledToday: number; leftToday: number } | null;
  warnings?: string[];
  queries: { total: number };
  bytesBilled: { today: number };
}

describe('a requirePartitionFilter table in a real Harper', () => {
  it('syncs exactly, with the cost estimate and budget in status', async () => {
    await waitForSynced(ctx.harper, 'VesselPositions', 'strict', ROWS);
    const copied = await harperRows(ctx.harper, 'VesselPositions');
    expect(copied.size).toBe(ROWS);
    const byMmsi = new Map([...copied.values()].map((r) => [Number(r.mmsi), r]));
    for (const row of rows) {
      const got = byMmsi.get(row.mmsi);
      expect(got, `mmsi ${row.mmsi}`).toBeDefined();
      expect(got).toMatchObject({ vessel_name: row.vessel_name, status: row.status, speed_knots: row.speed_knots });
      expect(new Date(got!.timestamp as string).getTime()).toBe(Date.parse(row.timestamp));
    }
    const status = (await tableStatus(ctx.harper, 'strict')) as unknown as CostStatus;
    expect(status.state).toBe('running');
    expect(status.warnings).toEqual([]);
    expect(status.costEstimate!.backfillBytes).toBeGreaterThan(0);
    expect(status.costEstimate!.pollIntervalMs).toBe(300);
    expect(status.budget).toMatchObject({ maxBytesBilledPerDay: 10 * 1024 ** 4 });
    expect(status.budget!.bytesBilledToday).toBeGreaterThan(0);
  });

  it('a table over its daily budget is paused (reason budget, until the next UTC midnight), with an audit event', async () => {
    const status = await waitFor('budget to pause', async () => {
      const s = (await tableStatus(ctx.harper, 'budget')) as unknown as CostStatus | undefined;
      return s?.state === 'paused' ? s : undefined;
    });
    const midnight = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString();
    expect(status).toMatchObject({
      pauseReason: 'budget',
      resumesAt: midnight,
      queries: { total: 1 },
      bytesBilled: { today: 10 * MB },
      budget: { maxBytesBilledPerDay: 15 * MB, bytesBilledToday: 10 * MB, leftToday: 5 * MB },
    });
    const audit = await waitFor('the audit event', async () => {
      const events = await ctx.harper.operation<{ event: string; details?: { reason?: string; resumesAt?: string } }[]>(
        {
          operation: 'search_by_value',
          database: 'bigquery_sync',
          table: 'SyncAudit',
          search_attribute: 'tableId',
          search_value: 'budget',
          get_attributes: ['*'],
        },
      );
      return events.find((e) => e.event === 'paused');
    });
    expect(audit.details).toMatchObject({ reason: 'budget', resumesAt: midnight });
  });
});
