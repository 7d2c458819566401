/**
 * Windowed reads against the local server, which bills like BigQuery (partition pruning,
 * 10 MB minimum per table, page tokens free): byte assertions are behaviour, not timing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cursor } from '../../../streams/cursor/cursor.js';
import type { PageQueryTable } from '../../../streams/query/page-query.js';
import { BigQueryPageSource, type BigQueryPageSourceOptions } from '../../../streams/source/bigquery-page-source.js';
import type { PageStats } from '../../../streams/source/page-source.js';
import { BudgetExceededError, DailyBudget } from '../../../streams/source/daily-budget.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';

const MB = 1024 * 1024;
const ROWS = 60_000;
const UPPER = BigInt(Date.UTC(2024, 1, 15)) * 1000n; // after every row
const DATASET = 'windows';

const local = useLocalBigQuery();

async function createTable(id: string, meta: Record<string, unknown>): Promise<number> {
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
  // 60,000 rows of about 1 KB over 30 days (2,000 a day): 61 MB of logical bytes.
  await local.client.query(
    `INSERT INTO ${DATASET}.${id} (ts, id, payload)
     SELECT TIMESTAMP_ADD(TIMESTAMP '2024-01-01', INTERVAL i * 43 SECOND), CONCAT('id', CAST(i AS STRING)), REPEAT('x', 1000)
     FROM UNNEST(GENERATE_ARRAY(0, ${ROWS - 1})) AS i`,
  );
  const [m] = await ds.table(id).getMetadata();
  return Number((m as { numBytes?: string }).numBytes);
}

function tableOf(
  id: string,
  key: PageQueryTable['key'] = { kind: 'columns', columns: [{ name: 'id', type: 'STRING' }] },
): PageQueryTable {
  return { projectId: PROJECT, dataset: DATASET, table: id, timestampColumn: 'ts', columns: '*', key };
}

interface Drain {
  rows: number;
  pages: number;
  stats: PageStats;
  last: Cursor | null;
  keys: Set<string>;
}

/** Reads like the pipeline does: each request continues from the last page's cursor. */
async function drain(
  source: BigQueryPageSource,
  from: Cursor | null,
  limit: number,
  maxPages = Infinity,
): Promise<Drain> {
  const d: Drain = {
    rows: 0,
    pages: 0,
    stats: { jobs: 0, bytesProcessed: 0, bytesBilled: 0 },
    last: from,
    keys: new Set(),
  };
  for (;;) {
    const page = await source.readPage({ after: d.last, upperMicros: UPPER, limit });
    d.pages++;
    d.rows += page.rows.length;
    for (const r of page.rows) d.keys.add(r.cursor.key.join('|'));
    d.stats.jobs += page.stats?.jobs ?? 0;
    d.stats.bytesProcessed += page.stats?.bytesProcessed ?? 0;
    d.stats.bytesBilled += page.stats?.bytesBilled ?? 0;
    if (page.rows.length > 0) d.last = page.rows[page.rows.length - 1]!.cursor;
    if (page.rows.length < limit || d.pages >= maxPages) return d;
  }
}

