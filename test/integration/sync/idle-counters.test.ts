/**
 * Query counters of idle polls survive a restart. A caught-up table polls and finds nothing;
 * those polls cost query jobs but commit no rows, so their counts used to reach the
 * checkpoint only with the next row commit and a restart after a long idle period lost them.
 * Now a pause (a clean stop) writes them, and after a Harper restart the table's total
 * query count goes on from there. The count is checked against the server's own job record.
 */
import { describe, expect, it } from 'vitest';
import { listQueryJobs } from '../../../benchmarks/lib/query-jobs.js';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { tableStatus } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const ROWS = 200;
const IDLE_POLLS = 15;

interface Counts {
  sinceStart: number;
  total: number;
}
type StatusWithCounts = NonNullable<Awaited<ReturnType<typeof tableStatus>>> & {
  queries?: Counts;
  rowsWritten?: number;
};

const bq = useLocalBigQuery();
const ctx = useHarper(async () => {
  await createTables(bq.client, ['vessel_positions']);
  await insertRows(bq.client, 'vessel_positions', positions(ROWS));
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
          },
        ],
      },
      sync: { pollInterval: '200ms', settleDelay: '0s' },
    },
  };
});

async function status(): Promise<StatusWithCounts | undefined> {
  return (await tableStatus(ctx.harper, 'positions')) as StatusWithCounts | undefined;
}

async function checkpointQueries(): Promise<number | undefined> {
  const [checkpoint] = await ctx.harper.operation<{ queries?: number }[]>({
    operation: 'search_by_id',
    database: 'data',
    table: 'SyncCheckpoint',
    ids: ['positions_all'],
    get_attributes: ['*'],
  });
  return checkpoint?.queries;
}

async function control(action: 'pause' | 'resume'): Promise<void> {
  const response = await ctx.harper.rest('/SyncControl/', {
    method: 'POST',
    body: JSON.stringify({ tableId: 'positions', action }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  const done = await waitFor(`${action} to finish`, async () => {
    const r = (await (await ctx.harper.rest(`/SyncControl/${id}`)).json()) as { state: string; message: string };
    return r.state === 'pending' ? undefined : r;
  });
  expect(done.state).toBe('done');
}

describe('query counters of idle polls', { timeout: 180_000 }, () => {
  it('are written on a clean stop and survive a Harper restart', async () => {
    // Caught up with every row, then idle polls with no new rows: no row commit after these.
    const caughtUp = await waitFor(
      'the table to catch up',
      async () => {
        const s = await status();
        return s?.caughtUp && s.rowsWritten === ROWS ? s : undefined;
      },
      90_000,
    );
    const atCatchUp = caughtUp.queries!.total;
    await waitFor('idle polls', async () =>
      (await status())!.queries!.total >= atCatchUp + IDLE_POLLS ? true : undefined,
    );
    expect((await status())!.rowsWritten).toBe(ROWS);

    await control('pause');
    // The checkpoint holds every query the table sent, idle ones included: the server's record agrees.
    const saved = await checkpointQueries();
    expect(saved).toBe((await listQueryJobs(bq.server.url, PROJECT)).length);
    expect(saved).toBeGreaterThanOrEqual(atCatchUp + IDLE_POLLS);
    // The published status (refreshed on its own clock) settles on the same count.
    await waitFor('the paused status', async () => {
      const s = await status();
      return s?.state === 'paused' && s.queries?.total === saved ? true : undefined;
    });
    const paused = saved!;

    await ctx.harper.stop();
    await ctx.harper.start();
    const restarted = await waitFor('the restarted table to poll', async () => {
      const s = await status();
      return s && s.queries && s.queries.sinceStart > 0 ? s : undefined;
    });
    // Totals continue from the paused count: nothing idle was lost.
    expect(restarted.queries!.total).toBe(paused + restarted.queries!.sinceStart);
    expect(restarted.rowsWritten).toBe(ROWS);
  });
});
