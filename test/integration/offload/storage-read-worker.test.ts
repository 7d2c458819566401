/**
 * A Storage Read backfill with `sync.decodeIn: worker` inside a real Harper: the streams are
 * read, their Arrow batches decoded and converted in a reader thread; Harper's thread only
 * commits. The copy is exact (key set and values), the backfill's reader thread ends when
 * the backfill does, and pausing the table ends the query path's reader thread too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { DATASET } from '../../support/maritime-fixtures.js';
import { harperRows, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';
import { PROJECT, fillPositions, positionId, useLocalBigQueryWithStorageRead } from '../storage-read-sync/local.js';

const POSITIONS = 20_000;
const bq = useLocalBigQueryWithStorageRead(1_000);

const ctx = useHarper(async () => {
  await fillPositions(bq.client, POSITIONS);
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        storageApiEndpoint: bq.storageAddress,
        tables: [
          {
            id: 'positions',
            dataset: DATASET,
            table: 'vessel_positions',
            timestampColumn: 'timestamp',
            primaryKey: ['mmsi', 'timestamp'],
            targetTable: 'VesselPositions',
            backfill: { method: 'storage-read', maxStreams: 3 },
            sync: { initialBatchSize: 2_000 },
          },
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s', decodeIn: 'worker' },
    },
  };
});

function threads(what: string): { started: number; ended: number } {
  const log = readFileSync(ctx.harper.logFile, 'utf8');
  const count = (event: string) => log.split(`${event} for ${what}`).length - 1;
  return { started: count('started'), ended: count('ended') };
}

describe('Storage Read in a reader thread (sync.decodeIn: worker)', { timeout: 300_000 }, () => {
  it('backfills exactly and leaves no reader thread behind', async () => {
    await waitForSynced(ctx.harper, 'VesselPositions', 'positions', POSITIONS, 240_000);
    expect(bq.server.storageRead!.sessions().length).toBeGreaterThanOrEqual(1);
    const rows = await harperRows(ctx.harper, 'VesselPositions');
    expect(rows.size).toBe(POSITIONS);
    for (let i = 0; i < POSITIONS; i++) {
      const row = rows.get(positionId(i));
      if (!row) throw new Error(`row ${i} is missing`);
      if (i % 997 === 0) {
        expect(row).toMatchObject({
          mmsi: 200_000_000 + i,
          vessel_name: `VESSEL ${i}`,
          latitude: -60 + (i % 120),
          longitude: -170 + (i % 340),
          speed_knots: (i % 250) / 10,
          status: i % 3 === 0 ? 'moored' : 'under_way_using_engine',
        });
      }
    }
    // The backfill ran in its own reader thread, which ended with it.
    await waitFor('the backfill’s reader thread to end', async () => {
      const t = threads('Storage Read of positions');
      return t.started === 1 && t.ended === 1 ? t : undefined;
    });
    // The keyset path that follows reads in a thread too; pausing ends it.
    const response = await ctx.harper.rest('/SyncControl/', {
      method: 'POST',
      body: JSON.stringify({ tableId: 'positions', action: 'pause' }),
    });
    expect(response.status).toBe(200);
    await waitFor('every reader thread to end', async () => {
      const t = threads(`${DATASET}.vessel_positions`);
      return t.started >= 1 && t.ended === t.started ? t : undefined;
    });
  });
});
