import { utcDay } from '../stats/sync-totals.js';

/**
 * A per-table budget of bytes billed per UTC day. Every read adds what its jobs billed;
 * before a window query runs, its dry-run estimate is checked against what is left, so the
 * table stops *before* the query that would go over, not after.
 */
export class BudgetExceededError extends Error {
  /** Retrying cannot help before the next UTC day: the supervisor must not restart it. */
  readonly fatal = true;
  readonly reason = 'budgetExceeded';
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

export interface BudgetState {
  maxBytesBilledPerDay: number;
  bytesBilledToday: number;
  leftToday: number;
}

export class DailyBudget {
  private day: string;
  private billed = 0;

  constructor(
    readonly maxBytesBilledPerDay: number,
    private readonly now: () => number = Date.now,
    /** Bytes already billed today (e.g. from a checkpoint), so a restart does not reset it. */
    billedToday = 0,
  ) {
    this.day = utcDay(now());
    this.billed = billedToday;
  }

  private roll(): void {
    const today = utcDay(this.now());
    if (today !== this.day) {
      this.day = today;
      this.billed = 0;
    }
  }

  add(bytesBilled: number): void {
    this.roll();
    this.billed += bytesBilled;
  }

  /** Throws BudgetExceededError when a query billing `nextBytesBilled` would exceed today's budget. */
  check(nextBytesBilled: number): void {
    this.roll();
    if (this.maxBytesBilledPerDay <= 0) return;
    if (this.billed + nextBytesBilled > this.maxBytesBilledPerDay) {
      throw new BudgetExceededError(
        `Daily budget reached: sync.maxBytesBilledPerDay is ${this.maxBytesBilledPerDay} bytes, ${this.billed} billed today (UTC ${this.day}) and the next query would bill ${nextBytesBilled}; reading stops until the next UTC day or a higher budget`,
      );
    }
  }

  get state(): BudgetState {
    this.roll();
    return {
      maxBytesBilledPerDay: this.maxBytesBilledPerDay,
      bytesBilledToday: this.billed,
      leftToday: Math.max(0, this.maxBytesBilledPerDay - this.billed),
    };
  }
}
