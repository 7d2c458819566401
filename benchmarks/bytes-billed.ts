/**
 * Bytes billed by the initial sync and by steady polls, on the local server (which bills
 * like BigQuery: referenced columns, partition pruning, 10 MB minimum per table, page
 * tokens free). Three read patterns over the same table, DAY-partitioned on the timestamp
 * over 30 days and unpartitioned:
 * - windowed: this sync (one query job per window of whole partitions, paged by page token);
 * - keyset pages: the previous read (a new keyset query per page, LIMIT n);
 * - old plugin: `WHERE ts > @last ORDER BY ts LIMIT n`, a new query per page.
 * `npm run bench -- bytes-billed --rows=1m --page=10000 --window-mb=20`.
 */
import type { BigQuery, Job } from '@google-cloud/bigquery';
import { createLocalBigQueryClient, startLocalBigQuery } from '../emulator/index.js';
import type { Cursor } from '../streams/cursor/cursor.js';
import { buildPageQuery, type PageQueryTable } from '../streams/query/page-query.js';
import { BigQueryPageSource } from '../streams/source/bigquery-page-source.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';

const PROJECT = 'bench-project';
const DATASET = 'bytes';
const MB = 1024 * 1024;
const TIB = 1024 ** 4;
const PRICE_PER_TIB = 6.25;
const START_US = BigInt(Date.UTC(2024, 0, 1)) * 1000n;
const DAYS = 30;

interface Totals {
  jobs: number;
  bytesProcessed: number;
  bytesBilled: number;
  rows: number;
  seconds: number;
}

async function jobStats(job: Job): Promise<{ processed: number; billed: number }> {
  const [meta] = (await job.getMetadata()) as unknown as [
    { statistics?: { query?: { totalBytesProcessed?: string; totalBytesBilled?: string } } },
  ];
  return {
    processed: Number(meta.statistics?.query?.totalBytesProcessed ?? 0),
    billed: Number(meta.statistics?.query?.totalBytesBilled ?? 0),
  };
}

/** One query job, all its rows in one getQueryResults page (what a page-per-query reader does). */
async function runQuery(
  client: BigQuery,
  query: string,
  params: Record<string, string | number>,
  types: Record<string, string>,
  maxResults: number,
): Promise<{ rows: { f: { v: unknown }[] }[]; processed: number; billed: number }> {
  const [job] = await client.createQueryJob({
    query,
    params,
    types,
    useLegacySql: false,
    jobTimeoutMs: 600_000,
  } as never);
  for (;;) {
    const [, , resp] = (await job.getQueryResults({
      maxResults,
      autoPaginate: false,
      skipParsing: true,
    } as never)) as unknown as [unknown, unknown, { jobComplete?: boolean; rows?: { f: { v: unknown }[] }[] }];
    if (resp.jobComplete === false) continue;
    return { rows: resp.rows ?? [], ...(await jobStats(job)) };
  }
}

