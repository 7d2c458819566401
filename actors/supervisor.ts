import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { isRetryable } from './errors.js';

export interface RestartPolicy {
  /** Consecutive failures (without progress in between) before giving up. */
  maxRestarts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface RestartEvent {
  error: unknown;
  /** 1 for the first restart since the last progress. */
  attempt: number;
  delayMs: number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, policy: RestartPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Restart-on-error for a pipeline: resubscribes (which resumes from the last committed
 * checkpoint) after a backoff, while the error is retryable and the consecutive failures
 * stay within the policy. Any emission counts as progress and resets the count.
 */
export function supervise<T>(
  policy: RestartPolicy,
  onRestart: (event: RestartEvent) => void,
  scheduler: SchedulerLike = asyncScheduler,
  random: () => number = Math.random,
): MonoTypeOperatorFunction<T> {
  return retry<T>({
    resetOnSuccess: true,
    delay: (error: unknown, attempt: number) => {
      if (!isRetryable(error) || attempt > policy.maxRestarts) return throwError(() => error);
      const delayMs = backoffDelay(attempt, policy, random);
      onRestart({ error, attempt, delayMs });
      return timer(delayMs, scheduler);
    },
  });
}
