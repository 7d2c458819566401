/**
 * offload: the initial sync (query path, or `--backfill=storage-read` for the Storage Read
 * backfill) with pages read, parsed and converted on Harper's
 * worker thread (`sync.decodeIn: main`) and in a reader thread (`worker`), each in a fresh
 * Harper against the same local server, each followed by Harper's raw write rate for the
 * same rows in that Harper (so each ratio compares like with like at that moment), with
 * how busy Harper's worker thread was (event-loop utilization) and the process's CPU.
 */
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { copyDataFile } from './data/cache.js';
import { positionsDataFile } from './data/datasets.js';
import type { RawWriteResult } from './harper/raw-write.js';
import { RAW_TABLE } from './lib/bench-schema.js';
import { CpuMeter, formatCpu, type CpuUse } from './lib/cpu.js';
import { markEventLoop, runHarperJob, startBenchHarper } from './lib/harper.js';
import { LocalServerProcess } from './lib/local-server.js';
import { rate, round } from './lib/stats.js';
import { watchInitialSync } from './lib/sync-status.js';
import { busiestThread, threadSeconds, threadTicks } from './lib/thread-cpu.js';
import { positionsSyncSettings } from './initial-sync.js';

const TABLE_ID = 'vessel_positions';
const MODES = ['main', 'worker'] as const;
type Mode = (typeof MODES)[number];

interface ModeResult {
  decodeIn: Mode;
  syncRowsPerSecond: number;
  rawRowsPerSecond: number;
  ratio: number;
  /** Harper's worker thread event-loop utilization during the sync / the raw writes. */
  busySync: number;
  busyRaw: number;
  cpuSync: CpuUse;
  /**
   * CPU seconds per 10,000 rows of Harper's worker thread (the busiest thread during the raw
   * writes) during the sync and during the raw writes, and of every other thread of the
   * process during the sync (the reader thread, libuv, GC helpers). CPU time, unlike rates,
   * hardly moves with the load of a shared machine.
   */
  harperThreadCpuPer10k: { sync: number; raw: number };
  otherThreadsCpuPer10kSync: number;
  restarts: number;
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 300_000);
  const batchSize = ctx.options.int('batch', 10_000);
  const txnSize = ctx.options.int('txn', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 900) * 1000;
  const only = ctx.options.string('mode', '');
  const backfill = ctx.options.string('backfill', 'query');
  if (backfill !== 'query' && backfill !== 'storage-read')
    throw new Error(`--backfill: expected query or storage-read, got ${backfill}`);
  const modes = MODES.filter((m) => only === '' || m === only);
  const temp = ctx.tempDir();
  const cached = await positionsDataFile(rows, temp, ctx.log);

  const results: ModeResult[] = [];
  for (const decodeIn of modes) {
    // A fresh copy of the data and a fresh Harper per mode: neither run warms the other.
    const dir = ctx.tempDir();
    const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, dir), cleanup: ctx.cleanup });
    const harper = await startBenchHarper({
      syncSettings: withBackfill(
        positionsSyncSettings(server.url, batchSize, decodeIn),
        backfill,
        backfill === 'storage-read' ? await server.storageReadAddress() : undefined,
      ),
      cleanup: ctx.cleanup,
      tempDir: dir,
    });
    ctx.log(`decodeIn ${decodeIn}: Harper pid ${String(harper.pid)} syncing ${rows} rows`);
    const pids = { harper: harper.pid!, localServer: server.pid, bench: process.pid };
    const cpuMeter = new CpuMeter(pids);
    const loop = await markEventLoop(harper);
    const ticksBefore = threadTicks(harper.pid!);
    const timings = await watchInitialSync(harper, { [TABLE_ID]: rows }, { timeoutMs });
    const sync = timings.get(TABLE_ID)!;
    const cpuSync = cpuMeter.read();
    const busySync = await loop.read();
    const syncThreads = threadSeconds(ticksBefore, threadTicks(harper.pid!));
    const rawLoop = await markEventLoop(harper);
    const rawTicksBefore = threadTicks(harper.pid!);
    const raw = await runHarperJob<RawWriteResult>(
      harper,
      'BenchRawWrite',
      { rows, txnSize, table: RAW_TABLE.table, database: RAW_TABLE.database },
      { timeoutMs },
    );
    const busyRaw = await rawLoop.read();
    const rawThreads = threadSeconds(rawTicksBefore, threadTicks(harper.pid!));
    const harperThread = busiestThread(rawThreads);
    const per10k = (seconds: number) => round((seconds / rows) * 10_000, 3);
    const harperSync = harperThread === undefined ? NaN : (syncThreads.get(harperThread) ?? 0);
    const allSync = [...syncThreads.values()].reduce((a, b) => a + b, 0);
    const rawRate = rate(raw.rows, raw.writeMs);
    const result: ModeResult = {
      decodeIn,
      syncRowsPerSecond: sync.rowsPerSecond,
      rawRowsPerSecond: rawRate,
      ratio: round(sync.rowsPerSecond / rawRate, 2),
      busySync: round(busySync, 2),
      busyRaw: round(busyRaw, 2),
      cpuSync,
      harperThreadCpuPer10k: {
        sync: per10k(harperSync),
        raw: per10k(harperThread === undefined ? NaN : rawThreads.get(harperThread)!),
      },
      otherThreadsCpuPer10kSync: per10k(allSync - harperSync),
      restarts: sync.restarts,
    };
    ctx.log(
      `decodeIn ${decodeIn}: sync ${result.syncRowsPerSecond} rows/s, raw ${rawRate} rows/s, ratio ${result.ratio}, ` +
        `worker thread busy ${Math.round(busySync * 100)}%, its CPU ${result.harperThreadCpuPer10k.sync} s per 10k rows ` +
        `(raw ${result.harperThreadCpuPer10k.raw}), other threads ${result.otherThreadsCpuPer10kSync}; CPU ${formatCpu(cpuSync)}`,
    );
    results.push(result);
    await harper.stop();
    await server.stop();
  }

  return {
    parameters: { rows, batchSize, txnSize, harperThreads: 1, modes, backfill },
    results: { modes: results },
    summary: results.map(
      (r) =>
        `${backfill} decodeIn ${r.decodeIn.padEnd(6)}: sync ${r.syncRowsPerSecond} rows/s, raw write ${r.rawRowsPerSecond} rows/s, ` +
        `ratio ${r.ratio}; Harper worker thread busy ${Math.round(r.busySync * 100)}% during the sync ` +
        `(${Math.round(r.busyRaw * 100)}% during raw writes); its CPU ${r.harperThreadCpuPer10k.sync} s per 10k rows synced, ` +
        `${r.harperThreadCpuPer10k.raw} s per 10k rows raw-written; other threads ${r.otherThreadsCpuPer10kSync} s per 10k; CPU ${formatCpu(r.cpuSync)}`,
    ),
    notes: [
      'Each mode runs in a fresh Harper (one worker thread) and a fresh copy of the data; the raw write runs after the sync in the same Harper.',
      'The sync rate is from the first status showing committed rows to the last commit; raw rate = rows / summed transaction time.',
    ],
  };
}

/** The positions settings with every table's backfill method (and the Storage Read endpoint it needs). */
function withBackfill(
  settings: Record<string, unknown>,
  method: 'query' | 'storage-read',
  storageAddress: string | undefined,
): Record<string, unknown> {
  const s = settings as { bigquery: { storageApiEndpoint?: string; tables: Record<string, unknown>[] } };
  if (storageAddress) s.bigquery.storageApiEndpoint = storageAddress;
  for (const t of s.bigquery.tables) t.backfill = { method };
  return settings;
}