async function createPositions(client: BigQuery, id: string, rows: number, partitioned: boolean): Promise<number> {
  const ds = client.dataset(DATASET);
  await ds.createTable(id, {
    schema: {
      fields: [
        { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
        { name: 'mmsi', type: 'STRING', mode: 'REQUIRED' },
        { name: 'vessel_name', type: 'STRING' },
        { name: 'latitude', type: 'FLOAT64' },
        { name: 'longitude', type: 'FLOAT64' },
        { name: 'speed_knots', type: 'FLOAT64' },
        { name: 'course', type: 'FLOAT64' },
        { name: 'heading', type: 'INT64' },
        { name: 'status', type: 'STRING' },
      ],
    },
    ...(partitioned ? { timePartitioning: { type: 'DAY', field: 'timestamp' } } : {}),
  });
  // Evenly over 30 days; 5,000 vessels; (timestamp, mmsi) is unique.
  const stepUs = Math.floor((DAYS * 86_400_000_000) / rows);
  await client.query(
    `INSERT INTO ${DATASET}.${id} (timestamp, mmsi, vessel_name, latitude, longitude, speed_knots, course, heading, status)
     SELECT TIMESTAMP_MICROS(${START_US} + i * ${stepUs}), CAST(200000000 + MOD(i, 5000) AS STRING),
            CONCAT('VESSEL ', CAST(MOD(i, 5000) AS STRING)), MOD(i, 180) - 90.0 + 0.5, MOD(i, 360) - 180.0 + 0.25,
            MOD(i, 25) + 0.5, MOD(i * 7, 360) + 0.5, MOD(i * 7, 360), IF(MOD(i, 3) = 0, 'moored', 'under way')
     FROM UNNEST(GENERATE_ARRAY(0, ${rows - 1})) AS i`,
  );
  const [meta] = await ds.table(id).getMetadata();
  return Number((meta as { numBytes?: string }).numBytes);
}

function table(id: string): PageQueryTable {
  return {
    projectId: PROJECT,
    dataset: DATASET,
    table: id,
    timestampColumn: 'timestamp',
    columns: '*',
    key: { kind: 'columns', columns: [{ name: 'mmsi', type: 'STRING' }] },
  };
}

async function windowed(
  client: BigQuery,
  id: string,
  upper: bigint,
  page: number,
  windowBytes: number,
  partitioned: boolean,
) {
  const source = new BigQueryPageSource(client, table(id), {
    windowBytes,
    ...(partitioned ? { partitionUnit: 'DAY' as const } : {}),
  });
  const t: Totals = { jobs: 0, bytesProcessed: 0, bytesBilled: 0, rows: 0, seconds: 0 };
  const started = performance.now();
  let after: Cursor | null = null;
  for (;;) {
    const p = await source.readPage({ after, upperMicros: upper, limit: page });
    t.rows += p.rows.length;
    t.jobs += p.stats?.jobs ?? 0;
    t.bytesProcessed += p.stats?.bytesProcessed ?? 0;
    t.bytesBilled += p.stats?.bytesBilled ?? 0;
    if (p.rows.length > 0) after = p.rows[p.rows.length - 1]!.cursor;
    if (p.rows.length < page) break;
  }
  t.seconds = (performance.now() - started) / 1000;
  // One idle poll, a moment later (the read's bound moved on).
  const idle = await source.readPage({ after, upperMicros: upper + 5_000_000n, limit: page });
  return { totals: t, idle: idle.stats ?? { jobs: 0, bytesProcessed: 0, bytesBilled: 0 } };
}

async function keysetPages(client: BigQuery, id: string, upper: bigint, page: number) {
  const t: Totals = { jobs: 0, bytesProcessed: 0, bytesBilled: 0, rows: 0, seconds: 0 };
  const started = performance.now();
  let after: Cursor | null = null;
  let idle = { processed: 0, billed: 0 };
  for (;;) {
    const q = buildPageQuery(table(id), { after, upperMicros: upper, limit: page });
    const r = await runQuery(client, q.query, q.params, q.types, page);
    if (r.rows.length < page) idle = r; // the last (short) page is what every idle poll costs
    t.jobs++;
    t.bytesProcessed += r.processed;
    t.bytesBilled += r.billed;
    t.rows += r.rows.length;
    const last = r.rows[r.rows.length - 1];
    if (last) {
      const n = last.f.length;
      after = { timestampMicros: BigInt(last.f[n - 1]!.v as string), key: [last.f[1]!.v as string] };
    }
    if (r.rows.length < page) break;
  }
  t.seconds = (performance.now() - started) / 1000;
  return { totals: t, idle };
}

async function oldPlugin(client: BigQuery, id: string, page: number) {
  const t: Totals = { jobs: 0, bytesProcessed: 0, bytesBilled: 0, rows: 0, seconds: 0 };
  const started = performance.now();
  let last = String(START_US - 1n);
  let idle = { processed: 0, billed: 0 };
  for (;;) {
    const r = await runQuery(
      client,
      `SELECT *, UNIX_MICROS(timestamp) AS _us FROM \`${PROJECT}.${DATASET}.${id}\` WHERE timestamp > TIMESTAMP_MICROS(@last) ORDER BY timestamp LIMIT @n`,
      { last, n: page },
      { last: 'INT64', n: 'INT64' },
      page,
    );
    if (r.rows.length < page) idle = r;
    t.jobs++;
    t.bytesProcessed += r.processed;
    t.bytesBilled += r.billed;
    t.rows += r.rows.length;
    const row = r.rows[r.rows.length - 1];
    if (row) last = row.f[row.f.length - 1]!.v as string;
    if (r.rows.length < page) break;
  }
  t.seconds = (performance.now() - started) / 1000;
  return { totals: t, idle };
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 1_000_000);
  const page = ctx.options.int('page', 10_000);
  const windowMb = ctx.options.int('window-mb', 20);
  const pollSeconds = ctx.options.int('poll-seconds', 5);
  const server = await startLocalBigQuery({ port: 0, host: '127.0.0.1' });
  ctx.cleanup.add('stop the local server', () => server.stop());
  const client = createLocalBigQueryClient({ url: server.url, projectId: PROJECT });
  await client.createDataset(DATASET);
  const upper = START_US + BigInt(DAYS + 1) * 86_400_000_000n;
  const results: Record<string, unknown> = {};
  const summary: string[] = [];
  const pollsPerDay = 86_400 / pollSeconds;
  for (const partitioned of [true, false]) {
    const kind = partitioned ? 'day' : 'unpartitioned';
    ctx.log(`${kind}: creating ${rows} positions over ${DAYS} days`);
    const tableBytes = await createPositions(client, kind, rows, partitioned);
    const patterns = {
      windowed: await windowed(client, kind, upper, page, windowMb * MB, partitioned),
      keysetPages: await keysetPages(client, kind, upper, page),
      oldPlugin: await oldPlugin(client, kind, page),
    };
    const out: Record<string, unknown> = { tableBytes };
    for (const [name, r] of Object.entries(patterns)) {
      const idleBilled = 'bytesBilled' in r.idle ? r.idle.bytesBilled : r.idle.billed;
      const idleProcessed = 'bytesProcessed' in r.idle ? r.idle.bytesProcessed : r.idle.processed;
      const ratio = r.totals.bytesBilled / tableBytes;
      // Projection to a 100 GB table of the same shape: billed bytes scale with the data
      // once the 10 MB minimum no longer dominates (windows of whole partitions).
      const projectedTiB = (ratio * 100e9) / TIB;
      const idleShare = idleProcessed / tableBytes;
      const steadyPerDayProjectedTiB = (Math.max(idleShare * 100e9, 10 * MB) * pollsPerDay) / TIB;
      out[name] = {
        ...r.totals,
        rowsPerSecond: Math.round(r.totals.rows / r.totals.seconds),
        billedRatio: Math.round(ratio * 1000) / 1000,
        idlePollBytesBilled: idleBilled,
        steadyBytesBilledPerDay: idleBilled * pollsPerDay,
        projection100GB: {
          backfillUsd: Math.round(projectedTiB * PRICE_PER_TIB * 100) / 100,
          steadyUsdPerDay: Math.round(steadyPerDayProjectedTiB * PRICE_PER_TIB * 100) / 100,
        },
      };
      summary.push(
        `${kind} ${name}: ${r.totals.jobs} jobs, billed ${(r.totals.bytesBilled / MB).toFixed(0)} MiB = ${ratio.toFixed(2)}x the table (${(tableBytes / MB).toFixed(0)} MiB), ${Math.round(r.totals.rows / r.totals.seconds)} rows/s; idle poll ${(idleBilled / MB).toFixed(0)} MiB -> ${((idleBilled * pollsPerDay) / 1024 ** 3).toFixed(1)} GiB/day at ${pollSeconds}-s polls`,
      );
    }
    results[kind] = out;
  }
  return {
    parameters: { rows, days: DAYS, page, windowMb, pollSeconds, pricePerTiB: PRICE_PER_TIB },
    results,
    summary,
    notes: [
      'local server in-process; bytes follow BigQuery on-demand rules as modelled in emulator/README.md',
      'windowed: window budget scaled down with the table (default 2 GiB); idle poll = one poll after the backfill',
      '100 GB projection: billed/table ratio x 100 GB for the backfill; per poll the scanned share of the table x 100 GB (at least 10 MB)',
    ],
  };
}
