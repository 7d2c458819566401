/**
 * storage-read: the initial sync of one positions table (default 1M rows) into a real Harper
 * through (a) the Storage Read backfill and (b) the query path, in the same run, plus (c)
 * Harper's raw write rate for the same records (written by the benchmark's raw writer inside
 * Harper, no sync). Each path gets a fresh Harper (empty database, one worker thread) against
 * the same local server process, so the three figures compare like with like.
 *
 * Per path: rows/s (first -> last commit), the ratio to the raw rate, how busy Harper's worker
 * thread was (event-loop utilization, and per-thread CPU from /proc/<pid>/task), bytes read
 * (Storage Read: Arrow bytes the session served; query path: bytes processed/billed by the
 * jobs), peak RSS of Harper and the local server, and the read session's create time.
 *
 * `--paths=storage-read,query,raw` picks paths; `--set=path=value` (repeatable) passes a
 * setting through to the component's settings block (`table.` prefix: every table), so a
 * switch such as `--set=sync.decodeIn=worker` is measured without changing this file.
 * `--profile=<dir>` also profiles Harper's worker thread over each path (V8 CPU profiler inside
 * the thread) and writes `<path>.cpuprofile` there; the results keep where its time went.
 * `--harper-env=NAME=value` (repeatable) passes a Harper setting as its environment variable,
 * e.g. `--harper-env=STORAGE_PREFETCHWRITES=false`.
 * `--v8-flags=<flags>` (with --profile) sets V8 flags in Harper when profiling starts, e.g.
 * `--trace-deopt` (written to the Harper log).
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { copyDataFile } from './data/cache.js';
import { positionsDataFile } from './data/datasets.js';
import type { RawWriteResult } from './harper/raw-write.js';
import { positionsSyncSettings } from './initial-sync.js';
import { RAW_TABLE } from './lib/bench-schema.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { CpuMeter, formatCpu, type CpuUse } from './lib/cpu.js';
import { busyShares, type ProfileShare } from './lib/cpu-profile.js';
import { markEventLoop, profileWorker, runHarperJob, startBenchHarper } from './lib/harper.js';
import { LocalServerProcess } from './lib/local-server.js';
import { MemorySampler } from './lib/proc-memory.js';
import { applyOverrides, parseOverride } from './lib/settings-override.js';
import { rate, round } from './lib/stats.js';
import { allStatuses, watchInitialSync } from './lib/sync-status.js';
import { ThreadCpuMeter, type ThreadShare } from './lib/thread-cpu-meter.js';

const TABLE_ID = 'vessel_positions';
type Path = 'storage-read' | 'query' | 'raw' | 'raw-exists' | 'raw-streams';
/**
 * Only when named: `raw-exists` (raw writes that also ask whether each key exists, as the
 * sinks do) and `raw-streams` (raw writes in the order a session's streams commit them:
 * `--raw-streams=N` contiguous ranges, default 4, one transaction of each in turn).
 */
const PATHS: readonly Path[] = ['storage-read', 'query', 'raw'];
const KNOWN_PATHS: readonly Path[] = [...PATHS, 'raw-exists', 'raw-streams'];
const isRaw = (p: Path) => p === 'raw' || p === 'raw-exists' || p === 'raw-streams';

/** One read session as the local server's admin API reports it. */
interface SessionView {
  name: string;
  rows: number;
  rowsRead: number;
  bytesRead: number;
  streams: number;
  createMs?: number;
}

interface UsageView {
  sinceStart: number;
}

