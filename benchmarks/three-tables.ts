/**
 * three-tables: positions, port events and vessel metadata synced at once by one Harper
 * (one pipeline each, all on the same worker): total rows per second and per table.
 */
import { PROJECT, copyDataFile } from './data/cache.js';
import { METADATA_TABLE, PORT_EVENTS_TABLE, POSITIONS_TABLE, maritimeDataFile } from './data/datasets.js';
import { METADATA_PRIMARY_KEY, PORT_EVENT_PRIMARY_KEY } from './data/maritime.js';
import { DATASET, POSITION_PRIMARY_KEY } from './data/positions.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { harperCount, startBenchHarper } from './lib/harper.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { MemorySampler } from './lib/proc-memory.js';
import { round } from './lib/stats.js';
import { watchInitialSync } from './lib/sync-status.js';

const TABLES = [
  {
    id: 'vessel_positions',
    table: POSITIONS_TABLE,
    ts: 'timestamp',
    key: POSITION_PRIMARY_KEY,
    target: 'VesselPositions',
  },
  { id: 'port_events', table: PORT_EVENTS_TABLE, ts: 'event_time', key: PORT_EVENT_PRIMARY_KEY, target: 'PortEvents' },
  {
    id: 'vessel_metadata',
    table: METADATA_TABLE,
    ts: 'last_updated',
    key: METADATA_PRIMARY_KEY,
    target: 'VesselMetadata',
  },
] as const;

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const counts = {
    positions: ctx.options.int('positions', 300_000),
    events: ctx.options.int('events', 30_000),
    eventsTieGroup: Math.min(ctx.options.int('events-tie', 15_000), ctx.options.int('events', 30_000)),
    metadata: ctx.options.int('metadata', 10_000),
  };
  const batchSize = ctx.options.int('batch', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 600) * 1000;
  const expected: Record<string, number> = {
    vessel_positions: counts.positions,
    port_events: counts.events,
    vessel_metadata: counts.metadata,
  };
  const total = counts.positions + counts.events + counts.metadata;
  const temp = ctx.tempDir();

  const cached = await maritimeDataFile(counts, temp, ctx.log);
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, temp), cleanup: ctx.cleanup });
  const serverMemory = new MemorySampler(server.pid).start();
  ctx.cleanup.add('stop server memory sampler', () => serverMemory.stop());
  const harper = await startBenchHarper({
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: server.url,
        tables: TABLES.map((t) => ({
          id: t.id,
          dataset: DATASET,
          table: t.table,
          timestampColumn: t.ts,
          primaryKey: t.key,
          targetTable: t.target,
          sync: { initialBatchSize: batchSize },
        })),
      },
      sync: { settleDelay: '1s', pollInterval: '5s' },
    },
    cleanup: ctx.cleanup,
    tempDir: temp,
  });
  const harperMemory = new MemorySampler(harper.pid!).start();
  ctx.cleanup.add('stop Harper memory sampler', () => harperMemory.stop());
  ctx.log(`Harper pid ${String(harper.pid)} syncing ${total} rows from three tables at once`);

  const cpuMeter = new CpuMeter({ harper: harper.pid!, localServer: server.pid, bench: process.pid });
  const timings = await watchInitialSync(harper, expected, { timeoutMs });
  const cpu = cpuMeter.read();
  const all = [...timings.values()];
  const start = Math.min(...all.map((t) => t.startedAt));
  const end = Math.max(...all.map((t) => t.lastCommitAt));
  const totalRate = Math.round((total * 1000) / (end - start));
  // Exactness, reported (not asserted): every source row is in Harper once.
  const inHarper: Record<string, number> = {};
  for (const t of TABLES) inHarper[t.id] = await harperCount(harper, t.target);
  const harperMem = harperMemory.summary();
  const serverMem = serverMemory.summary();
  return {
    parameters: { ...counts, batchSize, harperThreads: 1 },
    results: {
      totalRowsPerSecond: totalRate,
      rowsInHarper: inHarper,
      wallMs: end - start,
      tables: Object.fromEntries(
        all.map((t) => [t.tableId, { ...t, secondsFromStart: round((t.lastCommitAt - start) / 1000, 1) }]),
      ),
      cpu,
      memory: { harperPeakRssMiB: harperMem.peakRssMiB, localServerPeakRssMiB: serverMem.peakRssMiB },
    },
    summary: [
      `total: ${totalRate} rows/s (${total} rows in ${round((end - start) / 1000, 1)} s, from the pipelines' start to the last commit)`,
      ...all.map(
        (t) =>
          `${t.tableId}: ${t.rows} rows done after ${round((t.lastCommitAt - start) / 1000, 1)} s` +
          (t.rowsAtFirstSeen < t.rows ? `, ${t.rowsPerSecond} rows/s first->last commit (sharing the worker)` : ''),
      ),
      `CPU: ${formatCpu(cpu)}`,
      `rows in Harper (exact COUNT): ${TABLES.map((t) => `${t.target} ${inHarper[t.id]} of ${expected[t.id]}`).join(', ')}` +
        ` (the first ${counts.eventsTieGroup} port events share one timestamp; pages of ${batchSize})`,
      `peak RSS: Harper ${harperMem.peakRssMiB} MiB, local server ${serverMem.peakRssMiB} MiB`,
    ],
    notes: ['The three pipelines share one Harper worker thread and one local server.'],
  };
}
