import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS, parseSyncConfig } from '../../../config/index.js';
import { issueLines, validConfig, validTable } from './helpers.js';

describe('sync.decodeIn', () => {
  it('defaults to main, and a table block overrides the global one', () => {
    expect(DEFAULT_SYNC_SETTINGS.decodeIn).toBe('main');
    const config = parseSyncConfig(
      validConfig({
        sync: { decodeIn: 'worker' },
        tables: [validTable(), validTable({ id: 'other', targetTable: 'Other', sync: { decodeIn: 'main' } })],
      }),
      {},
    );
    expect(config.tables.map((t) => t.sync.decodeIn)).toEqual(['worker', 'main']);
  });

  it('rejects another value, naming the key', () => {
    const lines = issueLines(validConfig({ sync: { decodeIn: 'gpu' } }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sync\.decodeIn: .*"main".*"worker"/);
  });
});
