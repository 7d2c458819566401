/**
 * validate: a real Harper with the component syncs a vessel_positions table (1M rows by
 * default) from the local BigQuery server, then validates it through `POST /SyncControl/`
 * (`action: "validate"`): wall time, the run's own duration, bytes billed and query jobs.
 * Then Harper's raw write rate (the raw writer of initial-sync: the sync's converter, 10k-row
 * transactions) alone, while a validation runs, and alone again; the ratio is the run during
 * validation over the mean of the two runs around it (the table grows, so the runs after a
 * write are slower: bracketing keeps that from being charged to validation).
 * `npm run bench -- validate --rows=1000000 --write-rows=100000`.
 */
import type { HarperProcess } from '../src/harper-process/index.js';
import { copyDataFile } from './data/cache.js';
import { positionsDataFile } from './data/datasets.js';
import type { RawWriteResult } from './harper/raw-write.js';
import { positionsSyncSettings } from './initial-sync.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { getJson, postJson, runHarperJob, startBenchHarper } from './lib/harper.js';
import { RAW_TABLE } from './lib/bench-schema.js';
import { CpuMeter, formatCpu, type CpuUse } from './lib/cpu.js';
import { LocalServerProcess } from './lib/local-server.js';
import { rate, round, sleep } from './lib/stats.js';
import { watchInitialSync } from './lib/sync-status.js';

const TABLE_ID = 'vessel_positions';
const MB = 1024 * 1024;

/** The figures of one validation run, from its SyncAudit record. */
interface ValidationRun {
  wallMs: number;
  durationMs: number;
  clean: boolean;
  windows: number;
  sourceRows: number;
  targetRows: number;
  jobs: number;
  bytesProcessed: number;
  bytesBilled: number;
  cpu: CpuUse;
}

interface Command {
  state: string;
  message: string;
}

async function startValidation(harper: HarperProcess): Promise<string> {
  const { id } = await postJson<{ id: string }>(harper, '/SyncControl/', { tableId: TABLE_ID, action: 'validate' });
  return id;
}

