import { DEFAULT_SYNC_SETTINGS } from '../../config/defaults.js';
import type { TableConfig, TableSyncSettings } from '../../config/types.js';

/** A minimal table of the config for tests that drive an actor or a unit: `t` into `T`. */
export function testTable(sync: Partial<TableSyncSettings> = {}, overrides: Partial<TableConfig> = {}): TableConfig {
  return {
    id: 't',
    dataset: 'd',
    table: 't',
    timestampColumn: 'ts',
    columns: '*',
    targetTable: 'T',
    numericMode: 'string',
    geographyFormat: 'wkt',
    sync: { ...DEFAULT_SYNC_SETTINGS, ...sync },
    ...overrides,
  };
}
