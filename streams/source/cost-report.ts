import type { BudgetState } from './daily-budget.js';

/**
 * What a table's reads are expected to cost, from free dry runs at start: the backlog from
 * the committed cursor to now, and a day of steady polls at the configured interval (one
 * pruned query per poll, billed at least BigQuery's 10 MB minimum).
 */
export interface CostEstimate {
  backfillBytes: number;
  steadyBytesPerDay: number;
  pollIntervalMs: number;
}

/**
 * Cost facts a pipeline reports about its table, outside the page stream (they are known
 * before the first page): shown in status as they are. Absent fields are left unchanged.
 */
export interface CostReport {
  costEstimate?: CostEstimate | null;
  budget?: BudgetState | null;
  /** Conditions that make reads cost more than they should or fail (one sentence each). */
  warnings?: string[];
}

/** Where a pipeline sends its cost report (the table actor, into status). */
export type CostReporter = (report: CostReport) => void;
