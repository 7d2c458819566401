import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSyncConfig, type SyncConfig } from '../../../config/index.js';
import { validConfig, validTable } from './helpers.js';

/**
 * The rules restated independently of the implementation, as the oracle: a string is
 * accepted where an identifier goes exactly when the oracle says it is valid, and then
 * it comes out unchanged.
 */
const RESERVED = ['_TABLE_', '_FILE_', '_PARTITION', '_ROW_TIMESTAMP', '__ROOT__', '_COLIDENTIFIER'];
const oracle = {
  projectId: (s: string) => /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(s),
  dataset: (s: string) => /^[A-Za-z0-9_]{1,1024}$/.test(s),
  table: (s: string) => /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$/u.test(s) && new TextEncoder().encode(s).length <= 1024,
  column: (s: string) =>
    /^[A-Za-z_][A-Za-z0-9_]{0,299}$/.test(s) && !RESERVED.some((p) => s.toUpperCase().startsWith(p)),
  graphqlName: (s: string) => /^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(s) && !s.startsWith('__'),
};

interface Slot {
  name: string;
  valid: (s: string) => boolean;
  build: (s: string) => unknown;
  read: (config: SyncConfig) => unknown;
}

const table0 = (config: SyncConfig) => config.tables[0];
const slots: Slot[] = [
  {
    name: 'projectId',
    valid: oracle.projectId,
    build: (s) => validConfig({ bigquery: { projectId: s } }),
    read: (c) => c.bigquery.projectId,
  },
  {
    name: 'dataset',
    valid: oracle.dataset,
    build: (s) => validConfig({ tables: [validTable({ dataset: s })] }),
    read: (c) => table0(c)?.dataset,
  },
  {
    name: 'table',
    valid: oracle.table,
    build: (s) => validConfig({ tables: [validTable({ table: s })] }),
    read: (c) => table0(c)?.table,
  },
  {
    name: 'timestampColumn',
    valid: oracle.column,
    build: (s) => validConfig({ tables: [validTable({ timestampColumn: s, columns: '*', primaryKey: ['mmsi'] })] }),
    read: (c) => table0(c)?.timestampColumn,
  },
  {
    name: 'columns[]',
    valid: oracle.column,
    build: (s) => validConfig({ tables: [validTable({ columns: [s], primaryKey: undefined })] }),
    read: (c) => (table0(c)?.columns as string[])[0],
  },
  {
    name: 'primaryKey[]',
    valid: oracle.column,
    build: (s) => validConfig({ tables: [validTable({ primaryKey: [s], columns: '*' })] }),
    read: (c) => table0(c)?.primaryKey?.[0],
  },
  {
    name: 'id',
    valid: oracle.graphqlName,
    build: (s) => validConfig({ tables: [validTable({ id: s })] }),
    read: (c) => table0(c)?.id,
  },
  {
    name: 'targetTable',
    valid: oracle.graphqlName,
    build: (s) => validConfig({ tables: [validTable({ targetTable: s })] }),
    read: (c) => table0(c)?.targetTable,
  },
];

// Mostly near-miss strings built from identifier-ish characters plus troublemakers
// (quotes, backticks, dots, whitespace, Unicode), so both outcomes are well covered.
const pieces = fc.constantFrom(
  ...'abcxyzABCXYZ0189_-'.split(''),
  '.',
  '`',
  "'",
  '"',
  ';',
  ' ',
  '\t',
  '\n',
  ':',
  '$',
  '{',
  '}',
  '*',
  '/',
  '\\',
  'é',
  '表',
  '\u0301',
  '٣',
  '—',
  '\u00a0',
  '😀',
  '__',
  '_TABLE_',
  '_PARTITION',
);
const candidate = fc.oneof(
  fc.array(pieces, { minLength: 0, maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/),
);

describe('identifier property: reject exactly the invalid ones, keep valid ones unchanged', () => {
  for (const slot of slots) {
    it(slot.name, () => {
      fc.assert(
        fc.property(candidate, (name) => {
          let config: SyncConfig | undefined;
          let error: unknown;
          try {
            config = parseSyncConfig(slot.build(name), {});
          } catch (caught) {
            error = caught;
          }
          if (slot.valid(name)) {
            expect(error).toBeUndefined();
            expect(config && slot.read(config)).toBe(name);
          } else {
            expect(error).toBeInstanceOf(ConfigError);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('long names at the limits', () => {
    expect(oracle.table('a'.repeat(1024))).toBe(true);
    for (const slot of slots) {
      for (const name of ['a'.repeat(2000), 'é'.repeat(600)]) {
        expect(() => parseSyncConfig(slot.build(name), {}), `${slot.name} ${name.length}`).toThrow(ConfigError);
      }
    }
  });
});
