import { describe, expect, it } from 'vitest';
import { parseSyncConfig } from '../../../config/index.js';
import { chooseBackfill } from '../../../streams/pipeline/storage-read-pipeline.js';
import { GOOGLE_STORAGE_API, storageEndpointOf } from '../../../streams/storage-read/read-api.js';
import { validConfig, validTable } from '../config/helpers.js';

const tableWith = (backfill?: Record<string, unknown>) =>
  parseSyncConfig(validConfig({ tables: [validTable(backfill ? { backfill } : {})] }), {}).tables[0]!;

describe('chooseBackfill', () => {
  it('auto (the default) reads large tables through Storage Read, small ones through queries', () => {
    expect(chooseBackfill(tableWith(), { numBytes: String(2 * 1024 ** 3) }, GOOGLE_STORAGE_API).method).toBe(
      'storage-read',
    );
    expect(chooseBackfill(tableWith(), { numBytes: '1000' }, GOOGLE_STORAGE_API).method).toBe('query');
    expect(chooseBackfill(tableWith({ storageReadMinBytes: 0 }), {}, GOOGLE_STORAGE_API).method).toBe('storage-read');
  });

  it('follows an explicit method, but never without a Storage Read endpoint', () => {
    expect(chooseBackfill(tableWith({ method: 'query' }), { numBytes: '1e12' }, GOOGLE_STORAGE_API).method).toBe(
      'query',
    );
    expect(chooseBackfill(tableWith({ method: 'storage-read' }), { numBytes: '1' }, '127.0.0.1:1').method).toBe(
      'storage-read',
    );
    expect(chooseBackfill(tableWith({ method: 'storage-read' }), {}, undefined)).toEqual({
      method: 'query',
      why: expect.stringMatching(/storageApiEndpoint/),
    });
  });

  it('a local apiEndpoint never falls through to Google: Storage Read only with storageApiEndpoint', () => {
    expect(storageEndpointOf({ projectId: 'p' })).toBe(GOOGLE_STORAGE_API);
    expect(storageEndpointOf({ projectId: 'p', apiEndpoint: 'http://127.0.0.1:9050' })).toBeUndefined();
    expect(
      storageEndpointOf({ projectId: 'p', apiEndpoint: 'http://127.0.0.1:9050', storageApiEndpoint: '127.0.0.1:9061' }),
    ).toBe('127.0.0.1:9061');
  });
});
