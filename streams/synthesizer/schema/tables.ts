import type { TableName } from '../rows.js';

/** REST TableFieldSchema, as BigQuery's tables.insert takes it. */
export interface BqField {
  readonly name: string;
  readonly type: 'TIMESTAMP' | 'INT64' | 'FLOAT64' | 'STRING';
  readonly mode: 'REQUIRED' | 'NULLABLE';
  readonly description: string;
}

/** The parts of a REST Table resource the synthesizer's tables need. */
export interface BqTableDefinition {
  readonly tableReference: { readonly tableId: TableName };
  readonly description: string;
  readonly schema: { readonly fields: readonly BqField[] };
  /** Daily partitions on the event-time column: the sync's range scans prune to a few days. */
  readonly timePartitioning: { readonly type: 'DAY'; readonly field: string };
  /** Clustered on the vessel: per-vessel lookups and the sync's key order read little. */
  readonly clustering: { readonly fields: readonly string[] };
}

const f = (name: string, type: BqField['type'], mode: BqField['mode'], description: string): BqField => ({
  name,
  type,
  mode,
  description,
});

export const VESSEL_POSITIONS_TABLE: BqTableDefinition = {
  tableReference: { tableId: 'vessel_positions' },
  description: 'AIS position reports (synthetic).',
  schema: {
    fields: [
      f('timestamp', 'TIMESTAMP', 'REQUIRED', 'Report time, microsecond precision, UTC.'),
      f('mmsi', 'INT64', 'REQUIRED', 'Maritime Mobile Service Identity: 9 digits, first 3 = flag MID.'),
      f('vessel_name', 'STRING', 'NULLABLE', 'Name from AIS static data, upper case, at most 20 characters.'),
      f('latitude', 'FLOAT64', 'REQUIRED', 'Degrees north, WGS 84, 6 decimals.'),
      f('longitude', 'FLOAT64', 'REQUIRED', 'Degrees east, WGS 84, 6 decimals.'),
      f('speed_knots', 'FLOAT64', 'NULLABLE', 'Speed over ground, knots, 1 decimal.'),
      f('heading', 'INT64', 'NULLABLE', 'True heading, whole degrees 0-359.'),
      f('course', 'FLOAT64', 'NULLABLE', 'Course over ground, degrees 0-359.9.'),
      f('status', 'STRING', 'NULLABLE', 'AIS navigational status, e.g. under_way_using_engine, at_anchor, moored.'),
    ],
  },
  timePartitioning: { type: 'DAY', field: 'timestamp' },
  clustering: { fields: ['mmsi'] },
};

export const PORT_EVENTS_TABLE: BqTableDefinition = {
  tableReference: { tableId: 'port_events' },
  description: 'Port calls: arrivals, anchoring, berthing and departures (synthetic).',
  schema: {
    fields: [
      f('event_time', 'TIMESTAMP', 'REQUIRED', 'When the vessel crossed the port limit, anchored, berthed or left.'),
      f('port_id', 'STRING', 'REQUIRED', 'UN/LOCODE of the port.'),
      f('port_name', 'STRING', 'NULLABLE', 'Port name.'),
      f('vessel_mmsi', 'INT64', 'REQUIRED', 'MMSI of the vessel.'),
      f('event_type', 'STRING', 'REQUIRED', 'ARRIVAL, ANCHORED, UNDERWAY, BERTHED or DEPARTURE.'),
      f('latitude', 'FLOAT64', 'NULLABLE', 'Vessel latitude at the event.'),
      f('longitude', 'FLOAT64', 'NULLABLE', 'Vessel longitude at the event.'),
    ],
  },
  timePartitioning: { type: 'DAY', field: 'event_time' },
  clustering: { fields: ['vessel_mmsi'] },
};

export const VESSEL_METADATA_TABLE: BqTableDefinition = {
  tableReference: { tableId: 'vessel_metadata' },
  description: 'Vessel registry rows and their later updates, a slowly changing dimension (synthetic).',
  schema: {
    fields: [
      f('mmsi', 'INT64', 'REQUIRED', 'Maritime Mobile Service Identity.'),
      f('imo', 'INT64', 'NULLABLE', 'IMO number, 7 digits with check digit; null for small craft.'),
      f('vessel_name', 'STRING', 'REQUIRED', 'Vessel name as of last_updated.'),
      f('call_sign', 'STRING', 'NULLABLE', 'Radio call sign.'),
      f(
        'vessel_type',
        'STRING',
        'REQUIRED',
        'container, tanker, bulk_carrier, cargo, ro_ro, passenger, fishing, tug, pilot, sailing, pleasure_craft.',
      ),
      f('flag', 'STRING', 'REQUIRED', 'Flag state, ISO 3166-1 alpha-2.'),
      f('length_m', 'FLOAT64', 'NULLABLE', 'Length overall, metres.'),
      f('beam_m', 'FLOAT64', 'NULLABLE', 'Beam, metres.'),
      f('draft_m', 'FLOAT64', 'NULLABLE', 'Current draught, metres.'),
      f('build_year', 'INT64', 'NULLABLE', 'Year built.'),
      f('last_updated', 'TIMESTAMP', 'REQUIRED', 'When this version of the record took effect.'),
    ],
  },
  timePartitioning: { type: 'DAY', field: 'last_updated' },
  clustering: { fields: ['mmsi'] },
};

export const SYNTHESIZER_TABLES: { readonly [T in TableName]: BqTableDefinition } = {
  vessel_positions: VESSEL_POSITIONS_TABLE,
  port_events: PORT_EVENTS_TABLE,
  vessel_metadata: VESSEL_METADATA_TABLE,
};
