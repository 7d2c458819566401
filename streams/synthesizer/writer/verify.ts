import { PORTS } from '../data/ports.js';
import type { TableName } from '../rows.js';
import type { ScenarioCounts } from '../scenarios/presets.js';
import { stats } from './stats.js';
import { selectTables, SHORT_NAME } from './table-names.js';
import { sqlTable, type SynthesizerTarget } from './target.js';

export interface VerifyOptions {
  readonly tables?: readonly TableName[];
  /** Exact row counts to expect (e.g. a scenario's counts); without them a table only has to be non-empty. */
  readonly expected?: Partial<ScenarioCounts>;
  /** How far from the port's terminal an ARRIVAL's vessel may be. Default 6 km (arrivals fire at 4 km). */
  readonly arrivalRadiusKm?: number;
  /** How far in time from the ARRIVAL that position may be. Default 300 s. */
  readonly arrivalWindowSeconds?: number;
  /** Failing rows to show per check. Default 5. */
  readonly examples?: number;
}

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
}

const KM_PER_DEG_LAT = 111.195;

/**
 * Counts per table, then the relations between tables, all through BigQuery SQL: every
 * vessel in port_events and vessel_positions has a vessel_metadata row, and every ARRIVAL
 * has a position report of the same vessel near the port around that time. The local
 * server has no trigonometry, so distances use an equirectangular approximation with the
 * cosine of each port's latitude computed here and passed in with the port list (accurate
 * to well under 1% at a few km).
 */
export async function verify(target: SynthesizerTarget, options: VerifyOptions = {}): Promise<VerifyReport> {
  const tables = selectTables(options.tables);
  const checks: VerifyCheck[] = [];
  const present = new Set<TableName>();
  for (const s of await stats(target, { tables })) {
    if (!s.exists) {
      checks.push({ name: `${s.table} exists`, ok: false, detail: `table ${target.datasetId}.${s.table} not found` });
      continue;
    }
    present.add(s.table);
    const want = options.expected?.[SHORT_NAME[s.table]];
    checks.push(
      want === undefined
        ? { name: `${s.table} has rows`, ok: s.rows > 0, detail: `${s.rows} rows` }
        : { name: `${s.table} row count`, ok: s.rows === want, detail: `${s.rows} rows, expected ${want}` },
    );
  }
  const limit = options.examples ?? 5;
  if (present.has('vessel_metadata')) {
    if (present.has('port_events')) {
      checks.push(await vesselsKnown(target, 'port_events', 'vessel_mmsi', limit));
    }
    if (present.has('vessel_positions')) {
      checks.push(await vesselsKnown(target, 'vessel_positions', 'mmsi', limit));
    }
  }
  if (present.has('port_events') && present.has('vessel_positions')) {
    checks.push(
      await arrivalsHavePositions(target, options.arrivalRadiusKm ?? 6, options.arrivalWindowSeconds ?? 300, limit),
    );
  }
  return { ok: checks.every((c) => c.ok), checks };
}

async function vesselsKnown(
  target: SynthesizerTarget,
  table: TableName,
  column: string,
  limit: number,
): Promise<VerifyCheck> {
  const [rows] = await target.bigquery.query({
    query:
      `WITH unknown AS (SELECT DISTINCT x.${column} AS mmsi FROM ${sqlTable(target, table)} x ` +
      `LEFT JOIN (SELECT DISTINCT mmsi FROM ${sqlTable(target, 'vessel_metadata')}) m ON m.mmsi = x.${column} ` +
      `WHERE m.mmsi IS NULL) ` +
      `SELECT mmsi, COUNT(*) OVER () AS total FROM unknown ORDER BY mmsi LIMIT ${limit}`,
  });
  const list = rows as { mmsi: number; total: number }[];
  const total = Number(list[0]?.total ?? 0);
  return {
    name: `every ${table} vessel is in vessel_metadata`,
    ok: total === 0,
    detail:
      total === 0
        ? 'all vessels known'
        : `${total} vessel(s) missing from vessel_metadata, e.g. ${list.map((r) => r.mmsi).join(', ')}`,
  };
}

async function arrivalsHavePositions(
  target: SynthesizerTarget,
  radiusKm: number,
  windowSeconds: number,
  limit: number,
): Promise<VerifyCheck> {
  const ports = PORTS.map((p) => ({
    id: p.locode,
    lat: p.lat,
    lon: p.lon,
    kx: KM_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180),
  }));
  // dlon is folded into [-180, 180] so ports near the antimeridian measure the short way.
  const query = `
    WITH ports AS (SELECT p.id, p.lat, p.lon, p.kx FROM UNNEST(@ports) AS p),
    arrivals AS (
      SELECT e.vessel_mmsi, e.port_id, e.event_time, p.lat AS port_lat, p.lon AS port_lon, p.kx
      FROM ${sqlTable(target, 'port_events')} e LEFT JOIN ports p ON p.id = e.port_id
      WHERE e.event_type = 'ARRIVAL'),
    nearest AS (
      SELECT a.vessel_mmsi, a.port_id, a.event_time,
        MIN(SQRT(POW((v.latitude - a.port_lat) * ${KM_PER_DEG_LAT}, 2) +
          POW(((v.longitude - a.port_lon) - 360 * ROUND((v.longitude - a.port_lon) / 360)) * a.kx, 2))) AS km
      FROM arrivals a LEFT JOIN ${sqlTable(target, 'vessel_positions')} v
        ON v.mmsi = a.vessel_mmsi
        AND ABS(UNIX_MICROS(v.timestamp) - UNIX_MICROS(a.event_time)) <= @window_us
      GROUP BY a.vessel_mmsi, a.port_id, a.event_time)
    SELECT vessel_mmsi, port_id, FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', event_time) AS event_time, km,
      COUNT(*) OVER () AS arrivals,
      COUNTIF(km IS NULL OR km > @radius_km) OVER () AS failing
    FROM nearest
    ORDER BY (km IS NULL OR km > @radius_km) DESC, event_time
    LIMIT ${limit}`;
  const [rows] = await target.bigquery.query({
    query,
    params: { ports, window_us: windowSeconds * 1_000_000, radius_km: radiusKm },
    types: {
      ports: [{ id: 'STRING', lat: 'FLOAT64', lon: 'FLOAT64', kx: 'FLOAT64' }],
      window_us: 'INT64',
      radius_km: 'FLOAT64',
    },
  });
  const list = rows as {
    vessel_mmsi: number;
    port_id: string;
    event_time: string;
    km: number | null;
    arrivals: number;
    failing: number;
  }[];
  const arrivals = Number(list[0]?.arrivals ?? 0);
  const failing = Number(list[0]?.failing ?? 0);
  const bad = list.filter((r) => r.km === null || r.km > radiusKm);
  const examples = bad.map(
    (r) =>
      `${r.vessel_mmsi} at ${r.port_id} ${r.event_time} (${r.km === null ? 'no position in window' : `nearest ${r.km.toFixed(1)} km`})`,
  );
  return {
    name: `every ARRIVAL has a position within ${radiusKm} km and ${windowSeconds} s`,
    ok: failing === 0,
    detail:
      failing === 0
        ? `${arrivals} arrivals checked`
        : `${failing} of ${arrivals} arrivals have no such position, e.g. ${examples.join('; ')}`,
  };
}
