import { defer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { FatalSyncError, isRetryable } from '../../../actors/errors.js';
import { backoffDelay, supervise, type RestartEvent } from '../../../actors/supervisor.js';

const policy = { maxRestarts: 2, initialDelayMs: 10, maxDelayMs: 25 };

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('supervisor', () => {
  it('restarts a failed pipeline after an exponential backoff with jitter, capped', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(5);
    expect(backoffDelay(1, policy, () => 1)).toBe(10);
    expect(backoffDelay(2, policy, () => 1)).toBe(20);
    expect(backoffDelay(5, policy, () => 1)).toBe(25);
  });

  it('resubscribes after each retryable failure and gives up after maxRestarts in a row', () => {
    const ts = scheduler();
    const events: RestartEvent[] = [];
    ts.run(({ cold, expectObservable }) => {
      // jitter 1 -> delays 10 and 20 frames, then the third failure in a row is final
      const supervised = cold('#').pipe(
        supervise(
          policy,
          (e) => events.push(e),
          ts,
          () => 1,
        ),
      );
      expectObservable(supervised).toBe('30ms #');
    });
    expect(events.map((e) => [e.attempt, e.delayMs])).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it('counts failures only since the last progress: a pipeline that emits is restarted again', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      let subscriptions = 0;
      const source = defer(() => (++subscriptions > 4 ? cold('a|') : cold('a#')));
      expectObservable(
        source.pipe(
          supervise(
            policy,
            () => undefined,
            ts,
            () => 1,
          ),
        ),
      ).toBe('a 10ms a 10ms a 10ms a 10ms a|');
    });
  });

  it('does not retry an error that retrying cannot fix', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('a#', { a: 1 }, new FatalSyncError('table gone'));
      expectObservable(source.pipe(supervise(policy, () => undefined, ts))).toBe(
        'a#',
        { a: 1 },
        new FatalSyncError('table gone'),
      );
    });
  });

  it('classifies BigQuery errors by status and reason', () => {
    expect(isRetryable({ code: 404, errors: [{ reason: 'notFound' }] })).toBe(false);
    expect(isRetryable({ code: 400, errors: [{ reason: 'invalidQuery' }] })).toBe(false);
    expect(isRetryable({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] })).toBe(true);
    expect(isRetryable({ code: 503, errors: [{ reason: 'backendError' }] })).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });
});
