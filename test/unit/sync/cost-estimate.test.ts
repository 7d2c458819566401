import { describe, expect, it } from 'vitest';
import type { WindowRequest } from '../../../streams/query/page-query.js';
import { estimateCost, sourceWarnings, steadyBytesPerDay } from '../../../streams/source/cost-estimate.js';

const MB = 1024 * 1024;
const NOW = BigInt(Date.UTC(2024, 0, 10, 15, 30)) * 1000n;

describe('start-up cost estimate', () => {
  it('prices the backlog from the cursor and a day of polls over the current partition', async () => {
    const asked: WindowRequest[] = [];
    const estimate = await estimateCost(
      async (w) => {
        asked.push(w);
        return w.lowerMicros !== undefined ? 3 * MB : 500 * MB;
      },
      { cursor: null, nowMicros: NOW, partitionUnit: 'DAY', pollIntervalMs: 5000 },
    );
    expect(asked[0]).toEqual({ after: null, upperMicros: NOW });
    expect(asked[1]).toEqual({ after: null, lowerMicros: BigInt(Date.UTC(2024, 0, 10)) * 1000n, upperMicros: NOW });
    // 17,280 polls a day, each billed the 10 MB minimum.
    expect(estimate).toEqual({ backfillBytes: 500 * MB, steadyBytesPerDay: 17_280 * 10 * MB, pollIntervalMs: 5000 });
  });

  it('bills a poll whole MB and at least 10 MB', () => {
    expect(steadyBytesPerDay(0, 60_000)).toBe(1440 * 10 * MB);
    expect(steadyBytesPerDay(20 * MB + 1, 86_400_000)).toBe(21 * MB);
  });
});

describe('source warnings', () => {
  const estimate = { backfillBytes: 0, steadyBytesPerDay: 1024 * 1024 * MB, pollIntervalMs: 5000 };
  const base = { source: 'd.t', timestampColumn: 'ts', estimate, maxBytesBilledPerDay: 0 };

  it('none for a table partitioned on the timestamp', () => {
    expect(sourceWarnings({ ...base, metadata: { timePartitioning: { type: 'DAY', field: 'ts' } } })).toEqual([]);
  });

  it('an unpartitioned table: every poll scans it whole, with the projected bytes per day', () => {
    const [w, ...rest] = sourceWarnings({ ...base, metadata: {} });
    expect(rest).toEqual([]);
    expect(w).toContain('d.t is not partitioned on the timestamp column ts: every poll scans the whole table');
    expect(w).toContain('about 1.0 TiB billed per day at one poll every 5 s');
  });

  it('ingestion-time and other-column partitioning, and a partition filter the sync cannot give', () => {
    const ingestion = sourceWarnings({
      ...base,
      metadata: { timePartitioning: { type: 'DAY' }, requirePartitionFilter: true },
    });
    expect(ingestion[0]).toContain('partitioned by ingestion time (_PARTITIONTIME)');
    expect(ingestion[1]).toContain('requires a filter on _PARTITIONTIME');
    const other = sourceWarnings({
      ...base,
      metadata: { timePartitioning: { type: 'DAY', field: 'loaded', requirePartitionFilter: true } },
    });
    expect(other[0]).toContain('partitioned on loaded, not on the timestamp column ts');
    expect(other[1]).toContain('requires a filter on its partitioning column loaded');
  });

  it('steady polls over the daily budget', () => {
    const w = sourceWarnings({
      ...base,
      maxBytesBilledPerDay: 100 * MB,
      metadata: { timePartitioning: { type: 'DAY', field: 'ts' } },
    });
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('more than sync.maxBytesBilledPerDay (100 MiB)');
  });
});