interface PathResult {
  path: Path;
  rows: number;
  rowsPerSecond: number;
  rowsPerSecondFromStart?: number;
  seconds: number;
  ratioToRaw?: number;
  /**
   * CPU milliseconds of Harper's busiest thread (the worker running the path) per 10,000 rows:
   * the whole path for a sync; for raw writes their transactions only (the conversion that
   * makes their records, timed apart, is left out, as from the raw rate). Less sensitive than
   * rows/s to other processes on the cores, not immune: raw writes measured 763-1,072 ms in
   * four runs of 200k-300k rows on a loaded machine.
   */
  workerCpuMsPer10k?: number;
  /** Raw writes' workerCpuMsPer10k over this path's: 1 = the same thread work per row as raw. */
  cpuRatioToRaw?: number;
  /** Event-loop utilization of Harper's worker thread over the path. */
  workerEventLoopBusy: number;
  /** CPU share of Harper's busiest thread (the worker running the path) and the next ones. */
  busiestThreads: ThreadShare[];
  cpu: CpuUse;
  harperPeakRssMiB: number;
  /** Anonymous memory (heaps): RSS also holds LMDB's file-backed map pages. */
  harperPeakAnonMiB: number;
  localServerPeakRssMiB: number;
  /** Storage Read: Arrow bytes the sessions served; query path: the jobs' statistics. */
  bytes?: { read?: number; processed?: number; billed?: number; queryJobs?: number };
  sessions?: { count: number; streams: number; createMs: number[] };
  restarts?: number;
  /** Space Harper's database files take on disk after the path (allocated blocks), MiB per file over 1 MiB. */
  databaseMiB?: Record<string, number>;
  /** With --profile: the worker thread's busy time by area, and its busiest functions (self time). */
  profile?: { file: string; areas: ProfileShare[]; functions: ProfileShare[] };
}

export function run(ctx: BenchContext): Promise<BenchOutcome> {
  return runPaths(ctx, []);
}

/**
 * `storage-read-worker`: the same run with `sync.decodeIn=worker` (reading, decoding and
 * converting in a reader thread), written to its own results file so the README shows both.
 */
export function runDecodeInWorker(ctx: BenchContext): Promise<BenchOutcome> {
  return runPaths(ctx, ['sync.decodeIn=worker']);
}

