/**
 * Port events and vessel metadata for the three-table benchmark: deterministic like the
 * positions, with the synthesizer's columns and types (schema/maritime.graphql mirrors them).
 */
import { BASE_MS, VESSELS, microsToRfc3339 } from './positions.js';

export const PORT_EVENT_FIELDS = [
  { name: 'event_time', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'port_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'port_name', type: 'STRING', mode: 'NULLABLE' },
  { name: 'vessel_mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'event_type', type: 'STRING', mode: 'REQUIRED' },
  { name: 'latitude', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'longitude', type: 'FLOAT64', mode: 'NULLABLE' },
] as const;
export const PORT_EVENT_PRIMARY_KEY = ['port_id', 'vessel_mmsi', 'event_type', 'event_time'];

export const METADATA_FIELDS = [
  { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'imo', type: 'INT64', mode: 'NULLABLE' },
  { name: 'vessel_name', type: 'STRING', mode: 'NULLABLE' },
  { name: 'call_sign', type: 'STRING', mode: 'NULLABLE' },
  { name: 'vessel_type', type: 'STRING', mode: 'NULLABLE' },
  { name: 'flag', type: 'STRING', mode: 'NULLABLE' },
  { name: 'length_m', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'beam_m', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'draft_m', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'build_year', type: 'INT64', mode: 'NULLABLE' },
  { name: 'last_updated', type: 'TIMESTAMP', mode: 'REQUIRED' },
] as const;
export const METADATA_PRIMARY_KEY = ['mmsi'];

const PORTS = [
  ['NLRTM', 'Rotterdam', 51.95, 4.14],
  ['SGSIN', 'Singapore', 1.26, 103.82],
  ['CNSHA', 'Shanghai', 31.23, 121.49],
  ['USLAX', 'Los Angeles', 33.73, -118.26],
  ['DEHAM', 'Hamburg', 53.54, 9.98],
  ['AEJEA', 'Jebel Ali', 25.01, 55.06],
] as const;
const EVENT_TYPES = ['ARRIVAL', 'ANCHORED', 'BERTHED', 'DEPARTURE'];
const VESSEL_TYPES = ['container', 'tanker', 'bulk_carrier', 'cargo', 'passenger', 'fishing'];
const FLAGS = ['PA', 'LR', 'MH', 'SG', 'MT', 'GR', 'NL', 'NO'];

/**
 * Event i: a vessel calls a port; four events per second of source time, except that the
 * first `tieGroup` events all share one microsecond (the old plugin lost rows exactly there).
 */
export function portEventJson(i: number, tieGroup = 0): Record<string, string | number> {
  const port = PORTS[i % PORTS.length]!;
  const seconds = i < tieGroup ? 0 : 1 + Math.floor((i - tieGroup) / 4);
  const micros = BigInt(BASE_MS + seconds * 1000) * 1000n;
  return {
    event_time: microsToRfc3339(micros),
    port_id: port[0],
    port_name: port[1],
    vessel_mmsi: 200_000_000 + ((i * 104_729) % VESSELS),
    event_type: EVENT_TYPES[i % EVENT_TYPES.length]!,
    latitude: port[2],
    longitude: port[3],
  };
}

/** Metadata row i: vessel i's registry entry, one per vessel (unique mmsi up to VESSELS, then updates). */
export function metadataJson(i: number): Record<string, string | number> {
  const vessel = i % VESSELS;
  return {
    mmsi: 200_000_000 + vessel,
    imo: 9_000_000 + vessel,
    vessel_name: `VESSEL ${vessel}`,
    call_sign: `C${String(vessel).padStart(5, '0')}`,
    vessel_type: VESSEL_TYPES[vessel % VESSEL_TYPES.length]!,
    flag: FLAGS[vessel % FLAGS.length]!,
    length_m: 50 + (vessel % 300),
    beam_m: 10 + (vessel % 50),
    draft_m: 3 + (vessel % 15) + (i % 10) / 10,
    build_year: 1980 + (vessel % 45),
    last_updated: microsToRfc3339(BigInt(BASE_MS + i * 10_000) * 1000n),
  };
}
