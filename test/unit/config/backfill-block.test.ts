import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKFILL, parseSyncConfig } from '../../../config/index.js';
import { configError, validConfig, validTable } from './helpers.js';

describe('backfill settings', () => {
  it('leaves a table without a backfill block on the defaults (auto: Storage Read for large tables)', () => {
    const config = parseSyncConfig(validConfig(), {});
    expect(config.tables[0]!.backfill).toBeUndefined();
    expect(DEFAULT_BACKFILL).toEqual({ method: 'auto', storageReadMinBytes: 1024 ** 3, maxStreams: 4 });
    expect(config.bigquery.storageApiEndpoint).toBeUndefined();
  });

  it('merges the global block under the table block, over the defaults', () => {
    const config = parseSyncConfig(
      {
        ...validConfig({
          bigquery: { storageApiEndpoint: '127.0.0.1:9061' },
          tables: [
            validTable({ backfill: { method: 'storage-read', maxStreams: '8' } }),
            validTable({ id: 'other', targetTable: 'Other' }),
          ],
        }),
        backfill: { method: 'auto', storageReadMinBytes: 0 },
      },
      {},
    );
    expect(config.bigquery.storageApiEndpoint).toBe('127.0.0.1:9061');
    expect(config.tables[0]!.backfill).toEqual({ method: 'storage-read', storageReadMinBytes: 0, maxStreams: 8 });
    expect(config.tables[1]!.backfill).toEqual({
      method: 'auto',
      storageReadMinBytes: 0,
      maxStreams: DEFAULT_BACKFILL.maxStreams,
    });
  });

  it('names the key path of a bad value', () => {
    const error = configError(
      validConfig({ tables: [validTable({ backfill: { method: 'fast', maxStreams: 0, minBytes: 1 } })] }),
    );
    expect(error.message).toMatch(/bigquery\.tables\[0\]\.backfill\.method/);
    expect(error.message).toMatch(/backfill\.maxStreams.*positive integer/);
    expect(error.message).toMatch(/minBytes/);
    expect(configError(validConfig({ bigquery: { storageApiEndpoint: 'http://x' } })).message).toMatch(
      /storageApiEndpoint.*host:port/,
    );
  });
});
