/**
 * End to end under faults (issue #16): three tables synced by a real Harper from the local
 * BigQuery server while it answers 5xx, 429 rateLimitExceeded, gateway timeouts and dropped
 * connections, runs slowly, and fails query jobs server-side; and a fourth table is dropped
 * while it is being read. The three end exact (every key once, every value equal to the
 * source); the dropped one fails with a status that names the missing table.
 *
 * Faults are counted per route over all tables (the server cannot tell them apart), and the
 * client library retries some of them itself: the test asserts that every rule fired and
 * that the sync restarted at least once, not which table met which fault.
 */
import { describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../../../emulator/index.js';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import {
  DATASET,
  SCHEMAS,
  createTables,
  insertRows,
  metadata,
  portEvents,
  positions,
} from '../../support/maritime-fixtures.js';
import { harperCount, harperRows, tableStatus } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

const POSITIONS = positions(3000, { tieGroup: 700 });
const PORT_EVENTS = portEvents(600);
const METADATA = metadata(300);
const DOOMED_ROWS = 4000;
const DOOMED = positions(DOOMED_ROWS, { mmsiOffset: 50_000_000 });

/** Every kind of fault the issue names, spread over the copy by `skip`. */
const FAULTS: FaultRuleInput[] = [
  { route: 'jobs.insert', status: 503, skip: 2, times: 2 },
  { route: 'jobs.getQueryResults', status: 500, skip: 3, times: 5 },
  { route: 'jobs.insert', status: 429, skip: 6, times: 2 },
  { route: 'jobs.getQueryResults', status: 429, skip: 12, times: 5 },
  { route: 'jobs.getQueryResults', status: 504, skip: 20, times: 2 },
  { route: 'jobs.getQueryResults', kind: 'reset', skip: 25, times: 2 },
  { route: 'jobs.get', kind: 'reset', skip: 4, times: 1, when: 'after' },
  { route: 'jobs.get', status: 502, skip: 8, times: 5 },
  // Query jobs that fail on the server (the rule passes dry runs by).
  {
    route: 'jobs.insert',
    kind: 'jobFailure',
    status: 500,
    reason: 'backendError',
    message: 'The job encountered an internal error during execution.',
    skip: 3,
    times: 3,
  },
  { route: '*', latencyMs: 40 },
];

const bq = useLocalBigQuery();

const ctx = useHarper(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', POSITIONS);
  await insertRows(bq.client, 'port_events', PORT_EVENTS);
  await insertRows(bq.client, 'vessel_metadata', METADATA);
  await bq.client.dataset(DATASET).createTable('doomed_positions', {
    schema: { fields: SCHEMAS.vessel_positions.map((f) => ({ ...f })) },
  });
  for (let i = 0; i < DOOMED.length; i += 2000) {
    await bq.client
      .dataset(DATASET)
      .table('doomed_positions')
      .insert(DOOMED.slice(i, i + 2000));
  }
  bq.server.faults.add(FAULTS);
  const table = (id: string, targetTable: string, timestampColumn: string, primaryKey: string[], batch: number) => ({
    id,
    dataset: DATASET,
    table: id,
    timestampColumn,
    primaryKey,
    targetTable,
    sync: { initialBatchSize: batch, catchupBatchSize: batch, steadyBatchSize: batch },
  });
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          table('vessel_positions', 'VesselPositions', 'timestamp', ['mmsi', 'timestamp'], 250),
          table('port_events', 'PortEvents', 'event_time', ['port_id', 'vessel_mmsi', 'event_type', 'event_time'], 100),
          {
            ...table('vessel_metadata', 'VesselMetadata', 'last_updated', ['mmsi'], 40),
            columns: ['mmsi', 'vessel_name', 'build_year'],
          },
          table('doomed_positions', 'BigQueryData', 'timestamp', ['mmsi', 'timestamp'], 50),
        ],
      },
      sync: {
        minBatchSize: 10,
        pollInterval: '300ms',
        settleDelay: '0s',
        maxRestarts: 50,
        restartBackoff: { initial: '100ms', max: '1s' },
      },
    },
  };
});

type Status = NonNullable<Awaited<ReturnType<typeof tableStatus>>> & { rowsWritten?: number };

async function status(tableId: string): Promise<Status | undefined> {
  return (await tableStatus(ctx.harper, tableId)) as Status | undefined;
}

