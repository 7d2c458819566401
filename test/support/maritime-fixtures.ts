import type { BigQuery } from '@google-cloud/bigquery';

export const DATASET = 'maritime';

export const SCHEMAS = {
  vessel_positions: [
    { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
    { name: 'vessel_name', type: 'STRING' },
    { name: 'latitude', type: 'FLOAT64' },
    { name: 'longitude', type: 'FLOAT64' },
    { name: 'speed_knots', type: 'FLOAT64' },
    { name: 'status', type: 'STRING' },
  ],
  port_events: [
    { name: 'event_time', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'port_id', type: 'STRING', mode: 'REQUIRED' },
    { name: 'vessel_mmsi', type: 'INT64', mode: 'REQUIRED' },
    { name: 'event_type', type: 'STRING', mode: 'REQUIRED' },
    { name: 'port_name', type: 'STRING' },
  ],
  vessel_metadata: [
    { name: 'last_updated', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
    { name: 'vessel_name', type: 'STRING' },
    { name: 'build_year', type: 'INT64' },
    { name: 'internal_note', type: 'STRING' },
  ],
} as const;

export type TableName = keyof typeof SCHEMAS;

/** Microsecond timestamps from a base, as RFC 3339 text (what insertAll accepts). */
export function isoMicros(baseMs: number, micros: number): string {
  const ms = baseMs + Math.floor(micros / 1000);
  const rest = String(micros % 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${rest}Z`);
}

export const BASE_MS = Date.parse('2026-01-01T00:00:00.000Z');

export function positions(count: number, opts: { tieGroup?: number; startMicros?: number; mmsiOffset?: number } = {}) {
  const tie = opts.tieGroup ?? 0;
  const start = opts.startMicros ?? 0;
  return Array.from({ length: count }, (_, i) => ({
    // The first `tie` rows share one microsecond; the rest are 1 µs apart.
    timestamp: isoMicros(BASE_MS, start + (i < tie ? 0 : i - tie + 1)),
    mmsi: 200_000_000 + (opts.mmsiOffset ?? 0) + i,
    vessel_name: `VESSEL ${i}`,
    latitude: -60 + (i % 120),
    longitude: -170 + (i % 340),
    speed_knots: (i % 250) / 10,
    status: i % 3 === 0 ? 'moored' : 'under_way_using_engine',
  }));
}

export function portEvents(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    event_time: isoMicros(BASE_MS, Math.floor(i / 4) * 1000),
    port_id: ['NLRTM', 'SGSIN', 'CNSHA', 'USLAX'][i % 4]!,
    vessel_mmsi: 200_000_000 + i,
    event_type: i % 2 === 0 ? 'ARRIVAL' : 'DEPARTURE',
    port_name: ['Rotterdam', 'Singapore', 'Shanghai', 'Los Angeles'][i % 4]!,
  }));
}

export function metadata(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    last_updated: isoMicros(BASE_MS, i * 10),
    mmsi: 200_000_000 + i,
    vessel_name: `VESSEL ${i}`,
    build_year: 1990 + (i % 35),
    internal_note: `note ${i}`,
  }));
}

export async function createTables(
  client: BigQuery,
  names: TableName[] = ['vessel_positions', 'port_events', 'vessel_metadata'],
): Promise<void> {
  const [exists] = await client.dataset(DATASET).exists();
  if (!exists) await client.createDataset(DATASET);
  for (const name of names) {
    await client.dataset(DATASET).createTable(name, { schema: { fields: SCHEMAS[name].map((f) => ({ ...f })) } });
  }
}

/** insertAll in chunks (the API caps request size). */
export async function insertRows(client: BigQuery, table: TableName, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await client
      .dataset(DATASET)
      .table(table)
      .insert(rows.slice(i, i + 2000));
  }
}
