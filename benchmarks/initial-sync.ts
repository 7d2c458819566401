/**
 * initial-sync: a real Harper with the component copies a 1M-row vessel_positions table
 * from the local BigQuery server (its own process) into VesselPositions. Then, in the same
 * Harper, the raw write rate for the same rows into VesselPositionsRaw (same attributes and
 * indexes), so the ratio sync/raw compares like with like on the same machine and moment.
 * Memory of both processes is sampled throughout and snapshotted at 25/50/75/100%.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HarperProcess } from '../src/harper-process/index.js';
import { PROJECT, copyDataFile } from './data/cache.js';
import { POSITIONS_TABLE, positionsDataFile } from './data/datasets.js';
import { DATASET, POSITION_PRIMARY_KEY } from './data/positions.js';
import type { RawWriteResult } from './harper/raw-write.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { markEventLoop, runHarperJob, startBenchHarper } from './lib/harper.js';
import { RAW_TABLE } from './lib/bench-schema.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { MemorySampler } from './lib/proc-memory.js';
import { rate, round } from './lib/stats.js';
import { watchInitialSync } from './lib/sync-status.js';

const TABLE_ID = 'vessel_positions';

export function positionsSyncSettings(
  apiEndpoint: string,
  batchSize: number,
  decodeIn?: 'main' | 'worker',
): Record<string, unknown> {
  return {
    bigquery: {
      projectId: PROJECT,
      apiEndpoint,
      tables: [
        {
          id: TABLE_ID,
          dataset: DATASET,
          table: POSITIONS_TABLE,
          timestampColumn: 'timestamp',
          primaryKey: POSITION_PRIMARY_KEY,
          targetTable: 'VesselPositions',
          sync: { initialBatchSize: batchSize },
        },
      ],
    },
    sync: { settleDelay: '1s', pollInterval: '5s', ...(decodeIn ? { decodeIn } : {}) },
  };
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 1_000_000);
  const batchSize = ctx.options.int('batch', 10_000);
  const txnSize = ctx.options.int('txn', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 900) * 1000;
  const temp = ctx.tempDir();

  const cached = await positionsDataFile(rows, temp, ctx.log);
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, temp), cleanup: ctx.cleanup });
  const serverMemory = new MemorySampler(server.pid).start();
  ctx.cleanup.add('stop server memory sampler', () => serverMemory.stop());
  ctx.log(`bigquery-local at ${server.url} (pid ${server.pid}) serving ${rows} rows from ${cached.path}`);

  const requestsBefore = server.requests.length;
  const harper = await startBenchHarper({
    syncSettings: positionsSyncSettings(server.url, batchSize),
    cleanup: ctx.cleanup,
    tempDir: temp,
  });
  const harperMemory = new MemorySampler(harper.pid!).start();
  ctx.cleanup.add('stop Harper memory sampler', () => harperMemory.stop());
  ctx.log(`Harper pid ${String(harper.pid)} syncing ${rows} rows in pages of ${batchSize}`);
  harperMemory.snapshot('sync 0%');
  serverMemory.snapshot('sync 0%');
  const pids = { harper: harper.pid!, localServer: server.pid, bench: process.pid };
  const syncCpuMeter = new CpuMeter(pids);
  const syncLoop = await markEventLoop(harper);

  const marks = new Marks([25, 50, 75, 100], rows, (pct) => {
    harperMemory.snapshot(`sync ${pct}%`);
    serverMemory.snapshot(`sync ${pct}%`);
    ctx.log(`sync at ${pct}%`);
  });
  const timings = await watchInitialSync(
    harper,
    { [TABLE_ID]: rows },
    {
      timeoutMs,
      onPoll: (s) => marks.update(s.get(TABLE_ID)?.rowsCommitted ?? 0),
    },
  );
  const sync = timings.get(TABLE_ID)!;
  const syncCpu = syncCpuMeter.read();
  const syncLoopBusy = await syncLoop.read();
  const queries = server.since(requestsBefore).filter((r) => r.route.startsWith('jobs.'));
  const serverQueryMs = queries.reduce((a, r) => a + r.ms, 0);
  const syncMs = sync.lastCommitAt - sync.startedAt;
  ctx.log(`sync done: ${sync.rowsPerSecond} rows/s; raw write of the same rows next`);

  const rawCpuMeter = new CpuMeter(pids);
  const rawLoop = await markEventLoop(harper);
  const rawMarks = new Marks([25, 50, 75, 100], rows, (pct) => harperMemory.snapshot(`raw ${pct}%`));
  const raw = await runHarperJob<RawWriteResult>(
    harper,
    'BenchRawWrite',
    { rows, txnSize, table: RAW_TABLE.table, database: RAW_TABLE.database },
    {
      timeoutMs,
      onProgress: (p) => rawMarks.update(p.rows ?? 0),
    },
  );
  rawMarks.update(rows);
  const rawCpu = rawCpuMeter.read();
  const rawLoopBusy = await rawLoop.read();
  const rawRate = rate(raw.rows, raw.writeMs);
  const ratio = round(sync.rowsPerSecond / rawRate, 2);
  const harperMem = harperMemory.summary();
  const serverMem = serverMemory.summary();
  const dataSize = harperDataMiB(harper);

  const memLine = (label: string, m: ReturnType<MemorySampler['summary']>, prefix: string) =>
    `${label}: peak RSS ${m.peakRssMiB} MiB (VmHWM ${m.hwmMiB}); RSS/anon at ` +
    m.snapshots
      .filter((s) => s.label.startsWith(prefix))
      .map((s) => `${s.label.slice(prefix.length)} ${s.rssMiB}/${s.anonMiB}`)
      .join(', ');
  return {
    parameters: { rows, batchSize, txnSize, harperThreads: 1, settleDelay: '1s' },
    results: {
      sync: { ...sync, wallMsFromStart: syncMs },
      serverQueries: {
        requests: queries.length,
        serverMs: Math.round(serverQueryMs),
        shareOfSyncWall: round(serverQueryMs / syncMs, 2),
      },
      raw: {
        rows: raw.rows,
        txnSize: raw.txnSize,
        writeMs: Math.round(raw.writeMs),
        putLoopMs: Math.round(raw.putLoopMs),
        prepareMs: Math.round(raw.prepareMs),
        rowsPerSecond: rawRate,
        firstTenTxnMs: raw.txnMs.slice(0, 10),
        lastTenTxnMs: raw.txnMs.slice(-10),
      },
      ratio,
      cpu: { sync: syncCpu, raw: rawCpu },
      workerBusy: { sync: syncLoopBusy, raw: rawLoopBusy },
      memory: { harper: harperMem, localServer: serverMem },
      harperDataMiB: dataSize,
      dataFile: { cached: cached.path, builtNow: cached.builtNow, buildMs: Math.round(cached.buildMs) },
    },
    summary: [
      `sync: ${sync.rowsPerSecond} rows/s first->last commit (${rows} rows; ${sync.rowsPerSecondFromStart} rows/s from pipeline start, ${round(syncMs / 1000, 1)} s)`,
      `raw Harper write (same rows, ${txnSize}-row txns): ${rawRate} rows/s (${round(raw.writeMs / 1000, 1)} s of transactions, ` +
        `${Math.round((raw.putLoopMs / raw.writeMs) * 100)}% of it in the put loop on the worker thread)`,
      `ratio sync/raw: ${ratio}`,
      `Harper worker thread busy (event-loop utilization): ${Math.round(syncLoopBusy * 100)}% during the sync, ` +
        `${Math.round(rawLoopBusy * 100)}% during the raw writes`,
      `CPU during the sync: ${formatCpu(syncCpu)}`,
      `CPU during the raw writes: ${formatCpu(rawCpu)}`,
      `local server query time: ${Math.round(serverQueryMs)} ms in ${queries.length} requests = ${Math.round((serverQueryMs / syncMs) * 100)}% of the sync's wall time`,
      memLine('Harper', harperMem, 'sync '),
      memLine('Harper during raw writes', harperMem, 'raw '),
      memLine('local server', serverMem, 'sync '),
      `Harper data file: ${dataSize ?? '?'} MiB`,
    ],
    notes: [
      'RSS includes file-backed pages of LMDB/DuckDB memory maps (RssFile); anon is the heap-like part a leak grows.',
      'The sync rate is from the first status that shows committed rows to the last commit (status is published at most once a second).',
      "Raw write rate = rows / summed transaction time; records are made by the sync's own converter before each transaction (untimed).",
      'Harper runs one worker thread; the sync runs on it, then the raw writer, never both at once.',
      'The raw table lives in a database of its own (its own LMDB environment), so it starts as empty as the ' +
        "sync's target did; in the shared `data` environment the raw run, coming second, wrote slower.",
    ],
  };
}

/** Calls `reached(pct)` once for each percentage mark the row count passes. */
export class Marks {
  private next = 0;
  constructor(
    private readonly percents: number[],
    private readonly total: number,
    private readonly reached: (pct: number) => void,
  ) {}
  update(rows: number): void {
    while (this.next < this.percents.length && rows >= (this.total * this.percents[this.next]!) / 100) {
      this.reached(this.percents[this.next]!);
      this.next++;
    }
  }
}

function harperDataMiB(harper: HarperProcess): number | undefined {
  const file = join(harper.rootDir, 'hdb', 'database', 'data.mdb');
  return existsSync(file) ? Math.round(statSync(file).size / 1024 / 1024) : undefined;
}
