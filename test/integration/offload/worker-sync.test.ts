/**
 * The query path with `sync.decodeIn: worker` inside a real Harper: pages are read, parsed
 * and converted in a reader thread of each table. The copy ends exact; a table dropped
 * mid-sync still fails with the table named (the worker's 404 keeps its classification);
 * a failed query job (transient) is retried; pausing the table ends its reader thread, and
 * no reader thread outlives its pipeline (every "started" log line has its "ended").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { DATASET, SCHEMAS, createTables, insertRows, positions } from '../../support/maritime-fixtures.js';
import { harperCount, harperRows, tableStatus } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const FIRST = positions(3000, { tieGroup: 700 });
const LATER = positions(1000, { startMicros: 5_000_000, mmsiOffset: 10_000_000 });
const DOOMED = positions(3000, { mmsiOffset: 50_000_000 });

const bq = useLocalBigQuery();

const ctx = useHarper(async () => {
  await createTables(bq.client, ['vessel_positions']);
  await insertRows(bq.client, 'vessel_positions', FIRST);
  await bq.client.dataset(DATASET).createTable('doomed_positions', {
    schema: { fields: SCHEMAS.vessel_positions.map((f) => ({ ...f })) },
  });
  await bq.client.dataset(DATASET).table('doomed_positions').insert(DOOMED);
  // Every read is a little slow, so the doomed table is still being read when it is dropped.
  bq.server.faults.add([{ route: 'jobs.getQueryResults', latencyMs: 30 }]);
  const table = (id: string, targetTable: string, batch: number) => ({
    id,
    dataset: DATASET,
    table: id,
    timestampColumn: 'timestamp',
    primaryKey: ['mmsi', 'timestamp'],
    targetTable,
    sync: { initialBatchSize: batch, catchupBatchSize: batch, steadyBatchSize: batch },
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [table('vessel_positions', 'VesselPositions', 250), table('doomed_positions', 'BigQueryData', 50)],
      },
      sync: {
        decodeIn: 'worker',
        minBatchSize: 10,
        pollInterval: '300ms',
        settleDelay: '0s',
        maxRestarts: 50,
        restartBackoff: { initial: '100ms', max: '1s' },
      },
    },
  };
});

/** Reader threads started and ended for a source table, from Harper's log. */
function readerThreads(table: string): { started: number; ended: number } {
  const log = readFileSync(ctx.harper.logFile, 'utf8');
  const count = (what: string) => log.split(`${what} for ${DATASET}.${table}`).length - 1;
  return { started: count('started'), ended: count('ended') };
}

async function control(tableId: string, action: 'pause' | 'resume'): Promise<void> {
  const response = await ctx.harper.rest('/SyncControl/', {
    method: 'POST',
    body: JSON.stringify({ tableId, action }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  const done = await waitFor(`${action} to finish`, async () => {
    const r = (await (await ctx.harper.rest(`/SyncControl/${id}`)).json()) as { state: string };
    return r.state === 'pending' ? undefined : r;
  });
  expect(done.state).toBe('done');
}

async function waitForExact(rows: number): Promise<void> {
  await waitFor(
    `vessel_positions to hold exactly its ${rows} source rows`,
    async () => {
      const s = await tableStatus(ctx.harper, 'vessel_positions');
      if (!s?.caughtUp || s.state !== 'running') return undefined;
      return (await harperCount(ctx.harper, 'VesselPositions')) === rows ? true : undefined;
    },
    180_000,
    300,
  );
}

describe('reading in a worker thread (sync.decodeIn: worker)', { timeout: 300_000 }, () => {
  it('copies exactly, fails a dropped table naming it, retries a failed job, and ends its threads', async () => {
    // A permanent error from inside the worker: the source table disappears mid-copy.
    await waitFor(
      'part of doomed_positions in Harper',
      async () => ((await harperCount(ctx.harper, 'BigQueryData')) > 0 ? true : undefined),
      120_000,
      100,
    );
    await bq.client.dataset(DATASET).table('doomed_positions').delete();
    const doomed = await waitFor(
      'doomed_positions to fail',
      async () => {
        const s = await tableStatus(ctx.harper, 'doomed_positions');
        return s?.state === 'failed' ? s : undefined;
      },
      120_000,
    );
    expect(doomed.lastError).toContain('doomed_positions');
    expect(doomed.restarts).toBe(0);
    await waitFor('the failed table’s reader thread to end', async () => {
      const t = readerThreads('doomed_positions');
      return t.started > 0 && t.ended === t.started ? t : undefined;
    });

    await waitForExact(FIRST.length);
    // A transient error from inside the worker: query jobs that fail on the server.
    bq.server.faults.add([
      { route: 'jobs.insert', kind: 'jobFailure', status: 500, reason: 'backendError', message: 'internal', times: 2 },
    ]);
    await insertRows(bq.client, 'vessel_positions', LATER);
    await waitForExact(FIRST.length + LATER.length);
    const positionsStatus = await tableStatus(ctx.harper, 'vessel_positions');
    expect(positionsStatus!.restarts).toBeGreaterThan(0);
    expect(positionsStatus!.state).toBe('running');

    // Exact: every key once, every value as in the source.
    const rows = await harperRows(ctx.harper, 'VesselPositions');
    expect(rows.size).toBe(FIRST.length + LATER.length);
    for (const p of [...FIRST, ...LATER]) {
      const row = rows.get(`${p.mmsi}|${p.timestamp}`);
      expect(row, `${p.mmsi}|${p.timestamp}`).toMatchObject({
        mmsi: p.mmsi,
        vessel_name: p.vessel_name,
        latitude: p.latitude,
        longitude: p.longitude,
        speed_knots: p.speed_knots,
        status: p.status,
      });
      expect(new Date(row!.timestamp as string).getTime()).toBe(Date.parse(p.timestamp));
    }

    // One reader thread per pipeline run: a restart ended the old one; the running one is alive.
    const running = readerThreads('vessel_positions');
    expect(running.started).toBe(running.ended + 1);
    await control('vessel_positions', 'pause');
    await waitFor('the paused table’s reader thread to end', async () => {
      const t = readerThreads('vessel_positions');
      return t.ended === t.started ? t : undefined;
    });
  });
});
