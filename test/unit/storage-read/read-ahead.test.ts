import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../streams/storage-read/read-ahead.js';

/** A source that logs when each item is pulled and when it is ended. */
function source(items: number[], log: string[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (const item of items) {
          log.push(`pull ${item}`);
          await Promise.resolve();
          if (item === failAt) throw new Error(`source failed at ${item}`);
          yield item;
        }
      } finally {
        log.push('source ended');
      }
    },
  };
}

describe('readAhead', () => {
  it('gives every item in order and pulls the next one while the consumer works on the last', async () => {
    const log: string[] = [];
    for await (const item of readAhead(source([1, 2, 3], log))) {
      log.push(`take ${item}`);
      // The consumer's await (a commit): the next item is read meanwhile.
      await new Promise((r) => setTimeout(r, 5));
      log.push(`done ${item}`);
    }
    expect(log.filter((l) => l.startsWith('take'))).toEqual(['take 1', 'take 2', 'take 3']);
    // Item k+1 is pulled before the consumer is done with item k.
    for (const k of [1, 2]) expect(log.indexOf(`pull ${k + 1}`)).toBeLessThan(log.indexOf(`done ${k}`));
  });

  it('reads at most one item ahead', async () => {
    const log: string[] = [];
    const it = readAhead(source([1, 2, 3, 4], log))[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 5));
    expect(log.filter((l) => l.startsWith('pull'))).toEqual(['pull 1', 'pull 2']);
    await it.return(undefined);
  });

  it('ends the source when the consumer stops early', async () => {
    const log: string[] = [];
    for await (const item of readAhead(source([1, 2, 3], log))) if (item === 1) break;
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toContain('source ended');
    expect(log).not.toContain('pull 3');
  });

  it('raises a source failure when the consumer reaches that item, not before', async () => {
    const log: string[] = [];
    const taken: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source([1, 2, 3], log, 2))) {
          taken.push(item);
          await new Promise((r) => setTimeout(r, 5));
        }
      })(),
    ).rejects.toThrow('source failed at 2');
    expect(taken).toEqual([1]);
  });
});
