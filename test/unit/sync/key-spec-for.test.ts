import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../../config/defaults.js';
import type { TableConfig } from '../../../config/types.js';
import { keySpecFor } from '../../../streams/pipeline/bigquery-table-pipeline.js';

const table = (over: Partial<TableConfig> = {}): TableConfig => ({
  id: 'pos',
  dataset: 'maritime',
  table: 'vessel_positions',
  timestampColumn: 'timestamp',
  columns: '*',
  targetTable: 'VesselPositions',
  numericMode: 'string',
  geographyFormat: 'wkt',
  sync: { ...DEFAULT_SYNC_SETTINGS },
  ...over,
});

const fields = [
  { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'name', type: 'STRING' },
  { name: 'tags', type: 'STRING', mode: 'REPEATED' },
  { name: 'meta', type: 'RECORD', fields: [{ name: 'a', type: 'STRING' }] },
  { name: 'day', type: 'DATE' },
];

describe('keySpecFor: the tie-break key from the config and the table schema', () => {
  it('uses the primary key columns in the configured order, with their BigQuery types', () => {
    expect(keySpecFor(table({ primaryKey: ['name', 'mmsi'] }), fields)).toEqual({
      kind: 'columns',
      columns: [
        { name: 'name', type: 'STRING' },
        { name: 'mmsi', type: 'INT64' },
      ],
    });
  });

  it('falls back to a row fingerprint when no primary key is configured (absent or empty)', () => {
    expect(keySpecFor(table(), fields)).toEqual({ kind: 'fingerprint' });
    expect(keySpecFor(table({ primaryKey: [] }), fields)).toEqual({ kind: 'fingerprint' });
  });

  it('names the table and the column when the timestamp column is missing or not a TIMESTAMP', () => {
    expect(() => keySpecFor(table({ timestampColumn: 'ts' }), fields)).toThrow(
      'timestampColumn ts is not a column of maritime.vessel_positions (table pos)',
    );
    expect(() => keySpecFor(table({ timestampColumn: 'day' }), fields)).toThrow(
      'timestampColumn day of maritime.vessel_positions (table pos) is DATE, expected TIMESTAMP',
    );
  });

  it('refuses configured columns the table does not have, listing them all', () => {
    expect(() => keySpecFor(table({ columns: ['mmsi', 'speed', 'course'] }), fields)).toThrow(
      'columns speed, course are not in maritime.vessel_positions (table pos)',
    );
    expect(keySpecFor(table({ columns: ['mmsi', 'name'], primaryKey: ['mmsi'] }), fields)).toEqual({
      kind: 'columns',
      columns: [{ name: 'mmsi', type: 'INT64' }],
    });
  });

  it('refuses a primary key column that is missing, repeated or a record', () => {
    expect(() => keySpecFor(table({ primaryKey: ['mmsi', 'imo'] }), fields)).toThrow(
      'primaryKey column imo is not a column of maritime.vessel_positions (table pos)',
    );
    expect(() => keySpecFor(table({ primaryKey: ['tags'] }), fields)).toThrow('must be a scalar, not REPEATED');
    expect(() => keySpecFor(table({ primaryKey: ['meta'] }), fields)).toThrow('must be a scalar, not RECORD');
  });

  it('throws a TableShapeError, which retrying cannot fix', () => {
    let caught: unknown;
    try {
      keySpecFor(table({ timestampColumn: 'nope' }), fields);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).name).toBe('TableShapeError');
  });
});
