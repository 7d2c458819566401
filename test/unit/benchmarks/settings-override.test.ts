import { describe, expect, it } from 'vitest';
import { BenchOptions, joinSetFlags } from '../../../benchmarks/lib/options.js';
import { applyOverrides, parseOverride } from '../../../benchmarks/lib/settings-override.js';
import { namedThreadTicks } from '../../../benchmarks/lib/thread-cpu-meter.js';

describe('benchmark pass-through settings', () => {
  it('reads repeated --set flags, in both spellings, without taking a value for a benchmark name', () => {
    const argv = joinSetFlags([
      'storage-read',
      '--set',
      'sync.decodeIn=worker',
      '--set=table.sync.initialBatchSize=5000',
    ]);
    expect(argv.filter((a) => !a.startsWith('--'))).toEqual(['storage-read']);
    expect(new BenchOptions(argv, {}).list('set')).toEqual([
      'sync.decodeIn=worker',
      'table.sync.initialBatchSize=5000',
    ]);
    expect(new BenchOptions([], {}).list('set')).toEqual([]);
  });

  it('sets a path of the settings block, and table.<path> on every table, leaving the input alone', () => {
    const base = { bigquery: { tables: [{ id: 'a', sync: { x: 1 } }, { id: 'b' }] }, sync: { settleDelay: '1s' } };
    const out = applyOverrides(base, [
      parseOverride('sync.decodeIn=worker'),
      parseOverride('table.sync.initialBatchSize=5000'),
      parseOverride('bigquery.flag=true'),
    ]);
    expect(out).toEqual({
      bigquery: {
        flag: true,
        tables: [
          { id: 'a', sync: { x: 1, initialBatchSize: 5000 } },
          { id: 'b', sync: { initialBatchSize: 5000 } },
        ],
      },
      sync: { settleDelay: '1s', decodeIn: 'worker' },
    });
    expect(base.sync).toEqual({ settleDelay: '1s' });
  });

  it('rejects a setting without a value or with a bad path', () => {
    expect(() => parseOverride('sync.decodeIn')).toThrow(/path=value/);
    expect(() => parseOverride('__proto__.x=1')).toThrow(/bad path/);
    expect(() => parseOverride('table=1')).toThrow(/needs a setting/);
  });

  it('reads the threads of a process with their CPU ticks', () => {
    const threads = namedThreadTicks(process.pid);
    expect(threads.size).toBeGreaterThan(0);
    for (const t of threads.values()) expect(t.ticks).toBeGreaterThanOrEqual(0);
  });
});
