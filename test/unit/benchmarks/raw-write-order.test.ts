import { describe, expect, it } from 'vitest';
import { transactionRanges } from '../../../benchmarks/harper/raw-write.js';

describe('transactionRanges', () => {
  it('is row order with one stream', () => {
    expect(transactionRanges(0, 25, 10, 1)).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
  });

  it('takes one transaction of each contiguous range in turn, covering every row once', () => {
    expect(transactionRanges(100, 40, 10, 2)).toEqual([
      [100, 110],
      [120, 130],
      [110, 120],
      [130, 140],
    ]);
    const ranges = transactionRanges(0, 1003, 100, 4);
    const rows = ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i)).sort((x, y) => x - y);
    expect(rows).toEqual(Array.from({ length: 1003 }, (_, i) => i));
  });
});
