import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../../streams/storage-read/concurrency-limit.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` steps at once, the waiting ones in the order they came', async () => {
    const queue = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        queue.run(async () => {
          started.push(n);
          most = Math.max(most, ++running);
          await tick();
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a failure to its caller and goes on with the next step', async () => {
    const queue = new ConcurrencyLimit(1);
    const failed = queue.run(async () => {
      await tick();
      throw new Error('commit failed');
    });
    const next = queue.run(async () => 'next ran');
    await expect(failed).rejects.toThrow('commit failed');
    await expect(next).resolves.toBe('next ran');
  });
});
