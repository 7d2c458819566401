import { describe, expect, it } from 'vitest';
import { parseSyncConfig } from '../../../config/index.js';
import { resolveValidationSettings } from '../../../streams/validate/settings.js';
import { configError, validConfig, validTable } from './helpers.js';

describe('validation settings', () => {
  it('leaves a table without a validation block on the defaults (every 15 min, repair, keep extra rows)', () => {
    const table = parseSyncConfig(validConfig(), {}).tables[0]!;
    expect(table.validation).toBeUndefined();
    expect(resolveValidationSettings(table.validation)).toMatchObject({
      intervalMs: 15 * 60_000,
      repair: true,
      deleteExtra: false,
      references: [],
    });
  });

  it('merges the global block under the table block, durations in ms, 0 turning the schedule off', () => {
    const config = parseSyncConfig(
      {
        ...validConfig({
          tables: [
            validTable({ validation: { interval: 0, deleteExtra: 'true', maxBytesBilled: '100000000' } }),
            validTable({ id: 'other', targetTable: 'Other' }),
          ],
        }),
        validation: { interval: '5m', repair: false, minWindow: '10s', maxKeyRows: 500 },
      },
      {},
    );
    expect(config.tables[0]!.validation).toEqual({
      intervalMs: 0,
      repair: false,
      deleteExtra: true,
      maxBytesBilled: '100000000',
      minWindowMs: 10_000,
      maxKeyRows: 500,
    });
    expect(config.tables[1]!.validation).toEqual({
      intervalMs: 300_000,
      repair: false,
      minWindowMs: 10_000,
      maxKeyRows: 500,
    });
  });

  it('takes cross-table references per table, the referenced column defaulting to the same name', () => {
    const config = parseSyncConfig(
      validConfig({
        tables: [
          validTable({ validation: { references: [{ column: 'mmsi', table: 'other' }] } }),
          validTable({
            id: 'other',
            targetTable: 'Other',
            validation: { references: [{ column: 'vessel_mmsi', table: 'other', referencedColumn: 'mmsi' }] },
          }),
        ],
      }),
      {},
    );
    expect(config.tables[0]!.validation?.references).toEqual([
      { column: 'mmsi', table: 'other', referencedColumn: 'mmsi' },
    ]);
    expect(config.tables[1]!.validation?.references).toEqual([
      { column: 'vessel_mmsi', table: 'other', referencedColumn: 'mmsi' },
    ]);
  });

  it('rejects a reference to a table id the config does not have, and references in the global block', () => {
    const error = configError(
      validConfig({ tables: [validTable({ validation: { references: [{ column: 'mmsi', table: 'nope' }] } })] }),
    );
    expect(error.message).toMatch(/bigquery\.tables\[0\]\.validation\.references\[0\]\.table.*no table with id "nope"/);
    const global = configError({ ...validConfig(), validation: { references: [{ column: 'mmsi', table: 'x' }] } });
    expect(global.message).toMatch(/references/);
  });

  it('names the key path of a bad value', () => {
    const error = configError(
      validConfig({ tables: [validTable({ validation: { repair: 'yes', intervall: '1m' } })] }),
    );
    expect(error.message).toMatch(/bigquery\.tables\[0\]\.validation\.repair.*true or false/);
    expect(error.message).toMatch(/intervall/);
  });
});
