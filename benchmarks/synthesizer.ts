/**
 * Synthesizer throughput: rows generated per second in memory, and rows written per second
 * end to end into a local BigQuery server through the official client, by load jobs and by
 * streaming inserts, with the writer's peak memory for the `stress` scenario.
 *
 *   npx tsc -p tsconfig.json && node dist/benchmarks/synthesizer.js
 *
 * The server runs as a child process (dist/emulator/cli.js) so writer and server each get a
 * core and the writer's memory is measured alone. Results: benchmarks/results/synthesizer.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createLocalBigQueryClient } from '../emulator/client.js';
import { createScenario, type ScenarioName, type ScenarioOptions } from '../streams/synthesizer/index.js';
import { initialize, stats, toNdjson, verify, type SynthesizerTarget } from '../streams/synthesizer/writer/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'benchmarks', 'results', 'synthesizer.json');
const SCENARIO: ScenarioName = 'stress';
const MB = 1024 * 1024;

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'emulator', 'cli.js'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`bigquery-local exited with ${code ?? 'signal'}: ${text}`)));
  });
}

/** Peak resident memory of another process, from /proc (Linux); undefined elsewhere. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples this process's RSS and heap every 50 ms while `fn` runs. */
async function withRssPeak<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakRssMb: number; startRssMb: number; peakHeapMb: number }> {
  const startRssMb = process.memoryUsage.rss() / MB;
  let peak = startRssMb;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss / MB);
    heap = Math.max(heap, m.heapUsed / MB);
  };
  const timer = setInterval(sample, 50);
  try {
    const value = await fn();
    sample();
    return { value, peakRssMb: peak, startRssMb, peakHeapMb: heap };
  } finally {
    clearInterval(timer);
  }
}

function generation() {
  const t0 = performance.now();
  const scenario = createScenario(SCENARIO, 1);
  const planMs = performance.now() - t0;
  const out: Record<string, { rows: number; ms: number; rowsPerSecond: number }> = {};
  // Best of two passes: the first one also pays for JIT warm-up.
  const time = (name: string, rows: () => Iterable<unknown>) => {
    for (let pass = 0; pass < 2; pass++) {
      const start = performance.now();
      let n = 0;
      for (const _row of rows()) n++;
      const ms = performance.now() - start;
      const prev = out[name];
      if (!prev || ms < prev.ms) out[name] = { rows: n, ms, rowsPerSecond: n / (ms / 1000) };
    }
  };
  time('vessel_positions', () => scenario.rows.vesselPositions());
  time('port_events', () => scenario.rows.portEvents());
  time('vessel_metadata', () => scenario.rows.vesselMetadata());
  // Generation plus NDJSON encoding: what the load path does before the upload.
  const start = performance.now();
  let bytes = 0;
  let rows: unknown[] = [];
  for (const row of scenario.rows.vesselPositions()) {
    rows.push(row);
    if (rows.length === 10_000) {
      bytes += toNdjson(rows).length;
      rows = [];
    }
  }
  bytes += toNdjson(rows).length;
  const ms = performance.now() - start;
  const total = scenario.counts.positions;
  return {
    planMs,
    tables: out,
    positionsWithNdjson: { rows: total, ms, rowsPerSecond: total / (ms / 1000), bytesPerRow: bytes / total },
  };
}

/**
 * Stress with 4x the positions but the same events and metadata, hence the same fleet: the
 * generator's state grows with the fleet, so if the writer streams, memory stays flat.
 */
const BIG: ScenarioOptions = { preset: 'stress', name: 'stress, 4x positions', counts: { positions: 400_000 } };
/** 406k rows held as objects would need ~200 MB of heap; the streaming writer runs in far less. */
const BIG_HEAP_MB = 96;

async function writePath(
  target: SynthesizerTarget,
  streaming: boolean,
  scenario: ScenarioName | ScenarioOptions = SCENARIO,
) {
  const { value, peakRssMb, startRssMb, peakHeapMb } = await withRssPeak(() =>
    initialize(target, { scenario, seed: 1, useStreamingInsert: streaming }),
  );
  const counted = await stats(target);
  const t0 = performance.now();
  const report = await verify(target, { expected: value.scenario.counts });
  return {
    scenario: value.scenario.name,
    path: streaming ? 'streaming insertAll (500 rows/request)' : 'load jobs (NDJSON, 10k rows/file)',
    rows: value.rows,
    seconds: value.elapsedMs / 1000,
    rowsPerSecond: value.rowsPerSecond,
    perTable: value.tables.map((t) => ({ table: t.table, rows: t.rows, seconds: t.elapsedMs / 1000 })),
    stored: Object.fromEntries(counted.map((s) => [s.table, s.rows])),
    verifyOk: report.ok,
    verifySeconds: (performance.now() - t0) / 1000,
    writerRssMb: { start: startRssMb, sampledPeak: peakRssMb },
    writerPeakHeapMb: peakHeapMb,
  };
}

