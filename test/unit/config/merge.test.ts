import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS, parseSyncConfig } from '../../../config/index.js';
import { validConfig, validTable } from './helpers.js';

describe('sync settings merge: defaults < global sync < table sync', () => {
  it('uses the defaults when nothing is set', () => {
    const config = parseSyncConfig(validConfig(), {});
    expect(config.tables[0]?.sync).toEqual(DEFAULT_SYNC_SETTINGS);
    expect(DEFAULT_SYNC_SETTINGS).toMatchObject({
      initialBatchSize: 10_000,
      catchupBatchSize: 5_000,
      steadyBatchSize: 1_000,
      pollIntervalMs: 30_000,
    });
  });

  it('lets the global block override defaults and the table block override both', () => {
    const config = parseSyncConfig(
      validConfig({
        sync: { pollInterval: '10s', steadyBatchSize: 500, lookback: '2m', restartBackoff: { initial: '2s' } },
        tables: [
          validTable({ sync: { pollInterval: '5s', restartBackoff: { max: '1m' } } }),
          validTable({ id: 'other', targetTable: 'Other' }),
        ],
      }),
      {},
    );
    const [first, second] = config.tables;
    expect(first?.sync).toEqual({
      ...DEFAULT_SYNC_SETTINGS,
      pollIntervalMs: 5_000, // table
      steadyBatchSize: 500, // global
      lookbackMs: 120_000, // global
      restartBackoffMs: { initial: 2_000, max: 60_000 }, // global initial, table max
    });
    expect(second?.sync).toEqual({
      ...DEFAULT_SYNC_SETTINGS,
      pollIntervalMs: 10_000,
      steadyBatchSize: 500,
      lookbackMs: 120_000,
      restartBackoffMs: { initial: 2_000, max: DEFAULT_SYNC_SETTINGS.restartBackoffMs.max },
    });
  });

  it('gives every table its own settings object', () => {
    const config = parseSyncConfig(
      validConfig({ tables: [validTable(), validTable({ id: 'b', targetTable: 'B' })] }),
      {},
    );
    const [a, b] = config.tables;
    expect(a?.sync).not.toBe(b?.sync);
    expect(a?.sync.restartBackoffMs).not.toBe(b?.sync.restartBackoffMs);
    expect(Object.isFrozen(DEFAULT_SYNC_SETTINGS)).toBe(true);
  });

  it('converts every duration key to milliseconds', () => {
    const config = parseSyncConfig(
      validConfig({
        sync: {
          pollInterval: '1m',
          catchupThreshold: '2h',
          steadyThreshold: '10m',
          settleDelay: '250ms',
          lookback: 1000,
          queryTimeout: '90s',
          restartBackoff: { initial: '1s', max: '5m' },
        },
      }),
      {},
    );
    expect(config.tables[0]?.sync).toMatchObject({
      pollIntervalMs: 60_000,
      catchupThresholdMs: 7_200_000,
      steadyThresholdMs: 600_000,
      settleDelayMs: 250,
      lookbackMs: 1_000,
      queryTimeoutMs: 90_000,
      restartBackoffMs: { initial: 1_000, max: 300_000 },
    });
  });
});
