import { describe, expect, it } from 'vitest';
import { partitionStartAfter, partitionsSpanned, windowUpper } from '../../../streams/source/window-plan.js';

const us = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('window planning', () => {
  it('counts the partitions a range touches', () => {
    expect(partitionsSpanned('DAY', us('2024-01-01T10:00:00Z'), us('2024-01-30T01:00:00Z'))).toBe(30);
    expect(partitionsSpanned('HOUR', us('2024-01-01T10:59:00Z'), us('2024-01-01T11:00:00Z'))).toBe(2);
    expect(partitionsSpanned('MONTH', us('2023-12-31T00:00:00Z'), us('2024-02-01T00:00:00Z'))).toBe(3);
    expect(partitionsSpanned('YEAR', us('2023-12-31T00:00:00Z'), us('2024-02-01T00:00:00Z'))).toBe(2);
  });

  it('finds the start of a later partition', () => {
    expect(partitionStartAfter('DAY', us('2024-01-01T10:00:00Z'), 3)).toBe(us('2024-01-04T00:00:00Z'));
    expect(partitionStartAfter('MONTH', us('2024-11-15T10:00:00Z'), 2)).toBe(us('2025-01-01T00:00:00Z'));
    expect(partitionStartAfter('YEAR', us('2024-11-15T10:00:00Z'), 1)).toBe(us('2025-01-01T00:00:00Z'));
  });

  it('reads the whole backlog when it fits the budget', () => {
    const lower = us('2024-01-01T10:00:00Z');
    const upper = us('2024-01-30T10:00:00Z');
    expect(
      windowUpper({ unit: 'DAY', lowerMicros: lower, upperMicros: upper, backlogBytes: 100, budgetBytes: 100 }),
    ).toBe(upper);
  });

  it('cuts a larger backlog at whole partitions within the budget, at least one', () => {
    const lower = us('2024-01-01T10:00:00Z');
    const upper = us('2024-01-30T10:00:00Z'); // 30 day partitions
    const w = (budget: number) =>
      windowUpper({ unit: 'DAY', lowerMicros: lower, upperMicros: upper, backlogBytes: 3000, budgetBytes: budget });
    expect(w(1000)).toBe(us('2024-01-11T00:00:00Z') - 1n); // 10 partitions
    expect(w(1)).toBe(us('2024-01-02T00:00:00Z') - 1n); // never less than the cursor's partition
  });
});
