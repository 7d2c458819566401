import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { DATASET } from '../../support/maritime-fixtures.js';
import { harperRows, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import {
  PROJECT,
  checkpointOf,
  fillPositions,
  positionId,
  streamOffsets,
  useLocalBigQueryWithStorageRead,
} from './local.js';

// 3 streams of 5,000 rows read in 1,000-row batches: the kill lands after the first commit
// with streams unfinished (asserted), so the reopened session still has most rows to read.
const POSITIONS = 15_000;
const READINGS = 3_000;
const SEVEN_HOURS = 7 * 3600_000;
const bq = useLocalBigQueryWithStorageRead(1_000);

const ctx = useHarper(async () => {
  await fillPositions(bq.client, POSITIONS);
  // A FLOAT64 key: its Arrow value does not give BigQuery's REST text of the key, so this
  // table must be copied through queries even though it asks for Storage Read.
  await bq.client.dataset(DATASET).createTable('readings', {
    schema: {
      fields: [
        { name: 'ts', type: 'TIMESTAMP', mode: 'REQUIRED' },
        { name: 'sensor', type: 'FLOAT64', mode: 'REQUIRED' },
        { name: 'label', type: 'STRING' },
      ],
    },
  });
  await bq.client.query(
    `INSERT INTO ${DATASET}.readings (ts, sensor, label)
     SELECT TIMESTAMP_ADD(TIMESTAMP '2026-02-01 00:00:00+00', INTERVAL i SECOND), i + 0.5, CONCAT('r', CAST(i AS STRING))
     FROM UNNEST(GENERATE_ARRAY(0, ${READINGS - 1})) AS i`,
  );
  const table = (id: string, source: string, primaryKey: string[], timestampColumn: string, targetTable: string) => ({
    id,
    dataset: DATASET,
    table: source,
    timestampColumn,
    primaryKey,
    targetTable,
    backfill: { method: 'storage-read', maxStreams: 3 },
    sync: { initialBatchSize: 2_000 },
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        storageApiEndpoint: bq.storageAddress,
        tables: [
          table('positions', 'vessel_positions', ['mmsi', 'timestamp'], 'timestamp', 'VesselPositions'),
          table('readings', 'readings', ['sensor'], 'ts', 'BigQueryData'),
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

describe('Storage Read backfill: session expiry and fallback', { timeout: 600_000 }, () => {
  it('a session that expires mid-backfill is reopened and the copy is exact; an unreadable table uses queries', async () => {
    const atKill = await waitFor(
      'the first stream commits',
      async () => {
        const streams = await streamOffsets(ctx.harper);
        return streams.some((s) => Number(s.offset) > 0) ? streams : undefined;
      },
      240_000,
      20,
    );
    // Freeze progress, then let the service's sessions expire (6 h) before the sync reads on.
    await ctx.harper.kill();
    expect(atKill.some((s) => !s.done)).toBe(true);
    const [first] = bq.server.storageRead!.sessions();
    bq.shiftClock(SEVEN_HOURS);
    await ctx.harper.start();

    await waitForSynced(ctx.harper, 'VesselPositions', 'positions', POSITIONS, 400_000);
    const rows = await harperRows(ctx.harper, 'VesselPositions');
    expect(rows.size).toBe(POSITIONS);
    for (let i = 0; i < POSITIONS; i++) if (!rows.has(positionId(i))) throw new Error(`row ${i} is missing`);
    const sessions = bq.server.storageRead!.sessions();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.find((s) => s.name === first!.name)?.expired).toBe(true);
    expect((await checkpointOf(ctx.harper, 'positions_all'))?.distinctKeys).toBe(POSITIONS);

    // The FLOAT64-keyed table never opened a session and still arrived whole, by queries.
    await waitForSynced(ctx.harper, 'BigQueryData', 'readings', READINGS, 120_000);
    const readings = await harperRows(ctx.harper, 'BigQueryData');
    expect(readings.size).toBe(READINGS);
    expect(readings.get('0.5')).toMatchObject({ sensor: 0.5, label: 'r0' });
    expect(sessions.every((s) => JSON.stringify(s.table).includes('vessel_positions'))).toBe(true);
  });
});
