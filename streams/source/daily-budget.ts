import type { BudgetState } from '../model/index.js';
import { utcDay, type SyncTotals } from '../stats/sync-totals.js';

const DAY_MS = 86_400_000;

/** First millisecond of the UTC day after the one holding `ms`: when a daily budget refills. */
export function nextUtcMidnight(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

/**
 * The typed signal a pipeline raises when today's budget would be exceeded by its next
 * query. Not a failure: the table actor pauses the table (reason `budget`) and resumes it by
 * itself at `resumesAtMs`. Marked fatal so the supervisor does not retry it with backoff.
 */
export class BudgetExceededError extends Error {
  readonly fatal = true;
  readonly reason = 'budgetExceeded';
  /** The next UTC midnight, when the budget refills. */
  readonly resumesAtMs: number;
  constructor(message: string, resumesAtMs: number) {
    super(message);
    this.name = 'BudgetExceededError';
    this.resumesAtMs = resumesAtMs;
  }
}

/** Whether a pipeline error is the budget signal (works across module copies: checks the shape). */
export function isBudgetExceeded(error: unknown): error is BudgetExceededError {
  const e = error as { name?: unknown; reason?: unknown; resumesAtMs?: unknown } | null;
  return e?.name === 'BudgetExceededError' && e.reason === 'budgetExceeded' && typeof e.resumesAtMs === 'number';
}

export type { BudgetState };

/**
 * A per-table budget of bytes billed per UTC day. Every read adds what its jobs billed;
 * before a window query runs, its dry-run estimate is checked against what is left, so the
 * table stops *before* the query that would go over, not after. Other work billed to the
 * same table (its validations, which keep their own count) is added through `shared`.
 */
export class DailyBudget {
  private day: string;
  private billed = 0;

  constructor(
    readonly maxBytesBilledPerDay: number,
    private readonly now: () => number = Date.now,
    /** Bytes already billed today (e.g. from a checkpoint), so a restart does not reset it. */
    billedToday = 0,
    /** Bytes billed today by other work under this budget (read at each check). */
    private readonly shared: () => number = () => 0,
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

  /**
   * Takes what a checkpoint says was billed today (a restart must not start from 0). The
   * larger count wins: this budget may already know of reads the checkpoint does not hold.
   */
  seed(totals: SyncTotals | undefined): void {
    this.roll();
    if (totals && totals.day === this.day && totals.bytesBilledToday > this.billed)
      this.billed = totals.bytesBilledToday;
  }

  add(bytesBilled: number): void {
    this.roll();
    this.billed += bytesBilled;
  }

  /** Throws BudgetExceededError when a query billing `nextBytesBilled` would exceed today's budget. */
  check(nextBytesBilled: number): void {
    this.roll();
    if (this.maxBytesBilledPerDay <= 0) return;
    const billed = this.billedToday();
    if (billed + nextBytesBilled > this.maxBytesBilledPerDay) {
      throw new BudgetExceededError(
        `Daily budget reached: sync.maxBytesBilledPerDay is ${this.maxBytesBilledPerDay} bytes, ${billed} billed today (UTC ${this.day}) and the next query would bill ${nextBytesBilled}; reading resumes at the next UTC midnight (or with a higher budget)`,
        nextUtcMidnight(this.now()),
      );
    }
  }

  /** null when no budget is set (0). */
  get state(): BudgetState | null {
    this.roll();
    if (this.maxBytesBilledPerDay <= 0) return null;
    const billed = this.billedToday();
    return {
      maxBytesBilledPerDay: this.maxBytesBilledPerDay,
      bytesBilledToday: billed,
      leftToday: Math.max(0, this.maxBytesBilledPerDay - billed),
    };
  }

  /** Today's reads plus the shared work's bytes. */
  private billedToday(): number {
    return this.billed + this.shared();
  }
}
