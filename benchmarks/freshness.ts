/**
 * freshness: while the sync runs in steady state, rows are inserted into the local BigQuery
 * at a steady rate (insertAll, as a streaming producer would); each row's time from the
 * insert being acknowledged to being readable in Harper is measured by polling Harper.
 * Two tables run at once in one Harper, one per poll interval (1 s and 30 s by default),
 * so one run of `seconds` covers both.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../emulator/client.js';
import type { HarperProcess } from '../src/harper-process/index.js';
import { PROJECT } from './data/cache.js';
import { createTable, type JsonRow } from './data/load.js';
import { DATASET, POSITION_FIELDS, POSITION_PRIMARY_KEY, positionJson, positionValues } from './data/positions.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { startBenchHarper } from './lib/harper.js';
import { SECOND_TARGET } from './lib/bench-schema.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { percentile, round, sleep } from './lib/stats.js';
import { allStatuses } from './lib/sync-status.js';

/** Live rows get MMSIs from here up, so Harper can be asked for "live rows from n on". */
const LIVE_MMSI = 900_000_000;

interface Lane {
  tableId: string;
  source: string;
  target: string;
  pollMs: number;
  /** Per live row (index = sequence): when its insert was acknowledged, its event time, when seen. */
  ackAt: number[];
  eventAt: number[];
  seenAt: (number | undefined)[];
  /** Lowest sequence not yet seen in Harper: every poll asks for rows from there on. */
  lowestUnseen: number;
  /** Distinct poll times at which new rows appeared (the sync's visible commits). */
  arrivals: Set<number>;
  lastMicros: bigint;
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rowsPerSecond = ctx.options.int('rate', 50);
  const seconds = ctx.options.int('seconds', 60);
  const settleMs = ctx.options.int('settle-ms', 1000);
  const probeMs = ctx.options.int('probe-ms', 100);
  const history = ctx.options.int('history', 2000);
  const polls = [ctx.options.int('poll-fast-ms', 1000), ctx.options.int('poll-slow-ms', 30_000)];

  const server = await LocalServerProcess.start({ cleanup: ctx.cleanup });
  const client = createLocalBigQueryClient({ url: server.url, projectId: PROJECT });
  const lanes: Lane[] = polls.map((pollMs, i) => ({
    tableId: `fresh_${pollMs}ms`,
    source: `fresh_${i}`,
    target: i === 0 ? 'VesselPositions' : SECOND_TARGET.table,
    pollMs,
    ackAt: [],
    eventAt: [],
    seenAt: [],
    lowestUnseen: 0,
    arrivals: new Set(),
    lastMicros: 0n,
  }));
  // History ten minutes old: the sync starts behind, catches up, then settles into steady.
  const historyStart = BigInt(Date.now() - 10 * 60_000) * 1000n;
  for (const lane of lanes) {
    await createTable(client, lane.source, POSITION_FIELDS);
    const rows = Array.from({ length: history }, (_, i) =>
      positionJson(positionValues(i, historyStart + BigInt(i) * 100_000n)),
    );
    await client.dataset(DATASET).table(lane.source).insert(rows);
  }

  const harper = await startBenchHarper({
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: server.url,
        tables: lanes.map((lane) => ({
          id: lane.tableId,
          dataset: DATASET,
          table: lane.source,
          timestampColumn: 'timestamp',
          primaryKey: POSITION_PRIMARY_KEY,
          targetTable: lane.target,
          sync: { pollInterval: lane.pollMs },
        })),
      },
      sync: { settleDelay: settleMs, steadyThreshold: '2m', catchupThreshold: '1h' },
    },
    cleanup: ctx.cleanup,
    tempDir: ctx.tempDir(),
  });
  ctx.log(`Harper pid ${String(harper.pid)}: waiting for both tables to reach steady state`);
  await waitForSteady(harper, lanes, history);

  ctx.log(`inserting ${rowsPerSecond} rows/s into each table for ${seconds} s`);
  const cpuMeter = new CpuMeter({ harper: harper.pid!, localServer: server.pid, bench: process.pid });
  const probing = probeLoop(harper, lanes, probeMs);
  await insertLoop(client, lanes, rowsPerSecond, seconds);
  const drainMs = Math.max(...polls) + settleMs + 15_000;
  ctx.log(`inserts done; waiting up to ${Math.round(drainMs / 1000)} s for the last rows to show in Harper`);
  const drained = Date.now() + drainMs;
  while (Date.now() < drained && lanes.some((l) => l.lowestUnseen < l.ackAt.length)) await sleep(100);
  await probing.stop();
  const cpu = cpuMeter.read();

  const results = lanes.map((lane) => laneResult(lane));
  return {
    parameters: { rowsPerSecond, seconds, settleMs, probeMs, history, pollIntervalsMs: polls },
    results: { lanes: results, cpu },
    summary: [
      ...results.map(
        (r) =>
          `pollInterval ${r.pollMs / 1000} s: insert->visible p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms ` +
          `(${r.seen}/${r.inserted} rows seen, ${r.arrivals} visible batches; event time->visible p50 ${r.fromEventP50Ms} ms)`,
      ),
      `CPU: ${formatCpu(cpu)}`,
    ],
    notes: [
      `Both poll intervals run at once in one Harper (two tables, ${rowsPerSecond} rows/s each).`,
      `Rows are read only once older than settleDelay (${settleMs} ms), so freshness >= settleDelay by design.`,
      `Visibility is probed every ${probeMs} ms through Harper's operations API (search_by_conditions on mmsi), so times are late by up to that much.`,
      `With a ${polls[1]! / 1000} s poll a ${seconds} s run sees only a few polls: its percentiles rest on few batches (see "arrivals").`,
    ],
  };
}

