import { describe, expect, it } from 'vitest';
import { billedFor, budgetSkipReason, hasBudget, MIN_BILLED_BYTES } from '../../../streams/validate/budget.js';

const MB = 1024 * 1024;

describe('validation budget', () => {
  it('bills at least 10 MB per query, in whole MB above', () => {
    expect([0, 1, 10 * MB, 10 * MB + 1].map(billedFor)).toEqual([MIN_BILLED_BYTES, MIN_BILLED_BYTES, 10 * MB, 11 * MB]);
  });

  it('needs a dry run only when some budget is configured', () => {
    expect(hasBudget({ maxBytesBilledPerDay: 0, billedToday: 5 })).toBe(false);
    expect(hasBudget({ maxBytesBilledPerDay: 1, billedToday: 0 })).toBe(true);
    expect(hasBudget({ maxBytesBilled: '1', maxBytesBilledPerDay: 0, billedToday: 0 })).toBe(true);
  });

  it('skips a run over validation.maxBytesBilled, naming the setting', () => {
    expect(
      budgetSkipReason(50 * MB, { maxBytesBilled: String(60 * MB), maxBytesBilledPerDay: 0, billedToday: 0 }),
    ).toBe(undefined);
    expect(budgetSkipReason(1, { maxBytesBilled: '1000', maxBytesBilledPerDay: 0, billedToday: 0 })).toMatch(
      /^over budget: .* about 10485760 bytes .* above validation\.maxBytesBilled 1000$/,
    );
  });

  it("skips a run that would take the table over today's sync.maxBytesBilledPerDay", () => {
    const day = { maxBytesBilledPerDay: 100 * MB, billedToday: 80 * MB };
    expect(budgetSkipReason(20 * MB, day)).toBe(undefined);
    expect(budgetSkipReason(20 * MB + 1, day)).toMatch(/83886080 were billed today .* sync\.maxBytesBilledPerDay/);
  });
});
