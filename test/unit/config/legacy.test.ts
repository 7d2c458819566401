import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS, parseSyncConfig } from '../../../config/index.js';
import { issueLines } from './helpers.js';

const legacy = {
  bigquery: {
    projectId: 'local-project',
    dataset: 'maritime_tracking',
    table: 'vessel_positions',
    timestampColumn: 'timestamp',
    columns: ['mmsi', 'latitude'],
    credentials: '/keys/sa.json',
    location: 'US',
  },
  sync: { pollInterval: '10s', initialBatchSize: 20000, maxBatchSize: 20000 },
};

describe('legacy single-table format', () => {
  it('becomes one table "default" -> BigQueryData with the top-level sync block', () => {
    const config = parseSyncConfig(legacy, {});
    expect(config.format).toBe('legacy-single-table');
    expect(config.bigquery).toEqual({ projectId: 'local-project', credentials: '/keys/sa.json', location: 'US' });
    expect(config.tables).toEqual([
      {
        id: 'default',
        dataset: 'maritime_tracking',
        table: 'vessel_positions',
        timestampColumn: 'timestamp',
        columns: ['mmsi', 'latitude', 'timestamp'],
        targetTable: 'BigQueryData',
        numericMode: 'string',
        geographyFormat: 'wkt',
        sync: { ...DEFAULT_SYNC_SETTINGS, pollIntervalMs: 10_000, initialBatchSize: 20_000, maxBatchSize: 20_000 },
      },
    ]);
  });

  it('reports errors at the keys the user wrote, not at tables[0]', () => {
    const { timestampColumn: _, ...rest } = legacy.bigquery;
    expect(issueLines({ bigquery: { ...rest, dataset: 'bad-name', colums: ['a'] } })).toEqual([
      'bigquery.timestampColumn: required',
      'bigquery.dataset: "bad-name" is not valid: a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
      'bigquery.colums: unknown key (did you mean "columns"?)',
    ]);
    expect(issueLines({ bigquery: { ...legacy.bigquery, zzz: 1 } })).toEqual([
      'bigquery.zzz: unknown key (allowed: projectId, credentials, location, apiEndpoint, maximumBytesBilled, jobProjectId, storageApiEndpoint, dataset, table, timestampColumn, columns, primaryKey, numericMode, geographyFormat)',
    ]);
  });

  it('rejects both formats in one file, naming the conflicting keys', () => {
    const mixed = {
      bigquery: {
        ...legacy.bigquery,
        tables: [
          {
            id: 'a',
            dataset: 'ds',
            table: 't',
            timestampColumn: 'ts',
            targetTable: 'A',
          },
        ],
      },
    };
    expect(issueLines(mixed)).toEqual([
      'bigquery: "tables" cannot be combined with the legacy single-table keys "dataset", "table", "timestampColumn", "columns"; move them into an entry of "tables"',
    ]);
  });

  it('keeps reporting other problems alongside the format conflict', () => {
    expect(issueLines({ bigquery: { projectId: 'x', table: 't', tables: [] } })).toEqual([
      'bigquery: "tables" cannot be combined with the legacy single-table keys "table"; move them into an entry of "tables"',
      'bigquery.projectId: "x" is not valid: a Google Cloud project ID has 6-30 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
      'bigquery.tables: must not be an empty list',
    ]);
  });
});
