import type { ScenarioCounts } from '../scenarios/presets.js';
import type { TableName } from '../rows.js';

/** The three tables in a fixed order: metadata first, so vessels exist before anything refers to them. */
export const ALL_TABLES: readonly TableName[] = ['vessel_metadata', 'port_events', 'vessel_positions'];

/** Short names used on the command line and in rate maps, matching the ScenarioCounts keys. */
export type ShortTableName = keyof ScenarioCounts;

export const SHORT_NAME: { readonly [T in TableName]: ShortTableName } = {
  vessel_positions: 'positions',
  port_events: 'events',
  vessel_metadata: 'metadata',
};

const BY_ALIAS: ReadonlyMap<string, TableName> = new Map<string, TableName>([
  ['positions', 'vessel_positions'],
  ['vessel_positions', 'vessel_positions'],
  ['events', 'port_events'],
  ['port_events', 'port_events'],
  ['metadata', 'vessel_metadata'],
  ['vessel_metadata', 'vessel_metadata'],
]);

/** `positions` or `vessel_positions` -> `vessel_positions`; undefined for anything else. */
export function tableByAlias(name: string): TableName | undefined {
  return BY_ALIAS.get(name.trim().toLowerCase());
}

/** Normalises a subset to ALL_TABLES order without repeats; undefined or empty means all. */
export function selectTables(tables: readonly TableName[] | undefined): readonly TableName[] {
  if (!tables || tables.length === 0) return ALL_TABLES;
  const wanted = new Set(tables);
  return ALL_TABLES.filter((t) => wanted.has(t));
}
