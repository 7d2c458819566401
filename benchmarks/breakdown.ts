/**
 * breakdown: where the time of one initial sync goes. The sync's stages (official client
 * page query, REST-row mapping, type conversion, Harper commit) run one after another
 * inside Harper on the 1M-row positions table, each timed alone; the local server's own
 * time per query comes from its request log. Compared with initial-sync's figures when
 * benchmarks/results/initial-sync.json exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SYNC_SETTINGS } from '../config/defaults.js';
import { PROJECT, copyDataFile } from './data/cache.js';
import { POSITIONS_TABLE, positionsDataFile } from './data/datasets.js';
import { DATASET, POSITION_PRIMARY_KEY } from './data/positions.js';
import type { HarperProcess } from '../src/harper-process/index.js';
import type { BreakdownRequest, BreakdownResult, StagePage } from './harper/breakdown.js';
import type { RawWriteResult } from './harper/raw-write.js';
import { RAW_TABLE, VARIANT_TABLES, type PositionsCopy } from './lib/bench-schema.js';
import { resultsDir, type BenchContext, type BenchOutcome } from './lib/context.js';
import { runHarperJob, startBenchHarper } from './lib/harper.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { rate, round, sum } from './lib/stats.js';

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 1_000_000);
  const batchSize = ctx.options.int('batch', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 900) * 1000;
  const variantRows = ctx.options.int('variant-rows', 100_000);
  const temp = ctx.tempDir();

  const cached = await positionsDataFile(rows, temp, ctx.log);
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, temp), cleanup: ctx.cleanup });
  // No sync settings: the component runs no pipeline; the staged run is the only reader.
  const harper = await startBenchHarper({ syncSettings: {}, cleanup: ctx.cleanup, tempDir: temp });
  ctx.log(`staged sync of ${rows} rows in pages of ${batchSize} inside Harper (pid ${String(harper.pid)})`);

  const before = server.requests.length;
  const cpuMeter = new CpuMeter({ harper: harper.pid!, localServer: server.pid, bench: process.pid });
  const request: BreakdownRequest = {
    apiEndpoint: server.url,
    projectId: PROJECT,
    dataset: DATASET,
    table: POSITIONS_TABLE,
    timestampColumn: 'timestamp',
    primaryKey: POSITION_PRIMARY_KEY,
    targetTable: 'VesselPositions',
    batchSize,
    queryTimeoutMs: DEFAULT_SYNC_SETTINGS.queryTimeoutMs,
  };
  let lastLogged = 0;
  const staged = await runHarperJob<BreakdownResult>(harper, 'BenchStagedSync', request, {
    timeoutMs,
    onProgress: (p) => {
      if ((p.rows ?? 0) - lastLogged >= rows / 4) ctx.log(`  ${(lastLogged = p.rows ?? 0)} rows`);
    },
  });
  const cpu = cpuMeter.read();
  const variants = variantRows > 0 ? await harperVariants(ctx, harper, variantRows) : [];
  await server.waitForRequests(before + staged.pages.length + 1);
  const queries = server.since(before).filter((r) => r.route.startsWith('jobs.'));
  const serverMs = sum(queries.map((q) => q.ms));

  const pages = staged.pages;
  const total = (pick: (p: StagePage) => number) => sum(pages.map(pick));
  const stages = {
    server: serverMs,
    client: total((p) => p.queryMs) - serverMs,
    mapRows: total((p) => p.mapMs),
    convert: total((p) => p.convertMs),
    harperCommit: total((p) => p.commitMs),
  };
  const stagedMs = sum(Object.values(stages));
  const synced = sum(pages.map((p) => p.rows));
  const reference = readInitialSync();
  const readMs = stages.server + stages.client + stages.mapRows + stages.convert;

  const line = (name: string, ms: number, what: string) =>
    `${name.padEnd(17)} ${String(Math.round(ms)).padStart(7)} ms  ${String(Math.round((ms / stagedMs) * 100)).padStart(3)}%  ` +
    `${String(rate(synced, ms)).padStart(8)} rows/s alone   ${what}`;
  return {
    parameters: { rows, batchSize, pages: pages.length },
    results: {
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)])),
      stagedTotalMs: Math.round(stagedMs),
      stagedRowsPerSecond: rate(synced, stagedMs),
      perPageMedianMs: {
        server: median(queries.map((q) => q.ms)),
        query: median(pages.map((p) => p.queryMs)),
        map: median(pages.map((p) => p.mapMs)),
        convert: median(pages.map((p) => p.convertMs)),
        commit: median(pages.map((p) => p.commitMs)),
      },
      firstCommitsMs: pages.slice(0, 5).map((p) => round(p.commitMs)),
      lastCommitsMs: pages.slice(-5).map((p) => round(p.commitMs)),
      harperWriteVariants: variants,
      serverRequests: queries.length,
      serverRoutes: [...new Set(queries.map((q) => q.route))],
      cpu,
      reference,
    },
    summary: [
      `staged run: ${rate(synced, stagedMs)} rows/s (${synced} rows, ${pages.length} pages, no overlap between stages)`,
      line('server', stages.server, "local server's own time (its log)"),
      line('client', stages.client, 'client.query() minus server: HTTP, JSON parse, client bookkeeping'),
      line('map rows', stages.mapRows, 'REST {f:[{v}]} rows to named wire rows + cursor'),
      line('convert', stages.convert, "the sync's type converter"),
      line('Harper commit', stages.harperCommit, 'HarperSink.commit: rows + checkpoint in one transaction'),
      `read side (server + client + map + convert): ${rate(synced, readMs)} rows/s alone`,
      `CPU: ${formatCpu(cpu)}`,
      ...(variants.length > 0
        ? [
            `Harper raw writes of ${variantRows} rows into fresh copies of VesselPositions (each in its own database): ` +
              variants
                .map((v) => `${v.label} ${v.rowsPerSecond} rows/s (put loop ${Math.round(v.putLoopShare * 100)}%)`)
                .join(', '),
          ]
        : []),
      ...(reference
        ? [
            `initial-sync (${reference.rows} rows, ${reference.finishedAt}): sync ${reference.syncRowsPerSecond} rows/s, raw ${reference.rawRowsPerSecond} rows/s, ratio ${reference.ratio}`,
          ]
        : ['(run initial-sync to compare with the real pipeline)']),
    ],
    notes: [
      'Everything but the server runs on the one Harper worker thread, as in the real sync; ' +
        'the real pipeline overlaps the next page query with the current commit, this run does not.',
    ],
  };
}

const [TXN_SMALL, TXN_LARGE, NO_INDEX] = VARIANT_TABLES as [PositionsCopy, PositionsCopy, PositionsCopy];
const VARIANTS = [
  { label: '10k-row txns', ...RAW_TABLE, txnSize: 10_000 },
  { label: '1k-row txns', ...TXN_SMALL, txnSize: 1_000 },
  { label: '50k-row txns', ...TXN_LARGE, txnSize: 50_000 },
  { label: 'no secondary indexes (10k txns)', ...NO_INDEX, txnSize: 10_000 },
];

/** What Harper's transaction size and the two secondary indexes cost, on fresh tables. */
async function harperVariants(ctx: BenchContext, harper: HarperProcess, rows: number) {
  const out = [];
  for (const v of VARIANTS) {
    ctx.log(`raw write: ${v.label}, ${rows} rows into ${v.table}`);
    const r = await runHarperJob<RawWriteResult>(
      harper,
      'BenchRawWrite',
      { rows, txnSize: v.txnSize, table: v.table, database: v.database },
      { timeoutMs: 600_000 },
    );
    out.push({
      ...v,
      rows: r.rows,
      writeMs: Math.round(r.writeMs),
      putLoopShare: round(r.putLoopMs / r.writeMs, 2),
      rowsPerSecond: rate(r.rows, r.writeMs),
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)] ?? NaN, 1);
}

function readInitialSync():
  { rows: number; syncRowsPerSecond: number; rawRowsPerSecond: number; ratio: number; finishedAt: string } | undefined {
  const file = join(resultsDir(), 'initial-sync.json');
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as {
    finishedAt: string;
    parameters: { rows: number };
    results: { sync: { rowsPerSecond: number }; raw: { rowsPerSecond: number }; ratio: number };
  };
  return {
    rows: r.parameters.rows,
    syncRowsPerSecond: r.results.sync.rowsPerSecond,
    rawRowsPerSecond: r.results.raw.rowsPerSecond,
    ratio: r.results.ratio,
    finishedAt: r.finishedAt,
  };
}
