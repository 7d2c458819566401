/**
 * Deterministic vessel_positions-like rows: row i alone decides every value, so the loader,
 * the raw Harper writer and the checks all make the same rows without sharing state.
 * Columns and types are the synthesizer's vessel_positions (streams/synthesizer/schema/tables.ts),
 * which schema/maritime.graphql's VesselPositions mirrors (INT64 -> Long).
 */
import type { BigQueryRow, SchemaField } from '../../streams/convert/wire-row.js';
import type { KeySpec } from '../../streams/query/key-spec.js';

export const DATASET = 'bench';

/** Source schema (tables.insert form) of every positions table in the benchmarks. */
export const POSITION_FIELDS: readonly (SchemaField & { mode: string })[] = [
  { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'vessel_name', type: 'STRING', mode: 'NULLABLE' },
  { name: 'latitude', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'longitude', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'speed_knots', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'heading', type: 'INT64', mode: 'NULLABLE' },
  { name: 'course', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'status', type: 'STRING', mode: 'NULLABLE' },
];

/** The sync key of positions: one vessel reports at most once per microsecond. */
export const POSITION_PRIMARY_KEY = ['mmsi', 'timestamp'];
export const POSITION_KEY: KeySpec = {
  kind: 'columns',
  columns: [
    { name: 'mmsi', type: 'INT64' },
    { name: 'timestamp', type: 'TIMESTAMP' },
  ],
};

/** Far enough in the past that every row is older than the sync's settle delay. */
export const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');
/** AIS reports cluster on whole seconds: three rows share each timestamp (cursor ties). */
export const ROWS_PER_TIMESTAMP = 3;
export const VESSELS = 10_000;
const STATUSES = ['under_way_using_engine', 'at_anchor', 'moored'];

export interface PositionValues {
  micros: bigint;
  mmsi: number;
  vessel_name: string;
  latitude: number;
  longitude: number;
  speed_knots: number;
  heading: number;
  course: number;
  status: string;
}

/** Row i's values; `micros` overrides the timestamp (rows made live, e.g. for freshness). */
export function positionValues(i: number, micros?: bigint): PositionValues {
  // 7919 is prime to VESSELS: consecutive rows (one timestamp) are different vessels.
  const vessel = (i * 7919) % VESSELS;
  return {
    micros: micros ?? BigInt(BASE_MS + Math.floor(i / ROWS_PER_TIMESTAMP) * 1000) * 1000n,
    mmsi: 200_000_000 + vessel,
    vessel_name: `VESSEL ${vessel}`,
    latitude: round6((((vessel * 37 + i * 0.00137) % 120) + 120) % 120) - 60,
    longitude: round6((((vessel * 53 + i * 0.00211) % 340) + 340) % 340) - 170,
    speed_knots: (i % 250) / 10,
    heading: i % 360,
    course: (i % 3600) / 10,
    status: STATUSES[vessel % STATUSES.length]!,
  };
}

/** JSON form for insertAll and NDJSON load jobs (timestamps as RFC 3339 with microseconds). */
export function positionJson(v: PositionValues): Record<string, string | number> {
  return {
    timestamp: microsToRfc3339(v.micros),
    mmsi: v.mmsi,
    vessel_name: v.vessel_name,
    latitude: v.latitude,
    longitude: v.longitude,
    speed_knots: v.speed_knots,
    heading: v.heading,
    course: v.course,
    status: v.status,
  };
}

/** The REST wire form a query returns (every scalar a string; TIMESTAMP as int64 micros). */
export function positionWire(v: PositionValues): BigQueryRow {
  return {
    timestamp: v.micros.toString(),
    mmsi: String(v.mmsi),
    vessel_name: v.vessel_name,
    latitude: String(v.latitude),
    longitude: String(v.longitude),
    speed_knots: String(v.speed_knots),
    heading: String(v.heading),
    course: String(v.course),
    status: v.status,
  };
}

export function microsToRfc3339(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const rest = String(micros % 1000n).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${rest}Z`);
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