/** Waits until the table is caught up and running with exactly `rows` rows in Harper. */
async function waitForExact(tableId: string, target: string, rows: number): Promise<void> {
  await waitFor(
    `${tableId} to hold exactly its ${rows} source rows`,
    async () => {
      const s = await status(tableId);
      if (!s?.caughtUp || s.state !== 'running') return undefined;
      return (await harperCount(ctx.harper, target)) === rows ? true : undefined;
    },
    180_000,
    500,
  );
}

describe('the sync under injected BigQuery faults', { timeout: 300_000 }, () => {
  it('ends exact for every table that still exists, and fails the dropped one with a clear message', async () => {
    // Drop the doomed table once part of it is in Harper: the read in flight may finish from
    // its job's results (as on BigQuery), the next query finds no table.
    await waitFor(
      'part of doomed_positions in Harper',
      async () => {
        const n = await harperCount(ctx.harper, 'BigQueryData');
        return n > 0 ? n : undefined;
      },
      120_000,
      100,
    );
    await bq.client.dataset(DATASET).table('doomed_positions').delete();

    await waitForExact('vessel_positions', 'VesselPositions', POSITIONS.length);
    await waitForExact('port_events', 'PortEvents', PORT_EVENTS.length);
    await waitForExact('vessel_metadata', 'VesselMetadata', METADATA.length);

    // Every rule fired as often as it was meant to: the copy really met every fault.
    const rules = await waitFor(
      'every fault rule to fire',
      async () => {
        const list = bq.server.faults.list();
        return list.every((r) => r.times === null || r.fired === r.times) ? list : undefined;
      },
      120_000,
    );
    expect(rules.filter((r) => r.times !== null)).toHaveLength(FAULTS.length - 1);
    // Some faults outlasted the client's own retries (a failed job is never retried by the
    // client): the sync restarted pipelines, whichever tables met them.
    const statuses = await Promise.all(
      ['vessel_positions', 'port_events', 'vessel_metadata', 'doomed_positions'].map(status),
    );
    expect(statuses.reduce((n, s) => n + (s?.restarts ?? 0), 0)).toBeGreaterThan(0);
    // And some jobs really failed on the server.
    const [jobs] = await bq.client.getJobs({ allUsers: true });
    expect(jobs.some((j) => j.metadata?.status?.errorResult?.reason === 'backendError')).toBe(true);

    const positionsRows = await harperRows(ctx.harper, 'VesselPositions');
    expect(positionsRows.size).toBe(POSITIONS.length);
    for (const p of POSITIONS) {
      const row = positionsRows.get(`${p.mmsi}|${p.timestamp}`);
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
    const events = await harperRows(ctx.harper, 'PortEvents');
    expect(events.size).toBe(PORT_EVENTS.length);
    for (const e of PORT_EVENTS) {
      const row = events.get(`${e.port_id}|${e.vessel_mmsi}|${e.event_type}|${e.event_time}`);
      expect(row, `${e.port_id}|${e.vessel_mmsi}`).toMatchObject({
        port_id: e.port_id,
        vessel_mmsi: e.vessel_mmsi,
        event_type: e.event_type,
        port_name: e.port_name,
      });
      expect(new Date(row!.event_time as string).getTime()).toBe(Date.parse(e.event_time));
    }
    const vessels = await harperRows(ctx.harper, 'VesselMetadata');
    expect(vessels.size).toBe(METADATA.length);
    for (const m of METADATA) {
      expect(vessels.get(String(m.mmsi)), String(m.mmsi)).toMatchObject({
        mmsi: m.mmsi,
        vessel_name: m.vessel_name,
        build_year: m.build_year,
      });
    }

    // The dropped table: failed (not retried forever), with a message naming what is missing.
    const doomed = await waitFor(
      'doomed_positions to fail',
      async () => {
        const s = await status('doomed_positions');
        return s?.state === 'failed' ? s : undefined;
      },
      120_000,
    );
    expect(doomed.lastError).toMatch(/not ?found/i);
    expect(doomed.lastError).toContain('doomed_positions');
    // What it copied before the drop is a consistent part of the source: real rows, each once.
    const copied = await harperRows(ctx.harper, 'BigQueryData');
    expect(copied.size).toBeGreaterThan(0);
    expect(copied.size).toBeLessThanOrEqual(DOOMED_ROWS);
    const source = new Map(DOOMED.map((p) => [`${p.mmsi}|${p.timestamp}`, p]));
    for (const [id, row] of copied) {
      const p = source.get(id);
      expect(p, id).toBeDefined();
      expect(row).toMatchObject({ mmsi: p!.mmsi, vessel_name: p!.vessel_name });
    }
  });
});
