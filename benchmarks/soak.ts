/**
 * soak: three tables synced by one Harper for `--minutes` (default 30) at `--poll-ms`
 * (default 1000). Mostly idle; during the middle third rows are inserted into the first
 * table at `--rate` rows/s (insertAll, a light producer). Every `--sample-s` (default 60) it
 * records, from the local server's own job record (jobs.list, which holds no dry runs), the
 * query jobs created per poll per table, plus Harper's and the server's RSS and the rows in Harper.
 * Steady means: one query per poll per table, forever, and flat memory.
 */
import { createLocalBigQueryClient } from '../emulator/client.js';
import { PROJECT } from './data/cache.js';
import { createTable } from './data/load.js';
import { DATASET, POSITION_FIELDS, POSITION_PRIMARY_KEY, positionJson, positionValues } from './data/positions.js';
import { SECOND_TARGET, THIRD_TARGET } from './lib/bench-schema.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { harperCount, startBenchHarper } from './lib/harper.js';
import { LocalServerProcess } from './lib/local-server.js';
import { readMemory } from './lib/proc-memory.js';
import { listQueryJobs } from './lib/query-jobs.js';
import { round, sleep } from './lib/stats.js';
import { allStatuses } from './lib/sync-status.js';

/** Live rows get MMSIs from here up, apart from the history's. */
const LIVE_MMSI = 900_000_000;

interface Sample {
  minute: number;
  load: boolean;
  queries: number;
  queriesPerPollPerTable: number;
  harperRssMiB: number;
  serverRssMiB: number;
  rowsInserted: number;
  rowsInHarper: number;
  rowsPerSecond: number;
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const minutes = ctx.options.int('minutes', 30);
  const pollMs = ctx.options.int('poll-ms', 1000);
  const sampleMs = ctx.options.int('sample-s', 60) * 1000;
  const rate = ctx.options.int('rate', 20);
  const history = ctx.options.int('history', 1000);
  const tables = [
    { id: 'soak_a', source: 'soak_a', target: 'VesselPositions' },
    { id: 'soak_b', source: 'soak_b', target: SECOND_TARGET.table },
    { id: 'soak_c', source: 'soak_c', target: THIRD_TARGET.table },
  ];

