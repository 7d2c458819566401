import { describe, expect, it } from 'vitest';
import { backoffCapMs, isRetryableError, withRetry } from '../../../streams/synthesizer/writer/index.js';

const apiError = (code: number, reason?: string) =>
  Object.assign(new Error(`http ${code}`), { code, errors: reason ? [{ reason }] : [] });

describe('isRetryableError', () => {
  it('retries 408, 429 and 5xx, not other 4xx', () => {
    for (const code of [408, 429, 500, 502, 503, 504]) expect(isRetryableError(apiError(code))).toBe(true);
    for (const code of [400, 401, 403, 404, 409]) expect(isRetryableError(apiError(code))).toBe(false);
  });

  it('retries transient BigQuery reasons without a status (failed jobs)', () => {
    expect(isRetryableError({ errors: [{ reason: 'backendError' }] })).toBe(true);
    expect(isRetryableError({ errors: [{ reason: 'rateLimitExceeded' }] })).toBe(true);
    expect(isRetryableError({ errors: [{ reason: 'invalid' }] })).toBe(false);
  });

  it('retries dropped and refused connections, also when wrapped as a cause', () => {
    expect(isRetryableError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(new Error('socket hang up'))).toBe(true);
    expect(
      isRetryableError(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      ),
    ).toBe(true);
    expect(isRetryableError(new Error('Schema mismatch'))).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries retryable failures and returns the first success', async () => {
    let calls = 0;
    const delays: number[] = [];
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw apiError(503);
        return 'ok';
      },
      { minDelayMs: 1, maxDelayMs: 4, random: () => 0.5, onRetry: (i) => delays.push(i.delayMs) },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([1, 1]);
  });

  it('gives up at once on a non-retryable error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw apiError(400);
      }),
    ).rejects.toThrow('http 400');
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(500);
        },
        { retries: 2, minDelayMs: 0 },
      ),
    ).rejects.toThrow('http 500');
    expect(calls).toBe(3);
  });

  it('stops waiting when the signal aborts', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 20);
    await expect(
      withRetry(
        async () => {
          throw apiError(503);
        },
        { minDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1, signal: ac.signal },
      ),
    ).rejects.toThrow('http 503');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('doubles the backoff cap up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffCapMs(a, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
  });
});
