import { describe, expect, it } from 'vitest';
import { emptyEntry, recordRun, usageOf, withValidationUsage } from '../../../streams/validate/ledger.js';
import type { LastValidation } from '../../../streams/validate/report.js';

const DAY1 = Date.UTC(2026, 0, 1, 12);
const DAY2 = Date.UTC(2026, 0, 2, 0, 5);
const last = (at: string): LastValidation => ({
  at,
  windows: 1,
  mismatches: 0,
  repaired: 0,
  missing: 0,
  extra: 0,
  changed: 0,
  bytesBilled: 10,
  clean: true,
});

describe('validation ledger', () => {
  it('adds each run to the totals, today (per UTC day) and since start', () => {
    let entry = emptyEntry(DAY1);
    entry = recordRun(entry, last('a'), { jobs: 1, bytesProcessed: 5, bytesBilled: 10 }, DAY1);
    entry = recordRun(entry, last('b'), { jobs: 2, bytesProcessed: 7, bytesBilled: 20 }, DAY1);
    expect(entry.last?.at).toBe('b');
    expect(usageOf(entry, DAY1)).toEqual({
      queries: { sinceStart: 3, today: 3, total: 3 },
      bytesProcessed: { sinceStart: 12, today: 12, total: 12 },
      bytesBilled: { sinceStart: 30, today: 30, total: 30 },
    });
    // The next UTC day starts today's counters at 0, even before a run.
    expect(usageOf(entry, DAY2).bytesBilled).toEqual({ sinceStart: 30, today: 0, total: 30 });
  });

  it('goes on from a stored record after a restart: totals and today kept, since start from 0', () => {
    const before = recordRun(emptyEntry(DAY1), last('a'), { jobs: 4, bytesProcessed: 1, bytesBilled: 40 }, DAY1);
    const restarted = emptyEntry(DAY1 + 1000, { last: before.last, totals: before.totals });
    expect(restarted.last?.at).toBe('a');
    expect(usageOf(restarted, DAY1 + 1000).queries).toEqual({ sinceStart: 0, today: 4, total: 4 });
  });

  it('counts validations into the status counters and shows them apart', () => {
    const counts = (n: number) => ({ sinceStart: n, today: n, total: n * 10 });
    const status = { tableId: 't', queries: counts(5), bytesProcessed: counts(100), bytesBilled: counts(200) };
    const usage = { queries: counts(1), bytesProcessed: counts(10), bytesBilled: counts(20) };
    expect(withValidationUsage(status, usage)).toEqual({
      tableId: 't',
      queries: counts(6),
      bytesProcessed: counts(110),
      bytesBilled: counts(220),
      validation: usage,
    });
    expect(withValidationUsage(status, null)).toEqual({ ...status, validation: null });
  });
});
