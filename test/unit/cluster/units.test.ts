import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WHOLE_TABLE_UNIT,
  bucketOf,
  parseUnitName,
  unitName,
  unitOfKeyText,
  unitSlices,
} from '../../../src/cluster/units.js';
import { buildPageQuery, type PageQueryTable } from '../../../streams/query/page-query.js';
import { unitCondition, unitHashExpression } from '../../../streams/query/unit-filter.js';

describe('units of a table', () => {
  it('names a unit with its index and count, and reads the name back', () => {
    expect(unitName({ index: 3, count: 8 })).toBe('3of8');
    expect(parseUnitName('3of8')).toEqual({ index: 3, count: 8 });
    expect(parseUnitName(WHOLE_TABLE_UNIT)).toBeUndefined();
    expect(() => parseUnitName('8of8')).toThrow(/index/);
    expect(() => parseUnitName('node-2')).toThrow(/not a unit name/);
    expect(() => unitName({ index: 0, count: 0 })).toThrow(/count/);
    expect(unitSlices(3)).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
  });

  it('puts every 64-bit hash in exactly one bucket, like SQL MOD(MOD(h, n) + n, n)', () => {
    expect(bucketOf(-1n, 8)).toBe(7);
    expect(bucketOf(-(2n ** 63n), 8)).toBe(0);
    expect(bucketOf(2n ** 63n - 1n, 8)).toBe(7);
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer({ min: 1, max: 64 }), (h, n) => {
        const b = bucketOf(h, n);
        return Number.isInteger(b) && b >= 0 && b < n && BigInt(b) === ((h % BigInt(n)) + BigInt(n)) % BigInt(n);
      }),
    );
  });

  it('hashes key text with BigQuery FARM_FINGERPRINT (documented value)', () => {
    // FARM_FINGERPRINT('1footrue') = -1541654101129638711 (BigQuery's documentation).
    expect(unitOfKeyText('1footrue', 1000)).toBe(bucketOf(-1541654101129638711n, 1000));
  });
});

const table: PageQueryTable = {
  projectId: 'p',
  dataset: 'd',
  table: 't',
  timestampColumn: 'ts',
  columns: '*',
  key: { kind: 'columns', columns: [{ name: 'id', type: 'INT64' }] },
};

describe('unit query filter', () => {
  it('hashes one key column as text, several joined, bytes as base64, NULL as empty', () => {
    expect(unitHashExpression(table.key)).toBe("FARM_FINGERPRINT(IFNULL(CAST(`id` AS STRING), ''))");
    expect(
      unitHashExpression({
        kind: 'columns',
        columns: [
          { name: 'a', type: 'STRING' },
          { name: 'b', type: 'BYTES' },
        ],
      }),
    ).toBe("FARM_FINGERPRINT(CONCAT(IFNULL(CAST(`a` AS STRING), ''), '|', IFNULL(TO_BASE64(`b`), '')))");
    expect(unitHashExpression({ kind: 'fingerprint' })).toBe('`_bqsync_fp`');
  });

  it('filters by bucket with parameters', () => {
    const unit = unitCondition(table.key, { index: 2, count: 8 });
    expect(unit.condition).toBe(
      "MOD(MOD(FARM_FINGERPRINT(IFNULL(CAST(`id` AS STRING), '')), @unit_count) + @unit_count, @unit_count) = @unit_index",
    );
    expect(unit.params).toEqual({ unit_count: 8, unit_index: 2 });
    expect(unit.types).toEqual({ unit_count: 'INT64', unit_index: 'INT64' });
    expect(() => unitCondition(table.key, { index: 8, count: 8 })).toThrow();
  });

  it('adds the unit to the page query and keeps the timestamp bounds that prune partitions', () => {
    const whole = buildPageQuery(table, { after: { timestampMicros: 5n, key: ['7'] }, upperMicros: 9n, limit: 10 });
    const unit = buildPageQuery(
      { ...table, unit: { index: 1, count: 4 } },
      { after: { timestampMicros: 5n, key: ['7'] }, upperMicros: 9n, limit: 10 },
    );
    expect(whole.query).not.toContain('@unit_index');
    expect(unit.query).toContain('`ts` <= TIMESTAMP_MICROS(@upper)');
    expect(unit.query).toContain('`ts` >= TIMESTAMP_MICROS(@after_ts)');
    expect(unit.query).toContain('= @unit_index');
    expect(unit.params).toMatchObject({ ...whole.params, unit_count: 4, unit_index: 1 });
  });

  it('with a fingerprint key, filters outside the subquery where the range prunes', () => {
    const q = buildPageQuery(
      { ...table, key: { kind: 'fingerprint' }, unit: { index: 0, count: 2 } },
      { after: null, upperMicros: 9n, limit: 10 },
    );
    const [inner, outer] = q.query.split(') AS _bqsync_row');
    expect(inner).toContain('WHERE `ts` <= TIMESTAMP_MICROS(@upper)');
    expect(inner).not.toContain('@unit_index');
    expect(outer).toContain('MOD(MOD(`_bqsync_fp`, @unit_count) + @unit_count, @unit_count) = @unit_index');
  });
});