interface ChildRun {
  readonly url: string;
  readonly datasetId: string;
  readonly streaming: boolean;
  readonly scenario: ScenarioName | ScenarioOptions;
}

/**
 * Each write runs in a fresh process so its peak RSS (getrusage maxRSS) is its own. The last
 * run caps the heap well below what its rows would need if they were held in memory.
 */
function runChild(
  run: ChildRun,
  maxHeapMb?: number,
): Promise<Awaited<ReturnType<typeof writePath>> & { maxRssMb: number }> {
  const args = [
    ...(maxHeapMb ? [`--max-old-space-size=${maxHeapMb}`] : []),
    import.meta.filename,
    '--child',
    JSON.stringify(run),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`benchmark child exited with ${code ?? 'a signal'}`));
      else resolve(JSON.parse(out) as Awaited<ReturnType<typeof runChild>>);
    });
  });
}

async function child(run: ChildRun): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const bigquery = createLocalBigQueryClient({ url: run.url, projectId: 'bench' });
  const r = await writePath({ bigquery, datasetId: run.datasetId }, run.streaming, run.scenario);
  process.stdout.write(JSON.stringify({ ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemGb: totalmem() / 1024 ** 3,
    freeMemGb: freemem() / 1024 ** 3,
  };
  console.log(`machine: ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}, ${machine.platform}`);

  const gen = generation();
  console.log(`\ngeneration in memory (${SCENARIO}, planning ${gen.planMs.toFixed(0)} ms, best of 2 passes):`);
  for (const [table, r] of Object.entries(gen.tables)) {
    console.log(
      `  ${table.padEnd(17)} ${r.rows.toLocaleString('en-US').padStart(8)} rows  ` +
        `${Math.round(r.rowsPerSecond).toLocaleString('en-US').padStart(10)} rows/s`,
    );
  }
  console.log(
    `  positions + NDJSON ${Math.round(gen.positionsWithNdjson.rowsPerSecond).toLocaleString('en-US')} rows/s, ` +
      `${gen.positionsWithNdjson.bytesPerRow.toFixed(0)} bytes/row`,
  );

  const server = await startServer();
  const writes = [];
  let serverPeakRssMb: number | undefined;
  try {
    const runs: { run: ChildRun; maxHeapMb?: number }[] = [
      { run: { url: server.url, datasetId: 'bench_load', streaming: false, scenario: SCENARIO } },
      { run: { url: server.url, datasetId: 'bench_streaming', streaming: true, scenario: SCENARIO } },
      { run: { url: server.url, datasetId: 'bench_load_4x', streaming: false, scenario: BIG }, maxHeapMb: BIG_HEAP_MB },
    ];
    for (const { run, maxHeapMb } of runs) {
      const r = { ...(await runChild(run, maxHeapMb)), maxHeapMb: maxHeapMb ?? null };
      writes.push(r);
      console.log(
        `\n${r.scenario}, ${r.path}${maxHeapMb ? ` (heap capped at ${maxHeapMb} MB)` : ''}:\n  ` +
          `${r.rows.toLocaleString('en-US')} rows in ${r.seconds.toFixed(2)} s = ` +
          `${Math.round(r.rowsPerSecond).toLocaleString('en-US')} rows/s; verify ${r.verifyOk ? 'ok' : 'FAILED'} ` +
          `(${r.verifySeconds.toFixed(2)} s); writer peak RSS ${r.maxRssMb.toFixed(0)} MB, peak heap ${r.writerPeakHeapMb.toFixed(0)} MB`,
      );
    }
  } finally {
    serverPeakRssMb = peakRssMb(server.child.pid);
    if (serverPeakRssMb !== undefined) console.log(`\nlocal server peak RSS ${serverPeakRssMb.toFixed(0)} MB`);
    server.child.kill('SIGTERM');
  }
  const result = {
    benchmark: 'synthesizer',
    when: new Date().toISOString(),
    machine,
    scenario: SCENARIO,
    generation: gen,
    writes,
    serverPeakRssMb,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${RESULTS}`);
  if (writes.some((w) => !w.verifyOk)) process.exitCode = 1;
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(JSON.parse(process.argv[childAt + 1] ?? '{}') as ChildRun);
else await main();
