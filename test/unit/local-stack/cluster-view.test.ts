import { describe, expect, it } from 'vitest';
import { renderCluster, type ViewCluster } from '../../../src/local-stack/cluster-view.js';

const usage = (today: number) => ({ sinceStart: 0, today, total: today });

describe('renderCluster', () => {
  it('shows members and one line per unit: owner, lease left, token, cursor, lag, rows, rows/s, queries and billed today', () => {
    const cluster: ViewCluster = {
      node: '127.0.0.2',
      members: [
        { id: '127.0.0.2', live: true, unitsOwned: 1 },
        { id: '127.0.0.4', live: false, unitsOwned: 0 },
      ],
      units: [
        {
          tableId: 'positions',
          unit: '0of2',
          state: 'running',
          owner: '127.0.0.2',
          leaseLeftMs: 4_500,
          token: 3,
          cursor: { timestamp: '2026-03-01T12:00:00.123456Z', key: ['7'] },
          lagMs: 1_200,
          rowsWritten: 12_345,
          rowsPerSecond10s: 250.4,
          queries: usage(12),
          bytesBilled: usage(20 * 1024 * 1024),
          lastError: null,
        },
        {
          tableId: 'positions',
          unit: '1of2',
          state: 'unowned',
          owner: null,
          leaseLeftMs: -2_000,
          token: 2,
          cursor: null,
          lagMs: null,
          rowsWritten: 0,
          rowsPerSecond10s: 0,
          queries: usage(0),
          bytesBilled: usage(0),
          lastError: 'unit positions_1of2: commit refused',
        },
      ],
    };
    expect(renderCluster(cluster)).toEqual([
      'cluster members: 127.0.0.2 (this node) 1 units, 127.0.0.4 dead',
      'unit            state    owner      lease left  token  cursor (UTC)               lag    rows  rows/s 10s  queries today  billed today',
      'positions/0of2  running  127.0.0.2       4.5 s      3  2026-03-01 12:00:00.123  1.2 s  12,345         250             12        20 MiB',
      'positions/1of2  unowned  –             expired      2  –                            –       0         0.0              0           0 B',
      '  positions/1of2: unit positions_1of2: commit refused',
    ]);
  });
});
