/**
 * rest-encoding: what the local server spends turning a query result into the REST wire form
 * (`{f:[{v}]}` rows with BigQuery's value text, then the JSON the server writes), for rows of
 * the vessel-positions shape: INT64, FLOAT64 x4, STRING, TIMESTAMP (int64 micros, as the
 * official client asks). In-process, no HTTP, so only the encoder is measured:
 * - the FLOAT64 text alone, old (`formatFloat64Reference`) vs current (`formatFloat64`);
 * - the whole row path, DuckDB chunks -> wire rows -> JSON in the server's 2,000-row slices,
 *   once with FLOAT64 through the old text (before) and once through `runAndEncode` exactly as
 *   the server runs it (after).
 * Each measurement is repeated (`--reps`) and the median kept; a first untimed pass warms up.
 * Figures are per CPU time of this process (user + system), which other work on a shared
 * machine moves far less than wall time; wall time is reported beside it.
 */
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { runAndEncode } from '../emulator/engine/results.js';
import { formatFloat64, formatFloat64Reference } from '../emulator/types/numbers.js';
import { compileEncoder, nullWireValue, type Encoder, type WireOptions } from '../emulator/types/wire.js';
import type { BenchContext, BenchOutcome } from './lib/context.js';
import { CpuMeter, formatCpu } from './lib/cpu.js';
import { median, rate, round } from './lib/stats.js';

const WIRE: WireOptions = { useInt64Timestamp: true };
const COLUMNS = 7;
const FLOAT_COLUMNS = ['lat', 'lon', 'speed', 'course'] as const;
/** Rows per JSON slice, as the server's writeReply streams a large page. */
const SLICE = 2000;

interface PathFigure {
  /** Median CPU milliseconds of one pass (user + system, all threads of this process). */
  cpuMs: number;
  /** Median wall milliseconds of one pass. */
  wallMs: number;
  /** CPU microseconds per value (row x column). */
  microsPerValue: number;
  /** Rows per CPU second. */
  rowsPerSecond: number;
  jsonBytes: number;
}

/** CPU milliseconds of this process so far (user + system). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A positions-shaped table with full-precision doubles (what computed positions look like). */
async function createPositions(conn: DuckDBConnection, rows: number): Promise<void> {
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`SELECT setseed(0.42)`);
  await conn.run(
    `CREATE TABLE positions AS SELECT
       (200000000 + i)::BIGINT AS mmsi,
       random() * 180 - 90 AS lat,
       random() * 360 - 180 AS lon,
       random() * 25 AS speed,
       random() * 360 AS course,
       'VESSEL ' || (i % 5000)::VARCHAR AS name,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1000003) AS ts
     FROM range(${rows}) t(i) ORDER BY i`,
  );
}

const SELECT = `SELECT mmsi, lat, lon, speed, course, name, ts FROM positions ORDER BY ts`;

/** JSON text the way the server writes a large page: slices of rows, joined. */
function jsonBytes(rows: readonly unknown[]): number {
  let bytes = 0;
  for (let i = 0; i < rows.length; i += SLICE) bytes += JSON.stringify(rows.slice(i, i + SLICE)).length;
  return bytes;
}

/** The row loop of runAndEncode with the FLOAT64 columns through the old text: the "before". */
async function encodeWithReferenceFloats(conn: DuckDBConnection): Promise<unknown[]> {
  const result = await conn.run(SELECT);
  const types = result.columnTypes();
  const encoders: Encoder[] = types.map((t) =>
    t.typeId === DuckDBTypeId.DOUBLE
      ? (v: DuckDBValue) => formatFloat64Reference(v as number)
      : compileEncoder(t, WIRE),
  );
  const nulls = types.map(nullWireValue);
  const width = encoders.length;
  const rows: unknown[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vectors = encoders.map((_, c) => chunk.getColumnVector(c));
    for (let r = 0; r < chunk.rowCount; r++) {
      const f: { v: unknown }[] = new Array<{ v: unknown }>(width);
      for (let c = 0; c < width; c++) {
        const v = vectors[c]!.getItem(r);
        f[c] = { v: v === null ? nulls[c] : encoders[c]!(v) };
      }
      rows.push({ f });
    }
  }
  return rows;
}

async function encodeAsServed(conn: DuckDBConnection): Promise<unknown[]> {
  return (await runAndEncode(conn, SELECT, [], [], WIRE)).rows;
}