  const server = await LocalServerProcess.start({ cleanup: ctx.cleanup });
  const client = createLocalBigQueryClient({ url: server.url, projectId: PROJECT });
  const historyStart = BigInt(Date.now() - 10 * 60_000) * 1000n;
  for (const t of tables) {
    await createTable(client, t.source, POSITION_FIELDS);
    const rows = Array.from({ length: history }, (_, i) =>
      positionJson(positionValues(i, historyStart + BigInt(i) * 100_000n)),
    );
    await client.dataset(DATASET).table(t.source).insert(rows);
  }
  const harper = await startBenchHarper({
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: server.url,
        tables: tables.map((t) => ({
          id: t.id,
          dataset: DATASET,
          table: t.source,
          timestampColumn: 'timestamp',
          primaryKey: POSITION_PRIMARY_KEY,
          targetTable: t.target,
        })),
      },
      sync: { pollInterval: pollMs, settleDelay: '1s', steadyThreshold: '2m', catchupThreshold: '1h' },
    },
    cleanup: ctx.cleanup,
    tempDir: ctx.tempDir(),
  });
  ctx.log(`Harper pid ${String(harper.pid)}, server pid ${server.pid}: waiting for the three tables to catch up`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await allStatuses(harper);
    if (tables.every((t) => s.get(t.id)?.caughtUp && (s.get(t.id)?.rowsCommitted ?? 0) >= history)) break;
    if (Date.now() > deadline) throw new Error(`tables did not catch up: ${JSON.stringify([...s.values()])}`);
    await sleep(250);
  }

  const cpuMeter = new CpuMeter({ harper: harper.pid!, localServer: server.pid, bench: process.pid });
  const totalMs = minutes * 60_000;
  const loadFrom = totalMs / 3;
  const loadTo = (2 * totalMs) / 3;
  ctx.log(
    `soaking ${minutes} min at ${pollMs} ms polls; ${rate} rows/s into ${tables[0]!.source} from minute ` +
      `${round(loadFrom / 60_000, 1)} to ${round(loadTo / 60_000, 1)}`,
  );
  const start = Date.now();
  let inserted = 0;
  let stopLoad = false;
  const loading = (async () => {
    let seq = 0;
    while (!stopLoad && Date.now() - start < totalMs) {
      const t = Date.now() - start;
      if (t >= loadFrom && t < loadTo) {
        const rows = Array.from({ length: Math.max(1, Math.round(rate / 10)) }, () => {
          const v = positionValues(seq++, BigInt(Date.now()) * 1000n);
          return positionJson({ ...v, mmsi: LIVE_MMSI + (seq % 1000) });
        });
        await client.dataset(DATASET).table(tables[0]!.source).insert(rows);
        inserted += rows.length;
      }
      await sleep(100);
    }
  })();

  const samples: Sample[] = [];
  let lastRows = await harperCount(harper, tables[0]!.target);
  let lastAt = Date.now();
  for (let i = 1; i * sampleMs <= totalMs; i++) {
    await sleep(Math.max(0, start + i * sampleMs - Date.now()));
    const now = Date.now();
    // The server's job record, not its request log: windowed reads send free dry runs through
    // jobs.insert too, and only real jobs are billed.
    const queries = (await listQueryJobs(server.url, PROJECT, lastAt)).filter((j) => j.createdAtMs < now).length;
    const rowsInHarper = await harperCount(harper, tables[0]!.target);
    const polls = (now - lastAt) / pollMs;
    const sample: Sample = {
      minute: round((now - start) / 60_000, 1),
      load: now - start > loadFrom && now - start - sampleMs < loadTo,
      queries,
      queriesPerPollPerTable: round(queries / polls / tables.length, 3),
      harperRssMiB: readMemory(harper.pid!)?.rssMiB ?? NaN,
      serverRssMiB: readMemory(server.pid)?.rssMiB ?? NaN,
      rowsInserted: inserted,
      rowsInHarper,
      rowsPerSecond: round(((rowsInHarper - lastRows) * 1000) / (now - lastAt), 1),
    };
    samples.push(sample);
    ctx.log(JSON.stringify(sample));
    lastRows = rowsInHarper;
    lastAt = now;
  }
  stopLoad = true;
  await loading;
  const cpu = cpuMeter.read();
  const idle = samples.filter((s) => !s.load);
  const loaded = samples.filter((s) => s.load);
  const qpp = (xs: Sample[]) =>
    xs.length ? round(xs.reduce((a, s) => a + s.queriesPerPollPerTable, 0) / xs.length, 3) : NaN;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const statuses = await allStatuses(harper);
  return {
    parameters: { minutes, pollMs, sampleS: sampleMs / 1000, rate, history, tables: tables.length },
    results: {
      queriesPerPollPerTable: {
        idle: qpp(idle),
        underLoad: qpp(loaded),
        max: Math.max(...samples.map((s) => s.queriesPerPollPerTable)),
      },
      rss: {
        harperFirstMiB: first?.harperRssMiB,
        harperLastMiB: last?.harperRssMiB,
        harperMaxMiB: Math.max(...samples.map((s) => s.harperRssMiB)),
        serverFirstMiB: first?.serverRssMiB,
        serverLastMiB: last?.serverRssMiB,
        serverMaxMiB: Math.max(...samples.map((s) => s.serverRssMiB)),
      },
      rowsInserted: inserted,
      rowsInHarper: last?.rowsInHarper,
      loadRowsPerSecond: loaded.length ? round(loaded.reduce((a, s) => a + s.rowsPerSecond, 0) / loaded.length, 1) : 0,
      restarts: Object.fromEntries(tables.map((t) => [t.id, statuses.get(t.id)?.restarts ?? null])),
      samples,
      cpu,
    },
    summary: [
      `query jobs per poll per table: idle ${qpp(idle)}, under load ${qpp(loaded)}, worst minute ${Math.max(...samples.map((s) => s.queriesPerPollPerTable))}`,
      `Harper RSS ${first?.harperRssMiB} → ${last?.harperRssMiB} MiB (max ${Math.max(...samples.map((s) => s.harperRssMiB))}); ` +
        `server RSS ${first?.serverRssMiB} → ${last?.serverRssMiB} MiB`,
      `${inserted} rows inserted at ${rate} rows/s during the middle third; ${last?.rowsInHarper} rows in ${tables[0]!.target}`,
      `CPU: ${formatCpu(cpu)}`,
    ],
    notes: [
      "Query jobs are counted from the local server's job record (jobs.list: dry runs are not jobs), for all three tables together.",
      'The lookback window is off (its default): a sweep would add one query per caught-up poll.',
    ],
  };
}