async function runPaths(ctx: BenchContext, extraSettings: readonly string[]): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 1_000_000);
  const batchSize = ctx.options.int('batch', 10_000);
  const txnSize = ctx.options.int('txn', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 1200) * 1000;
  const rawStreams = ctx.options.int('raw-streams', 4);
  const harperEnv = Object.fromEntries(
    ctx.options.list('harper-env').map((kv) => {
      const at = kv.indexOf('=');
      if (at <= 0) throw new Error(`--harper-env=${kv}: expected NAME=value`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  );
  const paths = ctx.options
    .string('paths', PATHS.join(','))
    .split(',')
    .map((p) => p.trim()) as Path[];
  const unknown = paths.filter((p) => !KNOWN_PATHS.includes(p));
  if (unknown.length > 0) throw new Error(`--paths: unknown ${unknown.join(', ')}; known: ${KNOWN_PATHS.join(', ')}`);
  const overrides = [...extraSettings, ...ctx.options.list('set')].map(parseOverride);
  const temp = ctx.tempDir();
  const profileDir = ctx.options.string('profile', '');
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const cached = await positionsDataFile(rows, temp, ctx.log);
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, temp), cleanup: ctx.cleanup });
  const storageAddress = await server.storageReadAddress();
  const serverMemory = new MemorySampler(server.pid).start();
  ctx.cleanup.add('stop server memory sampler', () => serverMemory.stop());
  ctx.log(`bigquery-local at ${server.url}, Storage Read at ${storageAddress} (pid ${server.pid}), ${rows} rows`);

  const results: PathResult[] = [];
  for (const path of paths) {
    ctx.log(`path ${path}: fresh Harper`);
    const settings = isRaw(path)
      ? {}
      : applyOverrides(syncSettings(server.url, storageAddress, batchSize, path), overrides);
    // Before Harper starts: its sync opens the session while it is still starting up.
    const sessionsBefore = path === 'storage-read' ? await sessions(server.url) : [];
    const harper = await startBenchHarper({
      syncSettings: settings,
      cleanup: ctx.cleanup,
      tempDir: temp,
      ...(Object.keys(harperEnv).length > 0 ? { env: harperEnv } : {}),
    });
    const harperMemory = new MemorySampler(harper.pid!).start();
    const serverPeakBefore = serverMemory.summary().peakRssMiB;
    const cpu = new CpuMeter({ harper: harper.pid!, localServer: server.pid, bench: process.pid });
    const threads = new ThreadCpuMeter(harper.pid!);
    const loop = await markEventLoop(harper);
    const profiler = profileDir
      ? await profileWorker(harper, resolve(profileDir, `${path}.cpuprofile`), ctx.options.string('v8-flags', ''))
      : undefined;
    let result: PathResult;
    try {
      if (isRaw(path)) {
        const raw = await runHarperJob<RawWriteResult>(
          harper,
          'BenchRawWrite',
          {
            rows,
            txnSize,
            table: RAW_TABLE.table,
            database: RAW_TABLE.database,
            ...(path === 'raw-exists' ? { perRow: 'exists-put' } : {}),
            ...(path === 'raw-streams' ? { streams: rawStreams } : {}),
          },
          { timeoutMs },
        );
        result = await measured(path, raw.rows, rate(raw.rows, raw.writeMs), raw.writeMs, raw.prepareMs);
      } else {
        const timings = await watchInitialSync(harper, { [TABLE_ID]: rows }, { timeoutMs });
        const sync = timings.get(TABLE_ID)!;
        const status = (await allStatuses(harper)).get(TABLE_ID) as unknown as
          { queries?: UsageView; bytesProcessed?: UsageView; bytesBilled?: UsageView } | undefined;
        result = await measured(path, sync.rows, sync.rowsPerSecond, sync.lastCommitAt - sync.startedAt);
        result.rowsPerSecondFromStart = sync.rowsPerSecondFromStart;
        result.restarts = sync.restarts;
        result.bytes = {
          processed: status?.bytesProcessed?.sinceStart ?? NaN,
          billed: status?.bytesBilled?.sinceStart ?? NaN,
          queryJobs: status?.queries?.sinceStart ?? NaN,
        };
        if (path === 'storage-read') {
          const known = new Set(sessionsBefore.map((s) => s.name));
          const mine = (await sessions(server.url)).filter((s) => !known.has(s.name));
          result.bytes.read = mine.reduce((a, s) => a + s.bytesRead, 0);
          result.sessions = {
            count: mine.length,
            streams: mine.reduce((a, s) => a + s.streams, 0),
            createMs: mine.map((s) => s.createMs ?? NaN),
          };
          if (mine.length === 0)
            throw new Error('the sync opened no Storage Read session: did it take the query path?');
        }
      }
      if (profiler) {
        const { file, summary } = await profiler.stop();
        result.profile = { file, areas: busyShares(summary), functions: summary.functions };
        ctx.log(`path ${path}: profile ${file}`);
        for (const a of result.profile.areas.slice(0, 10))
          ctx.log(`  ${(a.share * 100).toFixed(1).padStart(5)}%  ${a.name} (${a.ms} ms)`);
        for (const f of summary.functions.slice(0, 15))
          ctx.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
      }
    } finally {
      harperMemory.stop();
      await harper.stop();
    }
    result.databaseMiB = databaseFiles(join(harper.rootDir, 'hdb', 'database'));
    results.push(result);
    ctx.log(`path ${path}: ${result.rowsPerSecond} rows/s`);

    async function measured(p: Path, n: number, perSecond: number, ms: number, notPathMs = 0): Promise<PathResult> {
      const threadCpu = threads.read();
      const busiest = threadCpu.threads[0];
      return {
        path: p,
        rows: n,
        rowsPerSecond: perSecond,
        seconds: round(ms / 1000, 1),
        workerEventLoopBusy: await loop.read(),
        busiestThreads: threadCpu.threads.slice(0, 4),
        ...(busiest
          ? { workerCpuMsPer10k: round(((busiest.busy * threadCpu.seconds * 1000 - notPathMs) / n) * 10_000, 0) }
          : {}),
        cpu: cpu.read(),
        harperPeakRssMiB: harperMemory.summary().peakRssMiB,
        harperPeakAnonMiB: harperMemory.summary().peakAnonMiB,
        // The server lives across paths: its peak since this path started.
        localServerPeakRssMiB: Math.max(serverPeakBefore, serverMemory.summary().peakRssMiB),
      };
    }
  }
  const raw = results.find((r) => r.path === 'raw');
  for (const r of results) {
    if (!raw || r.path === 'raw') continue;
    r.ratioToRaw = round(r.rowsPerSecond / raw.rowsPerSecond, 2);
    if (raw.workerCpuMsPer10k && r.workerCpuMsPer10k)
      r.cpuRatioToRaw = round(raw.workerCpuMsPer10k / r.workerCpuMsPer10k, 2);
  }

  return {
    parameters: {
      rows,
      batchSize,
      txnSize,
      paths,
      ...(paths.includes('raw-streams') ? { rawStreams } : {}),
      ...(Object.keys(harperEnv).length > 0 ? { harperEnv } : {}),
      settings: overrides.map((o) => `${o.perTable ? 'table.' : ''}${o.path.join('.')}=${JSON.stringify(o.value)}`),
      harperThreads: 1,
    },
    results: { paths: Object.fromEntries(results.map((r) => [r.path, r])) },
    summary: results.map(summaryLine),
    notes: [
      'Each path runs in a fresh Harper (one worker thread, empty database) against the same local server process.',
      'Sync rows/s is from the first status showing committed rows to the last commit; raw = rows / summed transaction time.',
      'busiest thread = CPU share of one core of the busiest Harper thread over the path (from /proc/<pid>/task/*/stat).',
      'The local server runs on the same 2 cores: its work (DuckDB, Arrow encoding) competes with Harper for CPU.',
    ],
  };
}