async function waitForSteady(harper: HarperProcess, lanes: Lane[], history: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const statuses = await allStatuses(harper);
    const ready = lanes.every((l) => {
      const s = statuses.get(l.tableId);
      return s?.phase === 'steady' && s.caughtUp && s.rowsCommitted >= history;
    });
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`sync did not reach steady state: ${JSON.stringify([...statuses.values()])}`);
    await sleep(250);
  }
}

async function insertLoop(client: BigQuery, lanes: Lane[], rowsPerSecond: number, seconds: number): Promise<void> {
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((rowsPerSecond * tickMs) / 1000));
  const start = Date.now();
  for (let tick = 0; tick < (seconds * 1000) / tickMs; tick++) {
    const due = start + tick * tickMs;
    if (due > Date.now()) await sleep(due - Date.now());
    await Promise.all(
      lanes.map(async (lane) => {
        const rows: JsonRow[] = [];
        const first = lane.ackAt.length;
        for (let k = 0; k < perTick; k++) {
          // Strictly increasing event times, as close to now as the clock allows.
          const now = BigInt(Date.now()) * 1000n;
          lane.lastMicros = now > lane.lastMicros ? now : lane.lastMicros + 1n;
          const values = positionValues(first + k, lane.lastMicros);
          values.mmsi = LIVE_MMSI + first + k;
          rows.push(positionJson(values));
          lane.eventAt.push(Number(lane.lastMicros / 1000n));
          lane.ackAt.push(NaN);
        }
        await client.dataset(DATASET).table(lane.source).insert(rows);
        const ack = Date.now();
        for (let k = 0; k < perTick; k++) lane.ackAt[first + k] = ack;
      }),
    );
  }
}

/** Polls Harper for live rows at or above each lane's lowest unseen MMSI. */
function probeLoop(harper: HarperProcess, lanes: Lane[], probeMs: number) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await Promise.all(lanes.map((lane) => probe(harper, lane)));
      const wait = probeMs - (Date.now() - started);
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function probe(harper: HarperProcess, lane: Lane): Promise<void> {
  if (lane.lowestUnseen >= lane.ackAt.length) return;
  const rows = await harper.operation<{ mmsi: number }[]>({
    operation: 'search_by_conditions',
    database: 'data',
    table: lane.target,
    conditions: [
      { search_attribute: 'mmsi', search_type: 'greater_than_equal', search_value: LIVE_MMSI + lane.lowestUnseen },
    ],
    get_attributes: ['mmsi'],
  });
  const at = Date.now();
  let fresh = false;
  for (const row of rows) {
    const seq = Number(row.mmsi) - LIVE_MMSI;
    if (seq >= 0 && seq < lane.ackAt.length && lane.seenAt[seq] === undefined) {
      lane.seenAt[seq] = at;
      fresh = true;
    }
  }
  if (fresh) lane.arrivals.add(at);
  while (lane.lowestUnseen < lane.ackAt.length && lane.seenAt[lane.lowestUnseen] !== undefined) lane.lowestUnseen++;
}

function laneResult(lane: Lane) {
  const delays: number[] = [];
  const fromEvent: number[] = [];
  lane.ackAt.forEach((ack, i) => {
    const seen = lane.seenAt[i];
    if (seen === undefined || Number.isNaN(ack)) return;
    delays.push(seen - ack);
    fromEvent.push(seen - lane.eventAt[i]!);
  });
  return {
    tableId: lane.tableId,
    pollMs: lane.pollMs,
    inserted: lane.ackAt.length,
    seen: delays.length,
    arrivals: lane.arrivals.size,
    p50Ms: round(percentile(delays, 50)),
    p90Ms: round(percentile(delays, 90)),
    p99Ms: round(percentile(delays, 99)),
    maxMs: round(Math.max(...delays)),
    fromEventP50Ms: round(percentile(fromEvent, 50)),
    fromEventP99Ms: round(percentile(fromEvent, 99)),
  };
}
