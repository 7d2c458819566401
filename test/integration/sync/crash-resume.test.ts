import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { harperRows, waitForSynced } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

// A 10,000-row tie group (20 batches of 500) and 4,000 rows after it (was 40,000 in all):
// the kill lands inside the tie group (asserted below) and the resume reads on past it.
const TOTAL = 14_000;
const TIE = 10_000;
const bq = useLocalBigQuery();
const ctx = useHarper(async () => {
  await createTables(bq.client, ['vessel_positions']);
  // The first TIE rows share one microsecond: a crash inside the tie group must resume
  // inside it, which a timestamp-only cursor cannot do.
  await insertRows(bq.client, 'vessel_positions', positions(TOTAL, { tieGroup: TIE }));
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          {
            id: 'positions',
            dataset: DATASET,
            table: 'vessel_positions',
            timestampColumn: 'timestamp',
            primaryKey: ['mmsi', 'timestamp'],
            targetTable: 'VesselPositions',
            sync: { minBatchSize: 10, initialBatchSize: 500, catchupBatchSize: 500, steadyBatchSize: 500 },
          },
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

async function committedRows(): Promise<number> {
  const [checkpoint] = await ctx.harper.operation<{ rowsIngested?: number }[]>({
    operation: 'search_by_id',
    database: 'data',
    table: 'SyncCheckpoint',
    ids: ['positions_all'],
    get_attributes: ['*'],
  });
  return checkpoint?.rowsIngested ?? 0;
}

// Two Harper restarts and a 14,000-row copy: slow on a loaded two-core machine.
describe('a crash in the middle of a sync', { timeout: 240_000 }, () => {
  it('resumes from the committed checkpoint after kill -9: no row lost, none duplicated', async () => {
    const before = await waitFor(
      'the first commits',
      async () => {
        const n = await committedRows();
        return n >= 2_000 ? n : undefined;
      },
      60_000,
      20,
    );
    await ctx.harper.kill();
    expect(before).toBeLessThan(TOTAL);

    // Restart with every BigQuery request failing, so nothing can commit while we look:
    // what survived the crash is then exactly what the checkpoint says.
    bq.server.faults.add({ route: '*', status: 503, times: 1_000_000 });
    await ctx.harper.start();
    await waitFor('the restarted sync to try BigQuery', async () =>
      (bq.server.faults.list()[0]?.fired ?? 0) > 0 ? true : undefined,
    );
    const afterCrash = await committedRows();
    // The crash came inside the tie group: the checkpoint points into it.
    expect(afterCrash).toBeGreaterThan(0);
    expect(afterCrash).toBeLessThan(TIE);
    const survivors = await harperRows(ctx.harper, 'VesselPositions');
    expect(survivors.size).toBe(afterCrash);
    // And they are the first rows in (timestamp, key) order: a prefix, no gap.
    const ordered = positions(TOTAL, { tieGroup: TIE })
      .map((p) => ({ id: `${p.mmsi}|${p.timestamp}`, ts: p.timestamp, mmsi: p.mmsi }))
      .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.mmsi - b.mmsi));
    expect(ordered.slice(0, afterCrash).every((r) => survivors.has(r.id))).toBe(true);

    // Let BigQuery answer again; a fresh start resumes from the checkpoint.
    await ctx.harper.stop();
    bq.server.faults.clear();
    await ctx.harper.start();
    await waitForSynced(ctx.harper, 'VesselPositions', 'positions', TOTAL, 120_000);
    const rows = await harperRows(ctx.harper, 'VesselPositions');
    expect(rows.size).toBe(TOTAL);
    for (const p of positions(TOTAL, { tieGroup: TIE })) expect(rows.has(`${p.mmsi}|${p.timestamp}`)).toBe(true);
    expect(await committedRows()).toBe(TOTAL);
  });
});
