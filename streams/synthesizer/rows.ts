/**
 * Row shapes of the three BigQuery tables, as plain objects in BigQuery JSON form:
 * TIMESTAMP as RFC 3339 text with six fractional digits, INT64 and FLOAT64 as JS numbers
 * (every INT64 here is below 2^53), STRING as text, NULL as null.
 */

/** AIS navigational status (ITU-R M.1371 message 1-3 field), in snake case. */
export type NavStatus =
  | 'under_way_using_engine'
  | 'at_anchor'
  | 'not_under_command'
  | 'restricted_manoeuvrability'
  | 'constrained_by_draught'
  | 'moored'
  | 'aground'
  | 'engaged_in_fishing'
  | 'under_way_sailing';

export type PortEventType = 'ARRIVAL' | 'DEPARTURE' | 'BERTHED' | 'ANCHORED' | 'UNDERWAY';

export interface VesselPositionRow {
  timestamp: string;
  mmsi: number;
  /** Optional: AIS static data may not have been received yet. */
  vessel_name: string | null;
  latitude: number;
  longitude: number;
  /** Optional (AIS "not available"). Knots, one decimal. */
  speed_knots: number | null;
  /** Optional (AIS 511 = not available). True heading, whole degrees 0-359. */
  heading: number | null;
  /** Optional. Course over ground, degrees 0-359.9. */
  course: number | null;
  /** Optional. */
  status: NavStatus | null;
}

export interface PortEventRow {
  event_time: string;
  /** UN/LOCODE. */
  port_id: string;
  /** Optional. */
  port_name: string | null;
  vessel_mmsi: number;
  event_type: PortEventType;
  /** Optional: where the vessel was when the event fired. */
  latitude: number | null;
  longitude: number | null;
}

export interface VesselMetadataRow {
  mmsi: number;
  /** Optional: small craft have none. */
  imo: number | null;
  vessel_name: string;
  /** Optional. */
  call_sign: string | null;
  vessel_type: string;
  flag: string;
  /** Optional dimensions, metres. */
  length_m: number | null;
  beam_m: number | null;
  draft_m: number | null;
  /** Optional. */
  build_year: number | null;
  last_updated: string;
}

export type TableName = 'vessel_positions' | 'port_events' | 'vessel_metadata';

export interface RowOf {
  vessel_positions: VesselPositionRow;
  port_events: PortEventRow;
  vessel_metadata: VesselMetadataRow;
}

/** Columns the null knob may blank; every other column is REQUIRED in the schema. */
export const OPTIONAL_COLUMNS: { readonly [T in TableName]: readonly (keyof RowOf[T] & string)[] } = {
  vessel_positions: ['vessel_name', 'speed_knots', 'heading', 'course', 'status'],
  port_events: ['port_name', 'latitude', 'longitude'],
  vessel_metadata: ['imo', 'call_sign', 'length_m', 'beam_m', 'draft_m', 'build_year'],
};

/** The column holding each table's event time (partitioning column, sync cursor column). */
export const TIME_COLUMN: { readonly [T in TableName]: keyof RowOf[T] & string } = {
  vessel_positions: 'timestamp',
  port_events: 'event_time',
  vessel_metadata: 'last_updated',
};

/** The column naming the vessel (clustering column). */
export const VESSEL_COLUMN: { readonly [T in TableName]: keyof RowOf[T] & string } = {
  vessel_positions: 'mmsi',
  port_events: 'vessel_mmsi',
  vessel_metadata: 'mmsi',
};
