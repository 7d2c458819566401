/**
 * local-bigquery: the local BigQuery server on its own, through the official client.
 * - insertAll (streaming) and NDJSON load-job ingest rates;
 * - keyset page latency `WHERE (ts > @t OR (ts = @t AND key > @k)) ORDER BY ts, key LIMIT n`
 *   at two table sizes with the cursor at the start, middle and end, and the server's own
 *   share of it (from its per-request log); also the sync's own page query and the
 *   client's default row parsing, which the sync skips.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../emulator/client.js';
import { DEFAULT_SYNC_SETTINGS } from '../config/defaults.js';
import { BigQueryPageSource } from '../streams/source/bigquery-page-source.js';
import { PROJECT } from './data/cache.js';
import { createTable, insertAll, loadNdjson } from './data/load.js';
import {
  DATASET,
  POSITION_FIELDS,
  POSITION_KEY,
  microsToRfc3339,
  positionJson,
  positionValues,
} from './data/positions.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { readMemory } from './lib/proc-memory.js';
import { median, rate, round } from './lib/stats.js';

type Variant = 'or-form' | 'or-form-parsed' | 'or-form-fetch' | 'sync-source';

interface PageFigure {
  tableRows: number;
  cursor: 'start' | 'middle' | 'end';
  variant: Variant;
  rows: number;
  clientMs: number;
  serverMs: number;
  serverShare: number;
  requestsPerPage: number;
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const insertRows = ctx.options.int('insert-rows', 100_000);
  const insertChunk = ctx.options.int('insert-chunk', 5_000);
  const sizes = [ctx.options.int('small-rows', 100_000), ctx.options.int('rows', 1_000_000)];
  const loadChunk = ctx.options.int('load-chunk', 200_000);
  const pageSize = ctx.options.int('page', 10_000);
  const reps = ctx.options.int('reps', 5);
  const temp = ctx.tempDir();

  const server = await LocalServerProcess.start({ cleanup: ctx.cleanup });
  const client = createLocalBigQueryClient({ url: server.url, projectId: PROJECT });
  ctx.log(`bigquery-local at ${server.url} (pid ${server.pid}, in memory)`);
  const row = (i: number) => positionJson(positionValues(i));

  await createTable(client, 'inserted', POSITION_FIELDS);
  ctx.log(`insertAll: ${insertRows} rows in requests of ${insertChunk}`);
  const inserted = await insertAll(client, 'inserted', insertRows, row, { chunkRows: insertChunk });

  const loads = [];
  for (const size of sizes) {
    const table = tableName(size);
    await createTable(client, table, POSITION_FIELDS);
    ctx.log(`load jobs: ${size} rows into ${table} (NDJSON, ${loadChunk} rows per job)`);
    loads.push(await loadNdjson(client, table, size, row, { tempDir: temp, chunkRows: loadChunk }));
  }
  const loadedRows = loads.reduce((a, l) => a + l.rows, 0);
  const loadMs = loads.reduce((a, l) => a + l.ms, 0);
  const serverMemoryAfterLoad = readMemory(server.pid);

  const cpuMeter = new CpuMeter({ localServer: server.pid, bench: process.pid });
  const pages: PageFigure[] = [];
  for (const size of sizes) {
    for (const [cursor, at] of [
      ['start', 0],
      ['middle', Math.floor(size / 2)],
      ['end', Math.max(0, size - pageSize - 3)],
    ] as const) {
      for (const variant of ['or-form', 'or-form-parsed', 'or-form-fetch', 'sync-source'] as const) {
        pages.push(await measurePage(client, server, size, cursor, at, variant, pageSize, reps));
      }
      ctx.log(`pages at ${cursor} of ${size} rows measured`);
    }
  }

  const cpu = cpuMeter.read();
  const summary = [
    `insertAll: ${rate(inserted.rows, inserted.ms)} rows/s (${inserted.rows} rows, ${insertChunk} per request)`,
    `load jobs (NDJSON): ${rate(loadedRows, loadMs)} rows/s (${loadedRows} rows, ${loadChunk} per job)`,
    `server RSS after loading ${loadedRows + inserted.rows} rows: ${serverMemoryAfterLoad?.rssMiB ?? '?'} MiB`,
    `keyset page of ${pageSize} rows, median of ${reps} (client ms / server ms / server share):`,
    ...pages.map(
      (p) =>
        `  ${String(p.tableRows).padStart(8)} rows, cursor at ${p.cursor.padEnd(6)} ${p.variant.padEnd(15)} ` +
        `${p.clientMs.toFixed(1).padStart(7)} / ${p.serverMs.toFixed(1).padStart(7)} / ${Math.round(p.serverShare * 100)}%`,
    ),
    `CPU while measuring pages: ${formatCpu(cpu)}`,
  ];
  return {
    parameters: { insertRows, insertChunk, sizes, loadChunk, pageSize, reps },
    results: {
      insertAll: { ...inserted, rowsPerSecond: rate(inserted.rows, inserted.ms) },
      loadJobs: { rows: loadedRows, ms: Math.round(loadMs), rowsPerSecond: rate(loadedRows, loadMs), perTable: loads },
      serverMemoryAfterLoad,
      pages,
      cpuWhileMeasuringPages: cpu,
    },
    summary,
    notes: [
      "or-form: the brief's query through client.query (jobs.query) with skipParsing; " +
        'or-form-parsed: the same, the client parsing rows into JS values; ' +
        'or-form-fetch: the same jobs.query request with plain fetch + JSON.parse (no client library); ' +
        "sync-source: the sync's own read (BigQueryPageSource.readPage, its query and default options: " +
        'queryTimeoutMs sets jobTimeoutMs, so the client takes jobs.insert + getQueryResults).',
      "server ms: the server's own log, from request to the reply's last byte handed to the socket.",
      'the server runs in memory as its own process (bin bigquery-local --log).',
    ],
  };
}

function tableName(size: number): string {
  return `positions_${size}`;
}

async function measurePage(
  client: BigQuery,
  server: LocalServerProcess,
  size: number,
  cursor: PageFigure['cursor'],
  at: number,
  variant: Variant,
  pageSize: number,
  reps: number,
): Promise<PageFigure> {
  const clientMs: number[] = [];
  const serverMs: number[] = [];
  let rows = 0;
  let requests = 0;
  for (let rep = 0; rep < reps; rep++) {
    const v = positionValues(at + rep);
    const before = server.requests.length;
    const t0 = performance.now();
    rows = await readOnePage(client, server.url, size, variant, v.micros, v.mmsi, pageSize);
    clientMs.push(performance.now() - t0);
    await server.waitForRequests(before + 1);
    await new Promise((r) => setTimeout(r, 5));
    const logged = server.since(before);
    serverMs.push(logged.reduce((a, r) => a + r.ms, 0));
    requests = logged.length;
  }
  const c = median(clientMs);
  const s = median(serverMs);
  return {
    tableRows: size,
    cursor,
    variant,
    rows,
    clientMs: round(c, 1),
    serverMs: round(s, 1),
    serverShare: round(s / c, 2),
    requestsPerPage: requests,
  };
}

/** Reads one page the way `variant` says; returns its row count. */
async function readOnePage(
  client: BigQuery,
  url: string,
  size: number,
  variant: Variant,
  micros: bigint,
  mmsi: number,
  pageSize: number,
): Promise<number> {
  if (variant === 'sync-source') {
    // Exactly the sync's read: its page source, query and options (queryTimeoutMs default).
    const source = new BigQueryPageSource(
      client,
      {
        projectId: PROJECT,
        dataset: DATASET,
        table: tableName(size),
        timestampColumn: 'timestamp',
        columns: '*',
        key: POSITION_KEY,
      },
      { timeoutMs: DEFAULT_SYNC_SETTINGS.queryTimeoutMs },
    );
    const page = await source.readPage({
      after: { timestampMicros: micros, key: [String(mmsi), micros.toString()] },
      upperMicros: BigInt(Date.now()) * 1000n,
      limit: pageSize,
    });
    return page.rows.length;
  }
  const query =
    `SELECT * FROM \`${DATASET}.${tableName(size)}\` ` +
    `WHERE (\`timestamp\` > @t OR (\`timestamp\` = @t AND mmsi > @k)) ORDER BY \`timestamp\`, mmsi LIMIT ${pageSize}`;
  const t = microsToRfc3339(micros);
  if (variant === 'or-form-fetch') {
    // No client library: the jobs.query request the client would send, then JSON.parse.
    const response = await fetch(`${url}/bigquery/v2/projects/${PROJECT}/queries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query,
        useLegacySql: false,
        maxResults: pageSize,
        formatOptions: { useInt64Timestamp: true },
        parameterMode: 'NAMED',
        queryParameters: [
          { name: 't', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: t } },
          { name: 'k', parameterType: { type: 'INT64' }, parameterValue: { value: String(mmsi) } },
        ],
      }),
    });
    const body = (await response.json()) as { rows?: unknown[] };
    return body.rows?.length ?? 0;
  }
  const [rows] = (await client.query(
    {
      query,
      params: { t: BigQuery.timestamp(t), k: mmsi },
      useLegacySql: false,
      skipParsing: variant === 'or-form',
      'formatOptions.useInt64Timestamp': true,
    } as never,
    { autoPaginate: false, maxResults: pageSize },
  )) as unknown as [unknown[]];
  return rows.length;
}