async function timePath(reps: number, rows: number, encode: () => Promise<unknown[]>): Promise<PathFigure> {
  const cpu: number[] = [];
  const wall: number[] = [];
  let bytes = 0;
  for (let rep = 0; rep <= reps; rep++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const encoded = await encode();
    bytes = jsonBytes(encoded);
    const wallMs = performance.now() - t0;
    const cpuUsed = cpuMs() - c0;
    if (encoded.length !== rows) throw new Error(`encoded ${encoded.length} rows, expected ${rows}`);
    if (rep === 0) continue; // the first pass warms up the JIT
    cpu.push(cpuUsed);
    wall.push(wallMs);
  }
  const ms = median(cpu);
  return {
    cpuMs: round(ms, 1),
    wallMs: round(median(wall), 1),
    microsPerValue: round((ms * 1000) / (rows * COLUMNS), 2),
    rowsPerSecond: rate(rows, ms),
    jsonBytes: bytes,
  };
}

/** CPU microseconds per call of a FLOAT64 formatter over the table's doubles (median of reps). */
function timeFormatter(reps: number, values: Float64Array, format: (x: number) => string): number {
  const times: number[] = [];
  let sink = 0;
  for (let rep = 0; rep <= reps; rep++) {
    const c0 = cpuMs();
    for (let i = 0; i < values.length; i++) sink += format(values[i]!).length;
    if (rep > 0) times.push(cpuMs() - c0);
  }
  if (sink === 0) throw new Error('no output');
  return round((median(times) * 1000) / values.length, 3);
}

async function floatValues(conn: DuckDBConnection): Promise<Float64Array> {
  const reader = await conn.runAndReadAll(`SELECT ${FLOAT_COLUMNS.join(', ')} FROM positions`);
  const columns = reader.getColumns() as number[][];
  const out = new Float64Array(columns.length * (columns[0]?.length ?? 0));
  let k = 0;
  for (const column of columns) for (const x of column) out[k++] = x;
  return out;
}

export async function run(ctx: BenchContext): Promise<BenchOutcome> {
  const rows = ctx.options.int('rows', 100_000);
  const reps = ctx.options.int('reps', 5);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  ctx.cleanup.add('close DuckDB', () => {
    conn.closeSync();
    instance.closeSync();
  });
  ctx.log(`creating ${rows} positions-shaped rows in DuckDB`);
  await createPositions(conn, rows);

  const meter = new CpuMeter({ bench: process.pid });
  const doubles = await floatValues(conn);
  ctx.log(`FLOAT64 text over ${doubles.length} values`);
  const floatBefore = timeFormatter(reps, doubles, formatFloat64Reference);
  const floatAfter = timeFormatter(reps, doubles, formatFloat64);

  ctx.log(`row path, before (old FLOAT64 text)`);
  const before = await timePath(reps, rows, () => encodeWithReferenceFloats(conn));
  ctx.log(`row path, after (runAndEncode as the server runs it)`);
  const after = await timePath(reps, rows, () => encodeAsServed(conn));
  const cpu = meter.read();
  // The change must not move a byte of the wire form.
  const identical =
    JSON.stringify(await encodeWithReferenceFloats(conn)) === JSON.stringify(await encodeAsServed(conn));
  if (!identical) throw new Error('the before and after row paths wrote different JSON');

  return {
    parameters: { rows, reps, columns: 'INT64, FLOAT64 x4, STRING, TIMESTAMP (int64 micros)' },
    results: {
      float64Text: {
        values: doubles.length,
        microsPerValueBefore: floatBefore,
        microsPerValueAfter: floatAfter,
        speedup: round(floatBefore / floatAfter, 1),
      },
      rowPath: { before, after, speedup: round(before.cpuMs / after.cpuMs, 1), identicalJson: identical },
      cpu,
    },
    summary: [
      `FLOAT64 text: ${floatBefore} -> ${floatAfter} µs/value (${round(floatBefore / floatAfter, 1)}x)`,
      `row path (DuckDB -> wire rows -> JSON), before: ${before.microsPerValue} µs/value, ${before.rowsPerSecond} rows/CPU-s (wall ${before.wallMs} ms)`,
      `row path, after: ${after.microsPerValue} µs/value, ${after.rowsPerSecond} rows/CPU-s (wall ${after.wallMs} ms; ${round(before.cpuMs / after.cpuMs, 1)}x)`,
    ],
    notes: [
      `CPU while measuring: ${formatCpu(cpu)}`,
      'In-process, no HTTP. µs/value = CPU time of the row path / (rows x 7 columns); rows/CPU-s likewise.',
      'Before = the row loop and the FLOAT64 text (formatFloat64Reference) as they were before this change.',
    ],
  };
}
