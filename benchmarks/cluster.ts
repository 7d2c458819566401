/**
 * cluster: rows/s of an initial sync on 1, 2 and 3 real Harper nodes (HarperCluster, one
 * worker thread each, on 127.0.0.2..) in replicated and sharded placement, from the local
 * BigQuery server. `npm run bench -- cluster --nodes=1,2,3 --placement=replicated,sharded
 * --rows=200k [--replicas=1] [--units=12]`.
 *
 * Every node of a run must be up and own units before a row exists: the sync's source table
 * starts empty (the nodes poll it every second) and is filled with the cached positions in
 * one INSERT ... SELECT once the leases are spread over all nodes; the clock starts then. Measured: the sync rate (source table
 * created -> last checkpoint commit), the time until every node holds what the placement
 * says (replication done), and the CPU of every Harper node, the local server and this
 * process over the sync, so the bottleneck can be read off on a shared 2-core machine.
 */
import { loadavg } from 'node:os';
import type { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../emulator/index.js';
import { HarperCluster } from '../src/cluster/harper-cluster.js';
import type { HarperProcess } from '../src/harper-process/index.js';
import { PROJECT, copyDataFile } from './data/cache.js';
import { POSITIONS_TABLE, positionsDataFile } from './data/datasets.js';
import { DATASET, POSITION_PRIMARY_KEY } from './data/positions.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { rate, round, sleep } from './lib/stats.js';
import { projectCluster, type ClusterRun } from './lib/cluster-model.js';

const TABLE_ID = 'positions_cluster';
/** The source table the sync reads; created from the cached positions when the clock starts. */
const SOURCE_TABLE = 'positions_cluster';

function syncSettings(apiEndpoint: string, placement: string, replicas: number, units: number, batch: number) {
  return {
    bigquery: {
      projectId: PROJECT,
      apiEndpoint,
      tables: [
        {
          id: TABLE_ID,
          dataset: DATASET,
          table: SOURCE_TABLE,
          timestampColumn: 'timestamp',
          primaryKey: POSITION_PRIMARY_KEY,
          targetTable: 'VesselPositions',
          sync: { initialBatchSize: batch, catchupBatchSize: batch },
        },
      ],
    },
    sync: { settleDelay: '0s', pollInterval: '1s', restartBackoff: { initial: '500ms', max: '2s' } },
    cluster: {
      enabled: true,
      units,
      leaseTtl: '20s',
      placement,
      ...(placement === 'sharded' ? { replicas } : {}),
    },
  };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 200_000);
  const replicasWanted = Number(ctx.options.string('replicas', '1'));
  const units = ctx.options.int('units', 24);
  const batch = ctx.options.int('batch', 5_000);
  const timeoutMs = ctx.options.int('timeout-s', 1200) * 1000;
  const nodeCounts = list(ctx.options.string('nodes', '1,2,3')).map(Number);
  const placements = list(ctx.options.string('placement', 'replicated,sharded'));
  for (const p of placements) if (p !== 'replicated' && p !== 'sharded') throw new Error(`--placement: ${p}?`);
  for (const n of nodeCounts) if (!Number.isInteger(n) || n < 1 || n > 5) throw new Error(`--nodes: ${n}?`);
  const cached = await positionsDataFile(rows, ctx.tempDir(), ctx.log);
  const uptimeBefore = loadAverage();

  const runs: ClusterRun[] = [];
  for (const placement of placements) {
    for (const nodes of nodeCounts) {
      const replicas = placement === 'sharded' ? Math.min(replicasWanted, nodes - 1) : nodes - 1;
      ctx.log(`${placement}, ${nodes} node(s)${placement === 'sharded' ? `, ${replicas} replica(s)` : ''}: starting`);
      runs.push(await runOne(ctx, { rows, nodes, placement, replicas, units, batch, timeoutMs, cached: cached.path }));
      const last = runs[runs.length - 1]!;
      ctx.log(
        `${placement} x${nodes}: ${last.rowsPerSecond} rows/s synced, all placed after ${round(last.placedMs / 1000, 1)} s; CPU ${formatCpu(last.cpu)}`,
      );
    }
  }
  const projection = projectCluster(runs);
  return {
    parameters: { rows, units, batch, replicas: replicasWanted, nodes: nodeCounts, placements, harperThreads: 1 },
    results: { runs, projection, loadAverage: { before: uptimeBefore, after: loadAverage() } },
    summary: [
      ...runs.map(
        (r) =>
          `${r.placement} ${r.nodes} node(s)${r.placement === 'sharded' ? ` (${r.replicas} replica(s))` : ''}: ` +
          `${r.rowsPerSecond} rows/s synced (${round(r.syncMs / 1000, 1)} s), ${r.rowsPerSecondPlaced} rows/s until every node held its rows; ` +
          `CPU ${formatCpu(r.cpu)}; rows held per node ${r.heldPerNode.join('/')}`,
      ),
      ...projection.lines,
      `load average before/after: ${uptimeBefore} / ${loadAverage()}`,
    ],
    notes: [
      'All nodes share this machine (2 cores): cluster-wide rates here are bounded by the machine, not by the node count. ' +
        'The CPU split says where the time goes; the projection models separate machines per node.',
      'Sync rate = rows / (source table created -> last checkpoint commit). "Placed" = until every node holds its rows ' +
        '(replicated: all rows; sharded: its share in full, counted from its local store only).',
      projection.model,
    ],
  };
}

