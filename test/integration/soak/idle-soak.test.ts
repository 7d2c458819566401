/**
 * Idle soak: three small tables synced by a real Harper from the local BigQuery server, then
 * 30 s with nothing arriving at 1-s polls. Once caught up the sync must send exactly one page
 * query per poll per table and nothing else (issue #14: a leaking poll loop sent one more
 * identical query each poll). Jobs are read from the server's own job record (jobs.list),
 * which holds exactly the billed jobs: dry runs are not jobs and token pages create none.
 */
import { describe, expect, it } from 'vitest';
import { jobsByTable, listQueryJobs } from '../../../benchmarks/lib/query-jobs.js';
import { useHarper } from '../../support/harper.js';
import { useLocalBigQuery, PROJECT } from '../../support/local-bigquery.js';
import { DATASET, createTables, insertRows, metadata, portEvents, positions } from '../../support/maritime-fixtures.js';
import { tableStatus, type PublishedStatus } from '../../support/sync-harper.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../../support/wait.js';

const POLL_MS = 1000;
// 30 polls per table: the leak of #14 (one more query each poll) would show ~15 jobs per poll.
const IDLE_MS = 30_000;
const TABLES = new Map([
  ['vessel_positions', 'vessel_positions'],
  ['port_events', 'port_events'],
  ['vessel_metadata', 'vessel_metadata'],
]);
const SOURCE_ROWS: Record<string, number> = { vessel_positions: 300, port_events: 200, vessel_metadata: 100 };

const bq = useLocalBigQuery();

const ctx = useHarper(async () => {
  await createTables(bq.client);
  await insertRows(bq.client, 'vessel_positions', positions(SOURCE_ROWS.vessel_positions!));
  await insertRows(bq.client, 'port_events', portEvents(SOURCE_ROWS.port_events!));
  await insertRows(bq.client, 'vessel_metadata', metadata(SOURCE_ROWS.vessel_metadata!));
  return {
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [
          {
            id: 'vessel_positions',
            dataset: DATASET,
            table: 'vessel_positions',
            timestampColumn: 'timestamp',
            primaryKey: ['mmsi', 'timestamp'],
            targetTable: 'VesselPositions',
          },
          {
            id: 'port_events',
            dataset: DATASET,
            table: 'port_events',
            timestampColumn: 'event_time',
            primaryKey: ['port_id', 'vessel_mmsi', 'event_type', 'event_time'],
            targetTable: 'PortEvents',
          },
          {
            id: 'vessel_metadata',
            dataset: DATASET,
            table: 'vessel_metadata',
            timestampColumn: 'last_updated',
            columns: ['mmsi', 'vessel_name', 'build_year'],
            primaryKey: ['mmsi'],
            targetTable: 'VesselMetadata',
          },
        ],
      },
      sync: { pollInterval: '1s', settleDelay: '100ms', steadyThreshold: '1s', catchupThreshold: '2s' },
    },
  };
});

type Status = PublishedStatus & { lastPollAt: string | null };

async function statuses(): Promise<Map<string, Status>> {
  const all = await Promise.all([...TABLES.keys()].map((id) => tableStatus(ctx.harper, id)));
  return new Map(all.filter((s): s is Status => s !== undefined).map((s) => [s.tableId, s]));
}

describe('an idle sync', { timeout: 180_000 }, () => {
  it('sends one page query per poll per table and nothing else', async () => {
    await waitFor(
      'three tables caught up with their rows',
      async () => {
        const s = await statuses();
        return [...TABLES.keys()].every((id) => s.get(id)?.caughtUp && s.get(id)!.rowsCommitted >= SOURCE_ROWS[id]!)
          ? true
          : undefined;
      },
      90_000,
    );

    // The idle window starts at the server's clock of the first job after this point.
    const before = await listQueryJobs(bq.server.url, PROJECT);
    const from = (before.at(-1)?.createdAtMs ?? 0) + 1;
    const pollTimes = new Map<string, Set<string>>([...TABLES.keys()].map((id) => [id, new Set()]));
    const started = Date.now();
    while (Date.now() - started < IDLE_MS) {
      for (const [id, s] of await statuses()) if (s.lastPollAt) pollTimes.get(id)!.add(s.lastPollAt);
      await sleep(100);
    }
    const jobs = await listQueryJobs(bq.server.url, PROJECT, from);
    const { tables, other } = jobsByTable(jobs, TABLES, POLL_MS);

    const report = Object.fromEntries(
      [...tables].map(([id, t]) => [
        id,
        { ...t, pollsSeenInStatus: pollTimes.get(id)!.size, jobsPerPoll: +(t.jobs / t.polls).toFixed(3) },
      ]),
    );
    console.log(`idle soak, ${IDLE_MS / 1000} s at ${POLL_MS} ms polls: ${JSON.stringify(report)}`);

    // Nothing but the three tables' page queries reached the source.
    expect(other.map((j) => j.query)).toEqual([]);
    for (const [id, t] of tables) {
      // It kept polling (the status saw new polls all along) ... Two of the poll times seen
      // can belong to jobs before the window: the one shown when it opened, and a poll whose
      // job was created just before `from` but which finished inside the window.
      expect(t.polls, id).toBeGreaterThanOrEqual(pollTimes.get(id)!.size - 2);
      // ... one page query per poll, ± 1 for the poll in flight at either end of the window.
      expect(Math.abs(t.jobs - t.polls), id).toBeLessThanOrEqual(1);
    }
    // Still caught up and exact afterwards.
    const after = await statuses();
    for (const id of TABLES.keys()) expect(after.get(id)?.rowsCommitted, id).toBe(SOURCE_ROWS[id]);
  });
});
