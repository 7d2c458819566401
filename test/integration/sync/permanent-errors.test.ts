import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { useLocalBigQuery, PROJECT } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { tableStatus, type PublishedStatus } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const bq = useLocalBigQuery();

const table = (id: string, targetTable: string) => ({
  id,
  dataset: DATASET,
  table: 'vessel_positions',
  timestampColumn: 'timestamp',
  primaryKey: ['mmsi', 'timestamp'],
  targetTable,
});

// The plugin inside Harper gets its config another way than the CLI (so no preflight): a
// target table the schema lacks must still fail the table at once, not back off 5 times.
const ctx = useHarper(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', positions(50));
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [table('no_target', 'NoSuchTable'), table('positions', 'VesselPositions')],
      },
      sync: { settleDelay: '0s', pollInterval: '300ms', maxRestarts: 5, restartBackoff: { initial: '2s', max: '10s' } },
    },
  };
});

describe('permanent errors inside a real Harper', () => {
  it('a targetTable missing from the schema fails that table at once, naming the table; the other syncs', async () => {
    const failed = await waitFor<PublishedStatus>('no_target to fail', async () => {
      const status = await tableStatus(ctx.harper, 'no_target');
      return status?.state === 'failed' ? status : undefined;
    });
    expect(failed.restarts).toBe(0);
    expect(failed.lastError).toContain('Harper has no table data.NoSuchTable');
    await waitFor('positions to copy its rows', async () => {
      const status = await tableStatus(ctx.harper, 'positions');
      return status && status.rowsCommitted >= 50 ? status : undefined;
    });
  });
});
