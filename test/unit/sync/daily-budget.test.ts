import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  DailyBudget,
  isBudgetExceeded,
  nextUtcMidnight,
} from '../../../streams/source/daily-budget.js';

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
    expect(b.state!.bytesBilledToday).toBe(0);
  });

  it("counts other work's bytes today (validations) in the check and the state", () => {
    let validations = 30;
    const b = new DailyBudget(
      100,
      () => Date.UTC(2024, 0, 1),
      0,
      () => validations,
    );
    b.add(50);
    expect(() => b.check(21)).toThrow(BudgetExceededError);
    b.check(20);
    expect(b.state).toEqual({ maxBytesBilledPerDay: 100, bytesBilledToday: 80, leftToday: 20 });
    validations = 0;
    b.check(50);
  });

  it('0 means no budget', () => {
    const b = new DailyBudget(0);
    b.add(1e15);
    expect(() => b.check(1e15)).not.toThrow();
  });
});

describe('daily budget across restarts', () => {
  const totals = (day: string, bytesBilledToday: number) => ({
    rowsWritten: 0,
    queries: 0,
    bytesProcessed: 0,
    bytesBilled: bytesBilledToday,
    day,
    queriesToday: 0,
    bytesProcessedToday: 0,
    bytesBilledToday,
  });

  it("takes today's bytes from the checkpoint, ignores another day's", () => {
    const now = Date.UTC(2024, 0, 1, 12, 0);
    const b = new DailyBudget(100, () => now);
    b.seed(totals('2024-01-01', 70));
    expect(b.state).toEqual({ maxBytesBilledPerDay: 100, bytesBilledToday: 70, leftToday: 30 });
    const other = new DailyBudget(100, () => now);
    other.seed(totals('2023-12-31', 70));
    expect(other.state!.bytesBilledToday).toBe(0);
  });

  it('keeps the larger count when it already knows of more than the checkpoint', () => {
    const now = Date.UTC(2024, 0, 1, 12, 0);
    const b = new DailyBudget(100, () => now);
    b.add(80);
    b.seed(totals('2024-01-01', 70));
    expect(b.state!.bytesBilledToday).toBe(80);
  });

  it('the signal says when the budget refills: the next UTC midnight', () => {
    const now = Date.UTC(2024, 0, 1, 23, 59, 59);
    const b = new DailyBudget(100, () => now);
    let error: unknown;
    try {
      b.check(101);
    } catch (e) {
      error = e;
    }
    expect(isBudgetExceeded(error)).toBe(true);
    expect((error as BudgetExceededError).resumesAtMs).toBe(Date.UTC(2024, 0, 2));
    expect(nextUtcMidnight(Date.UTC(2024, 1, 29, 0, 0))).toBe(Date.UTC(2024, 2, 1));
    expect(isBudgetExceeded(new Error('x'))).toBe(false);
  });

  it('reports no state without a budget', () => {
    expect(new DailyBudget(0).state).toBeNull();
  });
});
