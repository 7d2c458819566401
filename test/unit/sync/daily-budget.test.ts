import { describe, expect, it } from 'vitest';
import { BudgetExceededError, DailyBudget } from '../../../streams/source/daily-budget.js';

describe('daily budget', () => {
  it('refuses the query that would go over, counts per UTC day', () => {
    let now = Date.UTC(2024, 0, 1, 23, 0);
    const b = new DailyBudget(100, () => now);
    b.check(60);
    b.add(60);
    expect(() => b.check(41)).toThrow(BudgetExceededError);
    b.check(40);
    expect(b.state).toEqual({ maxBytesBilledPerDay: 100, bytesBilledToday: 60, leftToday: 40 });
    now = Date.UTC(2024, 0, 2, 0, 1);
    b.check(100);
    expect(b.state.bytesBilledToday).toBe(0);
  });

  it('0 means no budget', () => {
    const b = new DailyBudget(0);
    b.add(1e15);
    expect(() => b.check(1e15)).not.toThrow();
  });
});
