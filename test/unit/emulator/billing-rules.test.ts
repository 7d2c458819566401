/**
 * Partition elimination and billing rules of the local server, checked against the examples
 * in BigQuery's documentation ("Query partitioned tables", "Estimate and control costs").
 */
import { describe, expect, it } from 'vitest';
import {
  billedForQuery,
  MB,
  partitionEnd,
  partitionStart,
  rangeOf,
  type ValueRange,
} from '../../../emulator/billing/index.js';
import { tokenize } from '../../../emulator/sql/tokens.js';
import { buildTree } from '../../../emulator/sql/tree.js';
import { paramLookup } from '../../../emulator/billing/scan-plan.js';
import { parseTimestamp } from '../../../emulator/types/datetime.js';
import type { QueryParameter } from '../../../emulator/engine/contract.js';

const NOW = parseTimestamp('2024-05-10T12:00:00Z')!;
const t = (s: string): bigint => parseTimestamp(s)!;

function whereRange(where: string, params: QueryParameter[] = []): ValueRange | null {
  const nodes = buildTree(where, tokenize(where));
  const column = (parts: readonly string[]): boolean =>
    parts[parts.length - 1]!.toLowerCase() === 'ts' && (parts.length === 1 || parts[0] === 't');
  return rangeOf(nodes, column, { param: paramLookup(where, params, undefined), nowMicros: NOW });
}

describe('partition elimination: filters that prune', () => {
  it('BETWEEN two timestamp constants', () => {
    expect(whereRange(`ts BETWEEN TIMESTAMP('2016-05-01') AND TIMESTAMP('2016-05-03')`)).toEqual({
      lo: t('2016-05-01T00:00:00Z'),
      hi: t('2016-05-03T00:00:00Z'),
    });
  });

  it('a comparison with a function of CURRENT_TIMESTAMP()', () => {
    expect(whereRange(`ts > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)`)).toEqual({
      lo: NOW - 86_400_000_000n + 1n,
    });
  });

  it('query parameters, named and positional, in the shapes the sync sends', () => {
    const named = [
      { name: 'upper', parameterType: { type: 'INT64' }, parameterValue: { value: String(t('2024-01-03T00:00:00Z')) } },
      { name: 'after', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2024-01-01 10:00:00' } },
    ];
    expect(whereRange('`ts` <= TIMESTAMP_MICROS(@upper) AND t.ts >= @after AND x = 1', named)).toEqual({
      lo: t('2024-01-01T10:00:00Z'),
      hi: t('2024-01-03T00:00:00Z'),
    });
    const positional = [{ parameterType: { type: 'DATE' }, parameterValue: { value: '2024-02-01' } }];
    expect(whereRange('ts < ?', positional)).toEqual({ hi: t('2024-02-01T00:00:00Z') - 1n });
  });

  it('literals on either side, typed or coerced from strings, and IN lists', () => {
    expect(whereRange(`'2024-01-05' >= ts`)).toEqual({ hi: t('2024-01-05T00:00:00Z') });
    expect(whereRange(`ts = TIMESTAMP '2024-01-05 01:02:03+00'`)).toEqual({
      lo: t('2024-01-05T01:02:03Z'),
      hi: t('2024-01-05T01:02:03Z'),
    });
    expect(whereRange(`ts IN ('2024-01-05', '2024-01-02')`)).toEqual({
      lo: t('2024-01-02T00:00:00Z'),
      hi: t('2024-01-05T00:00:00Z'),
    });
  });

  it('OR prunes to the hull when every branch filters the column', () => {
    expect(whereRange(`(ts < '2024-01-02' AND ts >= '2024-01-01') OR ts = '2024-01-09'`)).toEqual({
      lo: t('2024-01-01T00:00:00Z'),
      hi: t('2024-01-09T00:00:00Z'),
    });
  });
});

describe('partition elimination: filters that do not prune', () => {
  it('a value computed by a subquery', () => {
    expect(whereRange('ts = (SELECT MAX(ts) FROM ds.other)')).toBeNull();
    expect(whereRange('ts > (SELECT MAX(ts) FROM ds.other) AND x = 1')).toBeNull();
  });

  it('the column inside an expression, compared with another column, or negated', () => {
    expect(whereRange(`TIMESTAMP_ADD(ts, INTERVAL 1 DAY) > '2024-01-01'`)).toBeNull();
    expect(whereRange('ts > other_ts')).toBeNull();
    expect(whereRange(`NOT ts < '2024-01-01'`)).toBeNull();
  });

  it('an OR with a branch that does not filter the column', () => {
    expect(whereRange(`ts > '2024-01-01' OR x = 1`)).toBeNull();
  });

  it('another table alias or another column', () => {
    expect(whereRange(`u.ts > '2024-01-01'`)).toBeNull();
    expect(whereRange(`ts2 > '2024-01-01'`)).toBeNull();
  });

  it('a parameter of a type that is not a point in time', () => {
    const p = [{ name: 'n', parameterType: { type: 'BOOL' }, parameterValue: { value: 'true' } }];
    expect(whereRange('ts > @n', p)).toBeNull();
  });
});

describe('partition boundaries (UTC)', () => {
  const at = t('2024-02-29T13:45:00Z');
  it.each([
    ['HOUR', '2024-02-29T13:00:00Z', '2024-02-29T14:00:00Z'],
    ['DAY', '2024-02-29T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['MONTH', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['YEAR', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
  ] as const)('%s', (unit, start, end) => {
    expect(partitionStart(unit, at)).toBe(t(start));
    expect(partitionEnd(unit, at)).toBe(t(end));
  });

  it('December rolls into the next year for MONTH', () => {
    expect(partitionEnd('MONTH', t('2023-12-31T23:59:59Z'))).toBe(t('2024-01-01T00:00:00Z'));
  });
});

describe('bytes billed', () => {
  it('at least 10 MB per table referenced, then rounded up to the next MB', () => {
    expect(billedForQuery([0])).toBe(10 * MB);
    expect(billedForQuery([1])).toBe(10 * MB);
    expect(billedForQuery([10 * MB + 1])).toBe(11 * MB);
    expect(billedForQuery([25 * MB, 1])).toBe(25 * MB + 10 * MB);
    expect(billedForQuery([])).toBe(0);
  });
});
