/**
 * The daily budget against the local server, which bills like BigQuery (10 MB minimum per
 * query, partition pruning): byte assertions are behaviour, not timing. The table pauses at
 * the query that would go over (not failed), says until when, and a restart the same UTC day
 * takes today's bytes from the checkpoint and stays paused without running a query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Orchestrator } from '../../../actors/orchestrator.js';
import type { TableEvent, TableStatus } from '../../../actors/table-actor.js';
import type { SyncConfig, TableConfig } from '../../../config/types.js';
import { InMemorySink } from '../../../streams/sink/in-memory-sink.js';
import { nextUtcMidnight } from '../../../streams/source/daily-budget.js';
import { settings } from '../../support/sync-fixtures.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { waitFor } from '../../support/wait.js';

const MB = 1024 * 1024;
const DATASET = 'budget';
const ROWS = 12_000;
const local = useLocalBigQuery();

async function createTable(id: string, meta: Record<string, unknown>): Promise<void> {
  const ds = local.client.dataset(DATASET);
  await ds.createTable(id, {
    schema: {
      fields: [
        { name: 'ts', type: 'TIMESTAMP', mode: 'REQUIRED' },
        { name: 'id', type: 'STRING', mode: 'REQUIRED' },
        { name: 'payload', type: 'STRING' },
      ],
    },
    ...meta,
  });
  // 12,000 rows of about 1 KB over 30 days (400 a day): about 12 MB (11.65 MiB).
  await local.client.query(
    `INSERT INTO ${DATASET}.${id} (ts, id, payload)
     SELECT TIMESTAMP_ADD(TIMESTAMP '2024-01-01', INTERVAL i * 216 SECOND), CONCAT('id', CAST(i AS STRING)), REPEAT('x', 1000)
     FROM UNNEST(GENERATE_ARRAY(0, ${ROWS - 1})) AS i`,
  );
}

const tableConfig = (id: string, overrides: Partial<TableConfig['sync']> = {}): TableConfig => ({
  id,
  dataset: DATASET,
  table: id,
  timestampColumn: 'ts',
  columns: '*',
  primaryKey: ['id'],
  targetTable: `T_${id}`,
  numericMode: 'string',
  geographyFormat: 'wkt',
  sync: settings({
    initialBatchSize: 1000,
    catchupBatchSize: 1000,
    steadyBatchSize: 1000,
    pollIntervalMs: 200,
    // Windows of a few MB: each is one job billed at the 10 MB minimum.
    maxBytesPerWindow: 2 * MB,
    ...overrides,
  }),
});

function orchestrator(sink: InMemorySink, tables: TableConfig[], events: TableEvent[] = []): Orchestrator {
  const config: SyncConfig = {
    bigquery: { projectId: PROJECT, apiEndpoint: local.server.url },
    tables,
    format: 'multi-table',
  };
  return new Orchestrator({ config, sink, client: local.client, onEvent: (e) => events.push(e) });
}

async function settled(o: Orchestrator, id: string, done: (s: TableStatus) => boolean): Promise<TableStatus> {
  return waitFor(`${id} to settle`, async () => {
    const s = o.status().find((t) => t.tableId === id);
    return s && done(s) ? s : undefined;
  });
}

describe('daily budget (sync.maxBytesBilledPerDay) on the local server', () => {
  beforeAll(async () => {
    await local.client.createDataset(DATASET);
    await createTable('day', { timePartitioning: { type: 'DAY', field: 'ts' } });
    await createTable('flat', {});
    await createTable('ingested', { timePartitioning: { type: 'DAY' } });
  });

  it('pauses the table at the query that would exceed it, and a restart the same day stays paused', async () => {
    // Two 10 MB window jobs fit in 25 MB; the third would bill 30 MB.
    const table = tableConfig('day', { maxBytesBilledPerDay: 25 * MB });
    const sink = new InMemorySink();
    const events: TableEvent[] = [];
    const first = orchestrator(sink, [table], events);
    first.start();
    const paused = await settled(first, 'day', (s) => s.state !== 'running' || s.pauseReason === 'budget');
    expect(paused).toMatchObject({
      state: 'paused',
      pauseReason: 'budget',
      resumesAt: new Date(nextUtcMidnight(Date.now())).toISOString(),
      lastError: null,
      queries: { sinceStart: 2, today: 2, total: 2 },
      bytesBilled: { sinceStart: 20 * MB, today: 20 * MB, total: 20 * MB },
      budget: { maxBytesBilledPerDay: 25 * MB, bytesBilledToday: 20 * MB, leftToday: 5 * MB },
    });
    expect(paused.rowsWritten).toBeGreaterThan(0);
    expect(paused.rowsWritten).toBeLessThan(ROWS);
    // What the two windows read is committed, with the bytes they billed.
    const checkpoint = await sink.readCheckpoint('day', 'all');
    expect(checkpoint?.totals?.bytesBilledToday).toBe(20 * MB);
    expect(sink.table('T_day').size).toBe(paused.rowsWritten);
    const audit = events.find((e) => e.type === 'paused');
    expect(audit).toMatchObject({ reason: 'budget', message: expect.stringContaining('maxBytesBilledPerDay') });
    expect(events.some((e) => e.type === 'failed')).toBe(false);
    // The start-up estimate: the whole backlog, and a day of 200-ms polls at 10 MB each.
    expect(paused.costEstimate).toMatchObject({ steadyBytesPerDay: 432_000 * 10 * MB, pollIntervalMs: 200 });
    expect(paused.costEstimate!.backfillBytes).toBeGreaterThan(10 * MB);
    await first.stop();

    // A restart the same UTC day: today's 20 MB come from the checkpoint, no query runs.
    const second = orchestrator(sink, [table]);
    second.start();
    const again = await settled(second, 'day', (s) => s.state === 'paused');
    expect(again).toMatchObject({
      pauseReason: 'budget',
      queries: { sinceStart: 0, today: 2, total: 2 },
      budget: { bytesBilledToday: 20 * MB, leftToday: 5 * MB },
    });
    expect(sink.table('T_day').size).toBe(paused.rowsWritten);
    await second.stop();
  });

  it('warns, with the projected bytes per day, when the source is not partitioned on the timestamp', async () => {
    const o = orchestrator(new InMemorySink(), [tableConfig('flat', { pollIntervalMs: 5000 })]);
    o.start();
    const s = await settled(o, 'flat', (t) => t.caughtUp && (t.warnings?.length ?? 0) > 0);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings![0]).toContain(`${DATASET}.flat is not partitioned on the timestamp column ts`);
    expect(s.warnings![0]).toContain('203 GiB billed per day at one poll every 5 s');
    expect(s.budget).toBeNull();
    expect(s.rowsWritten).toBe(ROWS);
    await o.stop();
  });

  it('syncs a table partitioned by ingestion time, warning that its polls cannot prune', async () => {
    // A minute between polls: no third query can slip in before the status is read.
    const o = orchestrator(new InMemorySink(), [tableConfig('ingested', { pollIntervalMs: 60_000 })]);
    o.start();
    const s = await settled(o, 'ingested', (t) => t.caughtUp && t.rowsWritten === ROWS);
    expect(s.warnings).toEqual([expect.stringContaining('is partitioned by ingestion time (_PARTITIONTIME)')]);
    expect(s.warnings![0]).toContain('16.9 GiB billed per day at one poll every 60 s');
    // No pruning on the timestamp: the whole backlog is one window query, and the read after
    // its last (full) page is another; both scan the whole table (11.65 MiB, billed 12 MiB).
    expect(s.queries.total).toBe(2);
    expect(s.bytesBilled.total).toBe(2 * 12 * MB);
    await o.stop();
  });
});
