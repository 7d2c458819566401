/**
 * Engine micro-benchmark: bulk insertRows throughput and the sync engine's keyset page
 * (`ORDER BY ts, key LIMIT 10000`) at several cursor positions. Short by design (2-core
 * machines shared with other work); numbers go in emulator/README.md.
 *
 *   npm run build && node dist/emulator/engine/bench.js [rows=100000] [pageSize=10000]
 */
import { createDuckDbEngine } from './index.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const PAGE = Number(process.argv[3] ?? 10_000);
const BATCH = 10_000;
const BASE = Date.parse('2024-01-01T00:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const engine = await createDuckDbEngine({});
  const projectId = 'bench';
  const ref = { projectId, datasetId: 'ds', tableId: 'positions' };
  await engine.createDataset(projectId, 'ds', {});
  await engine.createTable(
    ref,
    {
      fields: [
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'key', type: 'STRING' },
        { name: 'vessel', type: 'INT64' },
        { name: 'lat', type: 'FLOAT64' },
        { name: 'lon', type: 'FLOAT64' },
        { name: 'speed', type: 'FLOAT64' },
        { name: 'course', type: 'INT64' },
        { name: 'status', type: 'STRING' },
        { name: 'moored', type: 'BOOL' },
        { name: 'note', type: 'STRING' },
      ],
    },
    {},
  );
  // Three rows per second: timestamp ties on every page boundary.
  const tsOf = (i: number): string => new Date(BASE + Math.floor(i / 3) * 1000).toISOString();
  const keyOf = (i: number): string => 'k' + String(i).padStart(9, '0');
  const started = performance.now();
  for (let i = 0; i < ROWS; i += BATCH) {
    const rows = [];
    for (let k = i; k < Math.min(ROWS, i + BATCH); k++) {
      rows.push({
        ts: tsOf(k),
        key: keyOf(k),
        vessel: k % 1000,
        lat: 12.5 + k / 1e6,
        lon: -3.25,
        speed: 10.5,
        course: k % 360,
        status: 'underway',
        moored: k % 2 === 0,
        note: 'n' + k,
      });
    }
    const r = await engine.insertRows(ref, rows, {});
    if (r.insertErrors.length > 0) throw new Error(JSON.stringify(r.insertErrors[0]));
  }
  const secs = (performance.now() - started) / 1000;
  console.log(`rows=${ROWS} insertRows: ${Math.round(ROWS / secs)} rows/s (${secs.toFixed(2)} s, batches of ${BATCH})`);

  const forms = {
    or: `SELECT ts, key, vessel, lat, lon, speed, course, status, moored, note FROM ds.positions WHERE (ts > @t OR (ts = @t AND key > @k)) ORDER BY ts, key LIMIT ${PAGE}`,
    tuple: `SELECT ts, key, vessel, lat, lon, speed, course, status, moored, note FROM ds.positions WHERE (ts, key) > (@t, @k) ORDER BY ts, key LIMIT ${PAGE}`,
  };
  for (const [name, sql] of Object.entries(forms)) {
    for (const frac of [0, 0.5, 0.95]) {
      const times: number[] = [];
      let rows = 0;
      for (let rep = 0; rep < 7; rep++) {
        const i = Math.floor(ROWS * frac) + rep;
        const t0 = performance.now();
        const r = await engine.query(sql, {
          defaultProjectId: projectId,
          useInt64Timestamp: true,
          queryParameters: [
            { name: 't', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: tsOf(i) } },
            { name: 'k', parameterType: { type: 'STRING' }, parameterValue: { value: keyOf(i) } },
          ],
        });
        times.push(performance.now() - t0);
        rows = r.rows.length;
      }
      console.log(
        `  ${name.padEnd(5)} page at ${String(frac * 100).padStart(2)}%: median ${median(times).toFixed(1)} ms for ${rows} rows (encoded)`,
      );
    }
  }
  await engine.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