async function waitForCommand(harper: HarperProcess, id: string, timeoutMs: number, until: (s: string) => boolean) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await getJson<Command>(harper, `/SyncControl/${id}`);
    if (c.state === 'error') throw new Error(`validation failed: ${c.message}`);
    if (until(c.state)) return c;
    if (Date.now() > deadline) throw new Error(`validation ${id} still ${c.state} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function lastAudit(harper: HarperProcess): Promise<Record<string, unknown>> {
  const records = await harper.operation<{ event: string; at: number; details: Record<string, unknown> }[]>({
    operation: 'search_by_value',
    database: 'bigquery_sync',
    table: 'SyncAudit',
    search_attribute: 'tableId',
    search_value: TABLE_ID,
    get_attributes: ['*'],
  });
  const runs = records.filter((r) => r.event === 'validation').sort((a, b) => Number(a.at) - Number(b.at));
  return runs[runs.length - 1]!.details;
}

async function validateOnce(harper: HarperProcess, pids: Record<string, number>, timeoutMs: number) {
  const cpu = new CpuMeter(pids);
  const started = performance.now();
  const id = await startValidation(harper);
  await waitForCommand(harper, id, timeoutMs, (s) => s === 'done');
  return runOf(await lastAudit(harper), performance.now() - started, cpu.read());
}

function runOf(audit: Record<string, unknown>, wallMs: number, cpu: CpuUse): ValidationRun {
  const n = (k: string) => Number(audit[k]);
  return {
    wallMs: Math.round(wallMs),
    durationMs: n('durationMs'),
    clean: audit.clean === true,
    windows: n('windows'),
    sourceRows: n('sourceRows'),
    targetRows: n('targetRows'),
    jobs: n('jobs'),
    bytesProcessed: n('bytesProcessed'),
    bytesBilled: n('bytesBilled'),
    cpu,
  };
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 1_000_000);
  const writeRows = ctx.options.int('write-rows', 100_000);
  const txnSize = ctx.options.int('txn', 10_000);
  const timeoutMs = ctx.options.int('timeout-s', 1800) * 1000;
  const temp = ctx.tempDir();

  const cached = await positionsDataFile(rows, temp, ctx.log);
  const server = await LocalServerProcess.start({ dataFile: copyDataFile(cached.path, temp), cleanup: ctx.cleanup });
  const settings = positionsSyncSettings(server.url, 10_000);
  // No scheduled runs: the benchmark starts each validation itself.
  settings.validation = { interval: 0 };
  const harper = await startBenchHarper({ syncSettings: settings, cleanup: ctx.cleanup, tempDir: temp });
  const pids = { harper: harper.pid!, localServer: server.pid, bench: process.pid };
  ctx.log(`syncing ${rows} rows into Harper (pid ${String(harper.pid)})`);
  const sync = (await watchInitialSync(harper, { [TABLE_ID]: rows }, { timeoutMs })).get(TABLE_ID)!;
  ctx.log(`synced at ${sync.rowsPerSecond} rows/s; validating`);

  const alone = await validateOnce(harper, pids, timeoutMs);
  ctx.log(`validation alone: ${alone.durationMs} ms, ${alone.bytesBilled} bytes billed, clean ${alone.clean}`);

  const write = (from: number) =>
    runHarperJob<RawWriteResult>(
      harper,
      'BenchRawWrite',
      { rows: writeRows, txnSize, table: RAW_TABLE.table, database: RAW_TABLE.database, from },
      { timeoutMs },
    );
  const before = await write(0);
  ctx.log(`raw write alone: ${rate(before.rows, before.writeMs)} rows/s`);

  const cpu = new CpuMeter(pids);
  const started = performance.now();
  const id = await startValidation(harper);
  await waitForCommand(harper, id, timeoutMs, (s) => s === 'running' || s === 'done');
  const writeStart = performance.now();
  const during = await write(writeRows);
  const writeEnd = performance.now();
  await waitForCommand(harper, id, timeoutMs, (s) => s === 'done');
  const validationEnd = performance.now();
  const concurrent = runOf(await lastAudit(harper), validationEnd - started, cpu.read());
  // Share of the write that ran beside the validation (1 unless the validation ended first).
  const overlap = round(Math.min(1, (validationEnd - writeStart) / (writeEnd - writeStart)), 2);
  ctx.log(`raw write during validation: ${rate(during.rows, during.writeMs)} rows/s (overlap ${overlap})`);

  const after = await write(2 * writeRows);
  const aloneRate = (rate(before.rows, before.writeMs) + rate(after.rows, after.writeMs)) / 2;
  const duringRate = rate(during.rows, during.writeMs);
  const ratio = round(duringRate / aloneRate, 2);
  const msPerMillion = (r: ValidationRun) => Math.round((r.durationMs / r.sourceRows) * 1e6);

  return {
    parameters: { rows, writeRows, txnSize, harperThreads: 1, tablePartitioned: false, windowMs: 3_600_000 },
    results: {
      sync: { rowsPerSecond: sync.rowsPerSecond },
      validation: alone,
      validationDuringWrites: concurrent,
      writes: {
        beforeRowsPerSecond: rate(before.rows, before.writeMs),
        duringRowsPerSecond: duringRate,
        afterRowsPerSecond: rate(after.rows, after.writeMs),
        overlap,
        ratio,
      },
      projection1M: { validationMs: msPerMillion(alone) },
      // Read by the README's runs table (other work on the machine meanwhile).
      cpu: alone.cpu,
    },
    summary: [
      `validation of ${alone.sourceRows} rows (${alone.windows} one-hour windows): ${round(alone.durationMs / 1000, 1)} s ` +
        `(${round(alone.wallMs / 1000, 1)} s from the request), ${alone.jobs} query job(s), ` +
        `${round(alone.bytesBilled / MB, 1)} MiB billed (${round(alone.bytesProcessed / MB, 1)} MiB processed), clean: ${alone.clean}`,
      `= ${round(msPerMillion(alone) / 1000, 1)} s per million rows`,
      `Harper raw writes (${writeRows} rows, ${txnSize}-row txns): ${rate(before.rows, before.writeMs)} rows/s before, ` +
        `${duringRate} during a validation, ${rate(after.rows, after.writeMs)} after; ratio during/alone ${ratio} (overlap ${overlap})`,
      `validation while writing: ${round(concurrent.durationMs / 1000, 1)} s, clean: ${concurrent.clean}`,
      `CPU during the validation alone: ${formatCpu(alone.cpu)}`,
      `CPU during validation + writes: ${formatCpu(concurrent.cpu)}`,
    ],
    notes: [
      'Shared machine: 2 cores used by up to 8 other sessions at the same time (see the CPU lines: other work is "other").',
      'Harper runs one worker thread: the validation scan (fingerprinting each row in JS) and the writes share it.',
      'Bytes are billed by the local server under BigQuery on-demand rules; the table is unpartitioned, so the one summary query scans the key, timestamp and content columns of the whole table.',
      'Raw writes go to a table in its own database, continuing it (from = 0, n, 2n): the runs before and after bracket the one during the validation.',
    ],
  };
}
