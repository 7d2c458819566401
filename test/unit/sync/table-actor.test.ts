import { concat, of, timer, map, NEVER } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TableActor } from '../../../actors/table-actor.js';
import { DEFAULT_SYNC_SETTINGS } from '../../../config/defaults.js';
import type { TableConfig } from '../../../config/types.js';
import type { Progress } from '../../../streams/operators/track-progress.js';

const table: TableConfig = {
  id: 't',
  dataset: 'd',
  table: 't',
  timestampColumn: 'ts',
  columns: '*',
  targetTable: 'T',
  numericMode: 'string',
  geographyFormat: 'wkt',
  sync: { ...DEFAULT_SYNC_SETTINGS },
};

const progress = (rows: number, committed: boolean, at: number): Progress => ({
  cursor: { timestampMicros: 1n, key: ['k'] },
  phase: 'steady',
  lagMs: 5,
  caughtUp: true,
  lookback: false,
  batchSize: 10,
  rowsInBatch: rows,
  skippedInBatch: 0,
  rowsCommitted: rows,
  skippedCommitted: 0,
  rowsPerSecond: 1,
  readLatencyMs: 1,
  committed,
  committedAtMs: at,
});

describe('table actor status', () => {
  it('moves lastCommitAt only when a step wrote something, and counts rows', async () => {
    const actor = new TableActor({
      table,
      build: () => concat(of(progress(3, true, 1_000)), timer(5).pipe(map(() => progress(0, false, 2_000))), NEVER),
      // This stand-in ignores the drain signal: stop abandons it after the timeout.
      drainTimeoutMs: 50,
    });
    actor.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(actor.status).toMatchObject({
      state: 'running',
      rowsCommitted: 3,
      lastCommitAt: new Date(1_000).toISOString(),
      cursor: { key: ['k'] },
    });
    await actor.stop();
    expect(actor.status.state).toBe('stopped');
  });
});