function summaryLine(r: PathResult): string {
  const top = r.busiestThreads[0];
  const mib = (n: number | undefined) => (n === undefined ? '?' : `${round(n / 1024 ** 2, 1)} MiB`);
  const bytes =
    r.path === 'storage-read'
      ? `Arrow bytes read ${mib(r.bytes?.read)} in ${r.sessions?.count ?? 0} session(s), ${r.sessions?.streams ?? 0} streams, create ${r.sessions?.createMs.join('/') ?? '?'} ms; query jobs ${r.bytes?.queryJobs}`
      : r.path === 'query'
        ? `bytes processed ${mib(r.bytes?.processed)}, billed ${mib(r.bytes?.billed)} in ${r.bytes?.queryJobs} jobs`
        : '';
  return (
    `${r.path.padEnd(12)} ${String(r.rowsPerSecond).padStart(7)} rows/s (${r.seconds} s)` +
    (r.ratioToRaw !== undefined ? ` ratio ${r.ratioToRaw}` : '') +
    (r.workerCpuMsPer10k !== undefined
      ? `; worker CPU ${r.workerCpuMsPer10k} ms per 10k rows` +
        (r.cpuRatioToRaw !== undefined ? ` (raw/this ${r.cpuRatioToRaw})` : '')
      : '') +
    `; worker ELU ${Math.round(r.workerEventLoopBusy * 100)}%, busiest thread ${top ? `${top.name} ${Math.round(top.busy * 100)}%` : '?'}` +
    `; peak RSS Harper ${r.harperPeakRssMiB} MiB (anon ${r.harperPeakAnonMiB}), server ${r.localServerPeakRssMiB} MiB; ${bytes}; CPU ${formatCpu(r.cpu)}` +
    (r.databaseMiB
      ? `; database files ${Object.entries(r.databaseMiB)
          .map(([f, m]) => `${f} ${m} MiB`)
          .join(', ')}`
      : '')
  );
}

function syncSettings(apiEndpoint: string, storageAddress: string, batchSize: number, path: Path) {
  const settings = positionsSyncSettings(apiEndpoint, batchSize) as {
    bigquery: { storageApiEndpoint?: string; tables: Record<string, unknown>[] };
  };
  settings.bigquery.storageApiEndpoint = storageAddress;
  for (const t of settings.bigquery.tables) t.backfill = { method: path === 'storage-read' ? 'storage-read' : 'query' };
  return settings as Record<string, unknown>;
}

async function sessions(url: string): Promise<SessionView[]> {
  const response = await fetch(`${url}/_admin/storage-read/sessions`);
  if (!response.ok) throw new Error(`GET /_admin/storage-read/sessions: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { sessions: SessionView[] }).sessions;
}

/** Allocated size of each database file over 1 MiB (LMDB files are sparse: blocks, not length). */
function databaseFiles(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const mib = (statSync(path).blocks * 512) / 1024 ** 2;
        if (mib >= 1) out[relative(dir, path)] = round(mib, 1);
      }
    }
  };
  try {
    walk(dir);
  } catch {
    // No database folder: nothing to report.
  }
  return out;
}
