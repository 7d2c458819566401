/**
 * A validation's cost and result are kept like the sync's own counters: its query jobs and
 * bytes (summary queries and the repair's re-reads) are counted into the table's status
 * (`queries`, `bytesBilled`, and apart in `validation`) and into the daily budget, checked
 * against the local server's own job statistics; and after a Harper restart the status
 * still shows the last validation and the validation totals (SyncValidation).
 */
import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { tableStatus } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const ROWS = 300;
const BUDGET = 10 * 1024 ** 3;

interface Counts {
  sinceStart: number;
  today: number;
  total: number;
}
interface LastValidation {
  at: string;
  clean: boolean;
  missing: number;
  repaired: number;
  bytesBilled: number;
}
type Status = NonNullable<Awaited<ReturnType<typeof tableStatus>>> & {
  state?: string;
  caughtUp?: boolean;
  rowsWritten?: number;
  queries?: Counts;
  bytesBilled?: Counts;
  budget?: { bytesBilledToday: number } | null;
  validation?: { queries: Counts; bytesBilled: Counts } | null;
  lastValidation?: LastValidation | null;
};

const bq = useLocalBigQuery();
const ctx = useHarper(async () => {
  await createTables(bq.client, ['vessel_positions']);
  // Validation compares whole windows below the committed cursor: one late row moves the
  // cursor hours past the others.
  await insertRows(bq.client, 'vessel_positions', [
    ...positions(ROWS - 1),
    ...positions(1, { startMicros: 3 * 3_600_000_000, mmsiOffset: 10_000 }),
  ]);
  return {
    // The shared 2-core test machines can be slow to start Harper (twice in this file).
    startTimeoutMs: 170_000,
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
            validation: { interval: 0 },
          },
        ],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s', maxBytesBilledPerDay: BUDGET },
    },
  };
});

async function status(): Promise<Status | undefined> {
  return (await tableStatus(ctx.harper, 'positions')) as Status | undefined;
}

/** Every query job the local server ran, with its job statistics' bytes billed. */
async function serverJobs(): Promise<Map<string, number>> {
  const jobs = new Map<string, number>();
  let pageToken: string | undefined;
  do {
    const q = new URLSearchParams({ projection: 'full', maxResults: '1000' });
    if (pageToken) q.set('pageToken', pageToken);
    const response = await fetch(`${bq.server.url}/bigquery/v2/projects/${PROJECT}/jobs?${q.toString()}`);
    expect(response.ok).toBe(true);
    const page = (await response.json()) as {
      jobs?: { id: string; statistics?: { query?: { totalBytesBilled?: string } } }[];
      nextPageToken?: string;
    };
    for (const j of page.jobs ?? []) jobs.set(j.id, Number(j.statistics?.query?.totalBytesBilled ?? 0));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return jobs;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

async function control(action: string): Promise<Record<string, unknown>> {
  const response = await ctx.harper.rest('/SyncControl/', {
    method: 'POST',
    body: JSON.stringify({ tableId: 'positions', action }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  const done = await waitFor(
    `${action} to finish`,
    async () => {
      const r = (await (await ctx.harper.rest(`/SyncControl/${id}`)).json()) as Record<string, unknown>;
      return r.state === 'pending' || r.state === 'running' ? undefined : r;
    },
    90_000,
  );
  expect(done.state).toBe('done');
  return done;
}

describe('validation cost and result', { timeout: 600_000 }, () => {
  it('count into the status and the budget, match the server, and survive a Harper restart', async () => {
    await waitFor(
      'the table to catch up',
      async () => {
        const s = await status();
        return s?.caughtUp && s.rowsWritten === ROWS ? s : undefined;
      },
      90_000,
    );
    // Paused, the table sends no polls: every job from here on is the validation's.
    await control('pause');
    const before = await serverJobs();

    // One row lost behind the sync's back: the repair re-reads its window (a billed job too).
    // The oldest row: well below the committed cursor, where validation looks.
    const rows = await ctx.harper.operation<{ id: string; timestamp: string | number }[]>({
      operation: 'search_by_value',
      database: 'data',
      table: 'VesselPositions',
      search_attribute: 'mmsi',
      search_value: '*',
      get_attributes: ['id', 'timestamp'],
    });
    const victim = rows.sort((a, b) => new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime())[0];
    await ctx.harper.operation({ operation: 'delete', database: 'data', table: 'VesselPositions', ids: [victim!.id] });

    const done = await control('validate');
    const result = done.result as LastValidation;
    expect(result).toMatchObject({ clean: false, missing: 1, repaired: 1 });

    const after = await serverJobs();
    const validationJobs = [...after].filter(([id]) => !before.has(id)).map(([, billed]) => billed);
    // The summary query and at least one repair read.
    expect(validationJobs.length).toBeGreaterThanOrEqual(2);
    const validationBilled = sum(validationJobs);
    expect(validationBilled).toBeGreaterThan(0);
    expect(result.bytesBilled).toBe(validationBilled);

    // Status: validation apart, and inside the table's totals, which match every job the server ran.
    const counted = await waitFor('the status to count the validation', async () => {
      const s = await status();
      return s?.validation?.queries.total === validationJobs.length ? s : undefined;
    });
    expect(counted.validation!.bytesBilled).toEqual({
      sinceStart: validationBilled,
      today: validationBilled,
      total: validationBilled,
    });
    expect(counted.queries!.total).toBe(after.size);
    expect(counted.bytesBilled!.total).toBe(sum(after.values()));
    expect(counted.lastValidation).toMatchObject({ at: result.at, repaired: 1 });

    // Stored for the restart.
    const [stored] = await ctx.harper.operation<{ queries?: number; bytesBilled?: number; last?: { at: string } }[]>({
      operation: 'search_by_id',
      database: 'bigquery_sync',
      table: 'SyncValidation',
      ids: ['positions'],
      get_attributes: ['*'],
    });
    expect(stored).toMatchObject({
      queries: validationJobs.length,
      bytesBilled: validationBilled,
      last: { at: result.at },
    });

    await ctx.harper.stop();
    await ctx.harper.start();
    const restarted = await waitFor('the restarted status to show the validation', async () => {
      const s = await status();
      return s?.validation && s.lastValidation ? s : undefined;
    });
    expect(restarted.lastValidation).toMatchObject({ at: result.at, missing: 1, repaired: 1 });
    expect(restarted.validation!.queries).toEqual({
      sinceStart: 0,
      today: validationJobs.length,
      total: validationJobs.length,
    });
    expect(restarted.validation!.bytesBilled.today).toBe(validationBilled);

    // The daily budget counts the validation's bytes with the reads (refreshed by the next read).
    if (restarted.state === 'paused') await control('resume');
    const budgeted = await waitFor('the budget to count reads and validation', async () => {
      const s = await status();
      return s?.budget && s.bytesBilled && s.budget.bytesBilledToday === s.bytesBilled.today ? s : undefined;
    });
    expect(budgeted.budget!.bytesBilledToday).toBeGreaterThan(validationBilled);
  });
});