describe('windowed reads (one query job per window, pages from page tokens)', () => {
  let dayBytes = 0;
  let flatBytes = 0;
  const windowed: BigQueryPageSourceOptions = { partitionUnit: 'DAY', windowBytes: 20 * MB };

  beforeAll(async () => {
    await local.client.createDataset(DATASET);
    dayBytes = await createTable('day', { timePartitioning: { type: 'DAY', field: 'ts' } });
    flatBytes = await createTable('flat', {});
    await createTable('strict', { timePartitioning: { type: 'DAY', field: 'ts' }, requirePartitionFilter: true });
  });

  it('backfills a 30-day DAY-partitioned table in a few windows, billing at most 1.2x its bytes', async () => {
    const d = await drain(new BigQueryPageSource(local.client, tableOf('day'), windowed), null, 5000);
    expect(d.rows).toBe(ROWS);
    expect(d.keys.size).toBe(ROWS);
    // 61 MB in windows of up to 20 MB: 3-4 jobs, while the reader asked for 13 pages.
    expect(d.stats.jobs).toBeGreaterThanOrEqual(3);
    expect(d.stats.jobs).toBeLessThanOrEqual(5);
    expect(d.pages).toBeGreaterThan(d.stats.jobs);
    expect(d.stats.bytesProcessed).toBeLessThanOrEqual(dayBytes * 1.05);
    expect(d.stats.bytesBilled).toBeLessThanOrEqual(dayBytes * 1.2);
  });

  it('backfills the same table unpartitioned in one window, billing at most 1.2x its bytes', async () => {
    const d = await drain(new BigQueryPageSource(local.client, tableOf('flat'), { windowBytes: 20 * MB }), null, 5000);
    expect(d.rows).toBe(ROWS);
    expect(d.stats.jobs).toBe(1);
    expect(d.stats.bytesBilled).toBeLessThanOrEqual(flatBytes * 1.2);
  });

  it('an idle poll on the partitioned table is one query billed at the 10 MB minimum', async () => {
    const source = new BigQueryPageSource(local.client, tableOf('day'), windowed);
    const d = await drain(source, null, 20_000);
    const poll = await source.readPage({ after: d.last, upperMicros: UPPER + 3_600_000_000n, limit: 5000 });
    expect(poll.rows).toEqual([]);
    expect(poll.stats).toEqual({ jobs: 1, bytesProcessed: expect.any(Number), bytesBilled: 10 * MB });
    expect(poll.stats!.bytesProcessed).toBeLessThan(2 * MB); // the cursor's partition only
  });

  it('a restart from a committed cursor opens a new window and continues without gaps or repeats', async () => {
    const first = await drain(new BigQueryPageSource(local.client, tableOf('day'), windowed), null, 4000, 4);
    expect(first.rows).toBe(16_000);
    const rest = await drain(new BigQueryPageSource(local.client, tableOf('day'), windowed), first.last, 4000);
    expect(first.rows + rest.rows).toBe(ROWS);
    expect(new Set([...first.keys, ...rest.keys]).size).toBe(ROWS);
  });

  it('a table with requirePartitionFilter syncs, and a fingerprint key prunes in its subquery', async () => {
    const d = await drain(new BigQueryPageSource(local.client, tableOf('strict'), windowed), null, 5000);
    expect(d.rows).toBe(ROWS);
    const fp = await drain(
      new BigQueryPageSource(local.client, tableOf('strict', { kind: 'fingerprint' }), windowed),
      null,
      5000,
    );
    expect(fp.rows).toBe(ROWS);
    expect(fp.stats.bytesBilled).toBeLessThanOrEqual(dayBytes * 1.2);
  });

  it('the query cap derived from the window refuses nothing that the dry run allowed', async () => {
    const source = new BigQueryPageSource(local.client, tableOf('day'), {
      ...windowed,
      maximumBytesBilled: String(15 * MB),
    });
    await expect(drain(source, null, 5000)).rejects.toThrow(/bytes billed/);
  });

  it('a daily budget stops the read before the window query that would exceed it', async () => {
    // Windows bill about 18, 20 and 22 MiB: 45 MiB allows two, not the third.
    const budget = new DailyBudget(45 * MB);
    const source = new BigQueryPageSource(local.client, tableOf('day'), {
      ...windowed,
      beforeWindow: (e) => budget.check(e.bytesBilled),
    });
    let after: Cursor | null = null;
    let jobs = 0;
    let rows = 0;
    const read = async () => {
      for (;;) {
        const page = await source.readPage({ after, upperMicros: UPPER, limit: 5000 });
        budget.add(page.stats?.bytesBilled ?? 0);
        jobs += page.stats?.jobs ?? 0;
        rows += page.rows.length;
        if (page.rows.length > 0) after = page.rows[page.rows.length - 1]!.cursor;
        // A read that meets the budget after a drained window hands out that window's rows
        // first (a short page); the next read is refused.
        if (page.rows.length === 0) return;
      }
    };
    await expect(read()).rejects.toBeInstanceOf(BudgetExceededError);
    expect(jobs).toBe(2);
    expect(budget.state!.bytesBilledToday).toBeLessThanOrEqual(45 * MB);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(ROWS);
  });
});
