import { describe, expect, it } from 'vitest';
import { ConfigError, parseSyncConfig } from '../../../config/index.js';
import { configError, issueLines, validConfig, validTable } from './helpers.js';

const SYNC_KEYS =
  'initialBatchSize, catchupBatchSize, steadyBatchSize, pollInterval, catchupThreshold, steadyThreshold, settleDelay, lookback, minBatchSize, maxBatchSize, queryTimeout, maxRestarts, maxBytesPerWindow, maxBytesBilledPerDay, restartBackoff, decodeIn';

describe('validation rules (each error names its key path)', () => {
  it('accepts the baseline config', () => {
    expect(() => parseSyncConfig(validConfig(), {})).not.toThrow();
  });

  it('rejects a non-object document', () => {
    expect(issueLines(['bigquery'])).toEqual(['expected an object with a "bigquery" key, got a list']);
    expect(issueLines(undefined)).toEqual(['expected an object with a "bigquery" key, got nothing']);
  });

  it('reports missing fields as required', () => {
    const table = validTable();
    delete table['timestampColumn'];
    expect(issueLines(validConfig({ tables: [validTable({ id: 'a', targetTable: 'A' }), table] }))).toEqual([
      'bigquery.tables[1].timestampColumn: required',
    ]);
    expect(issueLines({})).toEqual(['bigquery: required']);
    expect(issueLines({ bigquery: { projectId: 'local-project' } })).toEqual(['bigquery.tables: required']);
  });

  it('rejects unknown keys, suggesting the likely one', () => {
    expect(issueLines(validConfig({ tables: [validTable({ colums: ['a'] })] }))).toEqual([
      'bigquery.tables[0].colums: unknown key (did you mean "columns"?)',
    ]);
    expect(issueLines(validConfig({ sync: { pollIntervalMs: 1000 } }))).toEqual([
      'sync.pollIntervalMs: unknown key (did you mean "pollInterval"?)',
    ]);
    expect(issueLines({ ...validConfig(), extra: 1 })).toEqual([
      'extra: unknown key (allowed: bigquery, sync, validation, backfill)',
    ]);
    expect(issueLines(validConfig({ sync: { restartBackoff: { initial: '1s', maximum: '1m' } } }))).toEqual([
      'sync.restartBackoff.maximum: unknown key (did you mean "max"?)',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ timestamp: 'ts' })] }))).toEqual([
      'bigquery.tables[0].timestamp: unknown key (did you mean "timestampColumn"?)',
    ]);
  });

  it('rejects wrong types', () => {
    expect(issueLines(validConfig({ bigquery: { projectId: 42 } }))).toEqual([
      'bigquery.projectId: expected a string, got 42',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ primaryKey: 'mmsi' })] }))).toEqual([
      'bigquery.tables[0].primaryKey: expected a list, got "mmsi"',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ columns: 'all' })] }))).toEqual([
      'bigquery.tables[0].columns: expected "*" or a list, got "all"',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ columns: ['mmsi', 7] })] }))).toEqual([
      'bigquery.tables[0].columns[1]: expected a string, got 7',
    ]);
    expect(issueLines(validConfig({ bigquery: { tables: { a: 1 } } }))).toEqual([
      'bigquery.tables: expected a list, got an object',
    ]);
    expect(issueLines(validConfig({ sync: 'fast' }))).toEqual(['sync: expected an object, got "fast"']);
  });

  it('rejects empty lists', () => {
    expect(issueLines(validConfig({ tables: [] }))).toEqual(['bigquery.tables: must not be an empty list']);
    expect(issueLines(validConfig({ tables: [validTable({ columns: [] })] }))).toEqual([
      'bigquery.tables[0].columns: must not be an empty list',
    ]);
  });

  it('rejects unknown enum values', () => {
    expect(issueLines(validConfig({ tables: [validTable({ numericMode: 'float' })] }))).toEqual([
      'bigquery.tables[0].numericMode: expected one of "string", "number-when-safe", got "float"',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ geographyFormat: 'kml' })] }))).toEqual([
      'bigquery.tables[0].geographyFormat: expected one of "wkt", "geojson", got "kml"',
    ]);
  });

  it('rejects duplicate table ids', () => {
    const tables = [validTable(), validTable({ targetTable: 'Other' })];
    expect(issueLines(validConfig({ tables }))).toEqual([
      'bigquery.tables[1].id: duplicate table id "positions" (also used by bigquery.tables[0])',
    ]);
  });

  it('rejects duplicate targetTables', () => {
    const tables = [validTable(), validTable({ id: 'other' }), validTable({ id: 'third' })];
    expect(issueLines(validConfig({ tables }))).toEqual([
      'bigquery.tables[1].targetTable: duplicate targetTable "VesselPositions" (also used by bigquery.tables[0])',
      'bigquery.tables[2].targetTable: duplicate targetTable "VesselPositions" (also used by bigquery.tables[0])',
    ]);
  });

  it('rejects duplicate columns, case-insensitively', () => {
    expect(
      issueLines(validConfig({ tables: [validTable({ columns: ['mmsi', 'MMSI'], primaryKey: ['mmsi', 'mmsi'] })] })),
    ).toEqual([
      'bigquery.tables[0].columns[1]: duplicate column "MMSI" (same as columns[0] "mmsi"; column names are case-insensitive)',
      'bigquery.tables[0].primaryKey[1]: duplicate column "mmsi" (same as primaryKey[0])',
    ]);
  });

  it('rejects batch sizes that are not positive integers', () => {
    expect(
      issueLines(
        validConfig({ sync: { initialBatchSize: 0, catchupBatchSize: 2.5, steadyBatchSize: '1k', maxBatchSize: -1 } }),
      ),
    ).toEqual([
      'sync.initialBatchSize: expected a positive integer, got 0',
      'sync.catchupBatchSize: expected a positive integer, got 2.5',
      'sync.steadyBatchSize: expected a positive integer, got "1k"',
      'sync.maxBatchSize: expected a positive integer, got -1',
    ]);
    expect(issueLines(validConfig({ sync: { maxRestarts: -1 } }))).toEqual([
      'sync.maxRestarts: expected a non-negative integer, got -1',
    ]);
  });

  it('accepts digit strings for counts (env substitution yields strings)', () => {
    const config = parseSyncConfig(validConfig({ sync: { steadyBatchSize: '${SIZE}' } }), { SIZE: '250' });
    expect(config.tables[0]?.sync.steadyBatchSize).toBe(250);
  });

  it('rejects minBatchSize > maxBatchSize', () => {
    expect(issueLines(validConfig({ sync: { minBatchSize: 5000, maxBatchSize: 1000 } }))).toEqual([
      'sync.minBatchSize: 5000 is greater than maxBatchSize (1000)',
    ]);
  });

  it('rejects phase batch sizes outside [min, max], naming where the other value came from', () => {
    expect(issueLines(validConfig({ sync: { maxBatchSize: 8000 } }))).toEqual([
      'sync.maxBatchSize: 8000 is less than initialBatchSize (10000, the default)',
    ]);
    expect(
      issueLines(
        validConfig({ sync: { maxBatchSize: 20000 }, tables: [validTable({ sync: { initialBatchSize: 50000 } })] }),
      ),
    ).toEqual([
      'bigquery.tables[0].sync.initialBatchSize: 50000 is greater than maxBatchSize (20000, from sync.maxBatchSize)',
    ]);
  });

  it('reports an inherited global conflict once, at the global key', () => {
    const tables = [validTable({ sync: { pollInterval: '1s' } }), validTable({ id: 'b', targetTable: 'B', sync: {} })];
    expect(issueLines(validConfig({ sync: { minBatchSize: 900, maxBatchSize: 800 }, tables }))).toEqual([
      'sync.minBatchSize: 900 is greater than maxBatchSize (800)',
    ]);
  });

  it('rejects steadyThreshold > catchupThreshold and backoff initial > max', () => {
    expect(
      issueLines(validConfig({ sync: { steadyThreshold: '2h', restartBackoff: { initial: '10m', max: '1m' } } })),
    ).toEqual([
      'sync.steadyThreshold: 2h is greater than catchupThreshold (1h, the default)',
      'sync.restartBackoff.initial: 10m is greater than restartBackoff.max (1m)',
    ]);
  });

  it('rejects bad durations', () => {
    expect(issueLines(validConfig({ sync: { pollInterval: 'soon' } }))).toEqual([
      'sync.pollInterval: expected a duration like "30s", got "soon"',
    ]);
    expect(issueLines(validConfig({ tables: [validTable({ sync: { queryTimeout: '0s', lookback: -5 } })] }))).toEqual([
      'bigquery.tables[0].sync.queryTimeout: must be greater than 0, got "0s"',
      'bigquery.tables[0].sync.lookback: expected a duration like "30s", got -5',
    ]);
    expect(issueLines(validConfig({ sync: { pollInterval: '30d' } }))).toEqual([
      'sync.pollInterval: must be at most 24d20h31m23s647ms, got "30d"',
    ]);
  });

  it('rejects invalid identifiers at every identifier position', () => {
    const table = validTable({
      id: 'vessel-positions',
      dataset: 'maritime-tracking',
      table: 'positions`; DROP TABLE x; --',
      timestampColumn: 'event time',
      columns: ['ok', '1bad'],
      primaryKey: ['_PARTITIONTIME'],
      targetTable: 'Vessel.Positions',
    });
    expect(issueLines(validConfig({ bigquery: { projectId: 'Local_Project' }, tables: [table] }))).toEqual([
      'bigquery.projectId: "Local_Project" is not valid: a Google Cloud project ID has 6-30 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
      'bigquery.tables[0].id: "vessel-positions" is not valid: a table id has only letters, digits and underscores, starts with a letter or underscore, not "__" (at most 255)',
      'bigquery.tables[0].dataset: "maritime-tracking" is not valid: a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
      'bigquery.tables[0].table: "positions`; DROP TABLE x; --" is not valid: a BigQuery table name has only letters, marks, numbers, underscores, dashes and spaces (at most 1024 bytes)',
      'bigquery.tables[0].timestampColumn: "event time" is not valid: a BigQuery column name has only letters, digits and underscores, starts with a letter or underscore (at most 300)',
      'bigquery.tables[0].columns[1]: "1bad" is not valid: a BigQuery column name has only letters, digits and underscores, starts with a letter or underscore (at most 300)',
      'bigquery.tables[0].primaryKey[0]: "_PARTITIONTIME" is not allowed: the column name prefix "_PARTITION" is reserved by BigQuery',
      'bigquery.tables[0].targetTable: "Vessel.Positions" is not valid: a Harper table name has only letters, digits and underscores, starts with a letter or underscore, not "__" (at most 255)',
    ]);
  });

  it('validates connection settings', () => {
    expect(
      issueLines(
        validConfig({
          bigquery: { location: 'us central', apiEndpoint: 'ftp://host', maximumBytesBilled: 'lots', credentials: 12 },
        }),
      ),
    ).toEqual([
      'bigquery.location: "us central" is not a BigQuery location such as "US", "EU" or "us-central1"',
      'bigquery.apiEndpoint: expected an http(s) URL such as "http://127.0.0.1:9050", got "ftp://host"',
      'bigquery.maximumBytesBilled: expected a positive whole number of bytes, got "lots"',
      'bigquery.credentials: expected a key file path or an inline key object, got a number',
    ]);
  });

  it('requires the key fields of an inline service-account key', () => {
    expect(
      issueLines(validConfig({ bigquery: { credentials: { type: 'service_account', client_email: 'a@b.c' } } })),
    ).toEqual(['bigquery.credentials.private_key: required in a service_account key']);
  });

  it('reports every problem at once, in document order, in one ConfigError', () => {
    const table = validTable({ dataset: 'bad-name', sync: { pollInterval: 'soon' } });
    delete table['targetTable'];
    const error = configError(validConfig({ tables: [table], sync: { steadyBatchSize: 0, bogus: true } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(error.issues).toEqual([
      { path: 'bigquery.tables[0].targetTable', message: 'required' },
      {
        path: 'bigquery.tables[0].dataset',
        message:
          '"bad-name" is not valid: a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
      },
      { path: 'bigquery.tables[0].sync.pollInterval', message: 'expected a duration like "30s", got "soon"' },
      { path: 'sync.steadyBatchSize', message: 'expected a positive integer, got 0' },
      { path: 'sync.bogus', message: `unknown key (allowed: ${SYNC_KEYS})` },
    ]);
    expect(error.message).toBe(
      [
        'Invalid sync configuration (5 problems):',
        '  bigquery.tables[0].targetTable: required',
        '  bigquery.tables[0].dataset: "bad-name" is not valid: a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
        '  bigquery.tables[0].sync.pollInterval: expected a duration like "30s", got "soon"',
        '  sync.steadyBatchSize: expected a positive integer, got 0',
        `  sync.bogus: unknown key (allowed: ${SYNC_KEYS})`,
      ].join('\n'),
    );
  });

  it('truncates long values in messages', () => {
    const [line] = issueLines(validConfig({ sync: { pollInterval: 'x'.repeat(500) } }));
    expect(line).toBe(`sync.pollInterval: expected a duration like "30s", got "${'x'.repeat(57)}..."`);
  });
});

describe('resolution', () => {
  it('adds the timestamp and primary key columns to an explicit list', () => {
    const config = parseSyncConfig(
      validConfig({ tables: [validTable({ columns: ['latitude'], primaryKey: ['mmsi', 'timestamp'] })] }),
      {},
    );
    expect(config.tables[0]?.columns).toEqual(['latitude', 'timestamp', 'mmsi']);
  });

  it('treats a differently cased column as already present', () => {
    const config = parseSyncConfig(validConfig({ tables: [validTable({ columns: ['MMSI', 'Timestamp'] })] }), {});
    expect(config.tables[0]?.columns).toEqual(['MMSI', 'Timestamp']);
  });

  it('keeps "*" and defaults columns to "*"', () => {
    const explicit = parseSyncConfig(validConfig({ tables: [validTable({ columns: '*' })] }), {});
    const omitted = validTable();
    delete omitted['columns'];
    expect(explicit.tables[0]?.columns).toBe('*');
    expect(parseSyncConfig(validConfig({ tables: [omitted] }), {}).tables[0]?.columns).toBe('*');
  });

  it('omits primaryKey when none is configured and fills conversion defaults', () => {
    const table = validTable();
    delete table['primaryKey'];
    const resolved = parseSyncConfig(validConfig({ tables: [table] }), {}).tables[0];
    expect(resolved && 'primaryKey' in resolved).toBe(false);
    expect(resolved?.numericMode).toBe('string');
    expect(resolved?.geographyFormat).toBe('wkt');
  });

  it('accepts inline credentials as an object or as a JSON string', () => {
    const key = { type: 'service_account', client_email: 'sync@p.iam.gserviceaccount.com', private_key: 'k' };
    const fromObject = parseSyncConfig(validConfig({ bigquery: { credentials: key } }), {});
    const fromString = parseSyncConfig(validConfig({ bigquery: { credentials: '${KEY_JSON}' } }), {
      KEY_JSON: JSON.stringify(key),
    });
    expect(fromObject.bigquery.credentials).toEqual(key);
    expect(fromString.bigquery.credentials).toEqual(key);
    expect(parseSyncConfig(validConfig({ bigquery: { credentials: '/keys/sa.json' } }), {}).bigquery.credentials).toBe(
      '/keys/sa.json',
    );
  });

  it('keeps maximumBytesBilled as an exact decimal string', () => {
    const config = parseSyncConfig(validConfig({ bigquery: { maximumBytesBilled: '9223372036854775807' } }), {});
    expect(config.bigquery.maximumBytesBilled).toBe('9223372036854775807');
    expect(
      parseSyncConfig(validConfig({ bigquery: { maximumBytesBilled: 1e10 } }), {}).bigquery.maximumBytesBilled,
    ).toBe('10000000000');
  });
});