interface OneRun {
  rows: number;
  nodes: number;
  placement: string;
  replicas: number;
  units: number;
  batch: number;
  timeoutMs: number;
  cached: string;
}

async function runOne(ctx: BenchContext, o: OneRun): Promise<ClusterRun> {
  const temp = ctx.tempDir();
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(o.cached, temp), cleanup: ctx.cleanup });
  const client = createLocalBigQueryClient({ url: server.url, projectId: PROJECT });
  const cluster = new HarperCluster({
    rootDir: temp,
    node: () => ({
      syncSettings: syncSettings(server.url, o.placement, o.replicas, o.units, o.batch),
      threads: 1,
      startTimeoutMs: 300_000,
    }),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await cluster.stop();
    await server.stop();
  };
  ctx.cleanup.add(`stop ${o.nodes}-node cluster`, stop);
  try {
    await createEmptySource(client);
    await cluster.start(o.nodes);
    const nodes = cluster.nodes;
    await waitUntil('units spread over every node', o.timeoutMs, async () => {
      const live = (await leases(nodes[0]!)).filter((l) => Number(l.expiresAt) > Date.now());
      return live.length === o.units && new Set(live.map((l) => String(l.owner))).size === o.nodes;
    });
    const pids: Record<string, number> = { localServer: server.pid, bench: process.pid };
    nodes.forEach((n, i) => (pids[`harper${i}`] = n.pid!));
    const cpu = new CpuMeter(pids);
    const createdAt = Date.now();
    // Polls of the empty table come every second: the first rows are seen up to 1 s late.
    await fillSource(client);
    ctx.log(`source table filled: ${o.rows} rows to sync`);
    let lastCommitAt = createdAt;
    await waitUntil(`${o.rows} rows committed`, o.timeoutMs, async () => {
      const cps = await checkpoints(nodes[0]!);
      const done = cps.reduce((a, c) => a + Number(c.rowsIngested ?? 0), 0);
      lastCommitAt = Math.max(createdAt, ...cps.map((c) => Date.parse(String(c.lastSyncTime ?? '')) || 0));
      return done >= o.rows;
    });
    const cpuUse = cpu.read();
    const syncMs = lastCommitAt - createdAt;
    const expected = o.placement === 'sharded' ? o.replicas + 1 : o.nodes;
    let heldPerNode: number[] = [];
    await waitUntil('every node holds its rows', o.timeoutMs, async () => {
      heldPerNode = await Promise.all(nodes.map((n) => heldRows(n, o.placement === 'sharded')));
      return heldPerNode.reduce((a, b) => a + b, 0) >= o.rows * expected;
    });
    const placedMs = Date.now() - createdAt;
    return {
      nodes: o.nodes,
      placement: o.placement,
      replicas: o.replicas,
      rows: o.rows,
      syncMs,
      placedMs,
      rowsPerSecond: rate(o.rows, syncMs),
      rowsPerSecondPlaced: rate(o.rows, placedMs),
      heldPerNode,
      cpu: cpuUse,
      harperCoresPerNode: nodes.map((_, i) => cpuUse.processes[`harper${i}`] ?? NaN),
    };
  } finally {
    await stop();
  }
}

/** The source table, empty: the nodes poll it (and hold their leases) until rows arrive. */
async function createEmptySource(client: BigQuery): Promise<void> {
  await client.query({
    query: `CREATE TABLE \`${DATASET}.${SOURCE_TABLE}\` AS SELECT * FROM \`${DATASET}.${POSITIONS_TABLE}\` WHERE FALSE`,
  });
}

/** Every cached position into the source table at once (one DML statement). */
async function fillSource(client: BigQuery): Promise<void> {
  await client.query({
    query: `INSERT INTO \`${DATASET}.${SOURCE_TABLE}\` SELECT * FROM \`${DATASET}.${POSITIONS_TABLE}\``,
  });
}

async function leases(node: HarperProcess): Promise<Record<string, unknown>[]> {
  return node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncLease',
    search_attribute: 'tableId',
    search_value: TABLE_ID,
    get_attributes: ['*'],
  });
}

async function checkpoints(node: HarperProcess): Promise<Record<string, unknown>[]> {
  return node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncCheckpoint',
    search_attribute: 'tableId',
    search_value: TABLE_ID,
    get_attributes: ['*'],
  });
}

/**
 * Rows this node holds in full. Replicated: its row count. Sharded: a query that Harper
 * answers from the local store only (`X-Replicate-From: none`), counting records that
 * carry a non-indexed attribute (a node outside a row's placement keeps an index stub).
 */
async function heldRows(node: HarperProcess, sharded: boolean): Promise<number> {
  if (!sharded) {
    const [row] = await node.operation<{ n: number }[]>({
      operation: 'sql',
      sql: 'SELECT COUNT(*) AS n FROM data.VesselPositions',
    });
    return row?.n ?? 0;
  }
  const response = await node.rest('/VesselPositions/?mmsi=gt=0&select(vessel_name)', {
    headers: { 'x-replicate-from': 'none' },
  });
  if (!response.ok) throw new Error(`local query on ${node.host}: ${response.status} ${await response.text()}`);
  const records = (await response.json()) as (Record<string, unknown> | string | null)[];
  return records.filter((r) => (r && typeof r === 'object' ? r.vessel_name != null : r != null)).length;
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(1000);
  }
}

/** The 1, 5 and 15 minute load averages (what `uptime` shows): how shared the machine was. */
function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
