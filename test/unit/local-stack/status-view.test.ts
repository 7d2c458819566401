import { describe, expect, it } from 'vitest';
import { formatBytes, formatLag, renderStatus, type ViewStatus } from '../../../src/local-stack/status-view.js';

const usage = (today: number) => ({ sinceStart: today, today, total: today * 3 });

function status(overrides: Partial<ViewStatus> = {}): ViewStatus {
  return {
    tableId: 'vessel_positions',
    state: 'running',
    phase: 'steady',
    rowsWritten: 1_250_000,
    distinctKeys: 1_200_000,
    rowsPerSecond10s: 2.5,
    rowsPerSecond60s: 1234.4,
    lagMs: 1500,
    queries: usage(86_400),
    bytesBilled: usage(10 * 1024 * 1024 * 86_400),
    lastError: null,
    ...overrides,
  };
}

describe('renderStatus', () => {
  it('shows the status fields: state, phase, rows and distinct, rows/s 10 s / 60 s, lag, queries and billed today', () => {
    const lines = renderStatus([
      status(),
      status({
        tableId: 'port_events',
        state: 'paused',
        phase: null,
        rowsWritten: 0,
        distinctKeys: null,
        rowsPerSecond10s: 0,
        rowsPerSecond60s: 0,
        lagMs: null,
        queries: usage(0),
        bytesBilled: usage(0),
      }),
    ]);
    expect(lines).toEqual([
      'table             state    phase        rows   distinct  rows/s 10s/60s    lag  queries today  billed today  budget left',
      'vessel_positions  running  steady  1,250,000  1,200,000     2.5 / 1,234  1.5 s         86,400       844 GiB            –',
      'port_events       paused   –               0          –           0 / 0      –              0           0 B            –',
    ]);
  });

  it('adds a Storage Read line for a table whose backfill read through Storage Read (apart from billed)', () => {
    const lines = renderStatus([
      status({
        storageRead: {
          sessions: 1,
          streams: 4,
          rowsRead: 1_000_000,
          bytesRead: { sinceStart: 85 * 1024 ** 2, today: 85 * 1024 ** 2, total: 90 * 1024 ** 2 },
        },
      }),
      status({
        tableId: 'port_events',
        storageRead: { sessions: 0, streams: 0, rowsRead: 0, bytesRead: usage(0) },
      }),
    ]);
    expect(lines.slice(3)).toEqual([
      '  vessel_positions: Storage Read 1 session, 4 streams, 1,000,000 rows, 90 MiB read (85 MiB today)',
    ]);
  });

  it('lists the error of a table that is not running, not of one that recovered', () => {
    const lines = renderStatus([
      status({ tableId: 'a', state: 'failed', lastError: 'Not found: Table p:d.a' }),
      status({ tableId: 'b', lastError: 'a retried timeout' }),
    ]);
    expect(lines.slice(3)).toEqual(['  a: Not found: Table p:d.a']);
  });

  it('says why a table is paused when the user did not pause it', () => {
    const lines = renderStatus([
      status({ tableId: 'a', state: 'paused', pauseReason: 'budget' }),
      status({ tableId: 'b', state: 'paused', pauseReason: 'user' }),
    ]);
    expect(lines.slice(1, 3).map((l) => l.split(/\s{2,}/)[1])).toEqual(['paused (budget)', 'paused']);
  });

  it('adds a line per table with its last validation: verdict, bytes billed, orphan references', () => {
    const at = '2026-01-01T00:15:00.000Z';
    const base = {
      at,
      windows: 3,
      mismatches: 0,
      repaired: 0,
      missing: 0,
      extra: 0,
      changed: 0,
      bytesBilled: 10 * 1024 ** 2,
    };
    const lines = renderStatus([
      status({ tableId: 'a', lastValidation: { ...base, clean: true } }),
      status({
        tableId: 'b',
        lastValidation: {
          ...base,
          clean: false,
          bytesBilled: 0,
          skipped: 'over budget: above validation.maxBytesBilled 1000',
          orphans: 1,
          references: [{ column: 'vessel_mmsi', table: 'vessel_metadata', orphans: 1, sample: ['999'] }],
        },
      }),
      status({
        tableId: 'c',
        lastValidation: { ...base, clean: false, mismatches: 2, missing: 37, extra: 5, changed: 1, repaired: 38 },
        validation: {
          queries: { sinceStart: 2, today: 2, total: 5 },
          bytesProcessed: { sinceStart: 1, today: 1, total: 1 },
          bytesBilled: { sinceStart: 20 * 1024 ** 2, today: 20 * 1024 ** 2, total: 50 * 1024 ** 2 },
        },
      }),
      status({ tableId: 'd', lastValidation: null }),
    ]);
    expect(lines.slice(5)).toEqual([
      `  a: validation ${at}: clean, 3 windows, 10 MiB billed`,
      `  b: validation ${at}: skipped (over budget: above validation.maxBytesBilled 1000), 0 B billed; 1 vessel_mmsi values not in vessel_metadata (999)`,
      `  c: validation ${at}: 2 mismatching windows: 37 missing, 5 extra, 1 changed, 38 repaired, 10 MiB billed; validations today 2 queries, 20 MiB billed (total 5, 50 MiB)`,
    ]);
  });

  it('shows a dash for fields an older status record lacks', () => {
    const [, line] = renderStatus([{ tableId: 't', state: 'running' }]);
    expect(line!.split(/\s{2,}/)).toEqual(['t', 'running', '–', '–', '–', '– / –', '–', '–', '–', '–']);
  });

  it('shows the budget left, a budget pause and until when, the start-up estimate and warnings', () => {
    const MiB = 1024 * 1024;
    const lines = renderStatus([
      status({
        state: 'paused',
        pauseReason: 'budget',
        resumesAt: '2024-01-02T00:00:00.000Z',
        budget: { maxBytesBilledPerDay: 25 * MiB, bytesBilledToday: 20 * MiB, leftToday: 5 * MiB },
        costEstimate: { backfillBytes: 1.5 * 1024 * MiB, steadyBytesPerDay: 17_280 * 10 * MiB, pollIntervalMs: 5000 },
        warnings: ['d.t is not partitioned on the timestamp column ts'],
      }),
    ]);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([
      'vessel_positions',
      'paused (budget)',
      'steady',
      '1,250,000',
      '1,200,000',
      '2.5 / 1,234',
      '1.5 s',
      '86,400',
      '844 GiB',
      '5 MiB',
    ]);
    expect(lines.slice(2)).toEqual([
      '  vessel_positions: paused by sync.maxBytesBilledPerDay until 2024-01-02 00:00 UTC',
      '  vessel_positions: estimate 1.5 GiB to back-fill, 169 GiB/day billed polling every 5.0 s',
      '  vessel_positions: warning: d.t is not partitioned on the timestamp column ts',
    ]);
  });
});

describe('formatLag and formatBytes', () => {
  it('are short and human', () => {
    expect([850, 12_500, 240_000, 7_560_000, null].map(formatLag)).toEqual(['850 ms', '12.5 s', '4 min', '2.1 h', '–']);
    expect([0, 512, 10 * 1024 ** 2, 1.5 * 1024 ** 3, 150 * 1024 ** 2].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '10 MiB',
      '1.5 GiB',
      '150 MiB',
    ]);
  });
});
