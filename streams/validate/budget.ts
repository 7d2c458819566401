/** BigQuery bills at least 10 MB per query, in whole MB above that. */
export const MIN_BILLED_BYTES = 10 * 1024 * 1024;

/** Bytes a query would bill for a dry run's bytes processed. */
export function billedFor(bytesProcessed: number): number {
  return Math.max(MIN_BILLED_BYTES, Math.ceil(bytesProcessed / 1048576) * 1048576);
}

export interface ValidationBudget {
  /** Decimal int64: `validation.maxBytesBilled`, a cap per run. */
  maxBytesBilled?: string;
  /** The table's `sync.maxBytesBilledPerDay` (0 = none), shared by its reads and its validations. */
  maxBytesBilledPerDay: number;
  /** Bytes billed today (UTC) by the table's reads and validations so far. */
  billedToday: number;
}

/** Whether a run needs a dry run first: only when some budget could stop it. */
export function hasBudget(b: ValidationBudget): boolean {
  return b.maxBytesBilled !== undefined || b.maxBytesBilledPerDay > 0;
}

/**
 * Why a run whose summary query would process `bytesProcessed` must not run, or undefined.
 * The reason names the setting so the user knows which number to change.
 */
export function budgetSkipReason(bytesProcessed: number, b: ValidationBudget): string | undefined {
  const billed = billedFor(bytesProcessed);
  if (b.maxBytesBilled !== undefined && billed > Number(b.maxBytesBilled))
    return `over budget: the summary query would bill about ${billed} bytes (${bytesProcessed} processed), above validation.maxBytesBilled ${b.maxBytesBilled}`;
  if (b.maxBytesBilledPerDay > 0 && b.billedToday + billed > b.maxBytesBilledPerDay)
    return `over budget: the summary query would bill about ${billed} bytes and ${b.billedToday} were billed today (UTC), above sync.maxBytesBilledPerDay ${b.maxBytesBilledPerDay}`;
  return undefined;
}
