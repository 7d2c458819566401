import { describe, expect, it } from 'vitest';
import {
  clusterStatus,
  type CheckpointRecord,
  type ClusterStatusInput,
  type LeaseRecord,
  type UnitStatusRecord,
} from '../../../src/cluster/cluster-status.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = '2026-03-01';
const tables = [{ id: 'positions', source: 'maritime.positions', targetTable: 'VesselPositions' }];

function lease(unit: string, owner: string, expiresAt = NOW + 5_000, token = 1): LeaseRecord {
  return { id: `positions_${unit}`, tableId: 'positions', unit, owner, expiresAt, token };
}

function checkpoint(unit: string, fields: Partial<CheckpointRecord> = {}): CheckpointRecord {
  return {
    id: `positions_${unit}`,
    tableId: 'positions',
    unit,
    cursorTimestampMicros: '1772366400000000',
    cursorKey: '["7"]',
    rowsWritten: 100,
    distinctKeys: 90,
    queries: 10,
    bytesProcessed: 1000,
    bytesBilled: 2000,
    statsDay: DAY,
    queriesToday: 4,
    bytesProcessedToday: 400,
    bytesBilledToday: 800,
    ...fields,
  };
}

function report(unit: string, node: string, fields: Partial<UnitStatusRecord> = {}): UnitStatusRecord {
  return {
    id: `positions_${unit}`,
    tableId: 'positions',
    unit,
    node,
    token: 1,
    publishedAt: NOW - 500,
    runner: 'running',
    state: 'running',
    phase: 'steady',
    caughtUp: true,
    lagMs: 1_000,
    lastPollAt: '2026-03-01T11:59:59.000Z',
    rowsPerSecond10s: 10.5,
    rowsPerSecond60s: 5,
    rowsWrittenSinceStart: 30,
    queriesSinceStart: 2,
    bytesProcessedSinceStart: 200,
    bytesBilledSinceStart: 400,
    restarts: 0,
    lastError: null,
    lastErrorAt: null,
    lastCommitAt: '2026-03-01T11:59:58.000Z',
    ...fields,
  };
}

function input(parts: Partial<ClusterStatusInput>): ClusterStatusInput {
  return {
    now: NOW,
    members: [
      { id: 'a', expiresAt: NOW + 5_000, units: 4, tables },
      { id: 'b', expiresAt: NOW + 5_000, units: 4, tables },
    ],
    leases: [],
    checkpoints: [],
    unitStatuses: [],
    controls: [],
    ...parts,
  };
}

describe('clusterStatus', () => {
  it('is undefined when no member is live (the node runs alone)', () => {
    expect(clusterStatus(input({ members: [{ id: 'a', expiresAt: NOW - 1, units: 4, tables }] }))).toBeUndefined();
    expect(clusterStatus(input({ members: [] }))).toBeUndefined();
  });

  it('lists every unit of the split, owned or not, with lease, cursor, rows and usage', () => {
    const status = clusterStatus(
      input({
        leases: [lease('0of4', 'a'), lease('1of4', 'b', NOW + 3_000, 7), lease('2of4', 'a', NOW - 1_000)],
        checkpoints: [checkpoint('0of4'), checkpoint('1of4', { rowsWritten: 50, statsDay: '2026-02-28' })],
        unitStatuses: [report('0of4', 'a'), report('1of4', 'b', { token: 7, state: 'backoff', lastError: 'boom' })],
      }),
    )!;
    expect(status.cluster.units.map((u) => [u.unit, u.state, u.owner])).toEqual([
      ['0of4', 'running', 'a'],
      ['1of4', 'backoff', 'b'],
      ['2of4', 'unowned', null],
      ['3of4', 'unowned', null],
    ]);
    const [u0, u1, u2] = status.cluster.units;
    expect(u0).toMatchObject({
      leaseExpiresAt: new Date(NOW + 5_000).toISOString(),
      leaseLeftMs: 5_000,
      token: 1,
      cursor: { timestamp: '2026-03-01T12:00:00.000000Z', key: ['7'] },
      // Aged by the report's age (500 ms).
      lagMs: 1_500,
      rowsWritten: 100,
      rowsWrittenSinceStart: 30,
      rowsPerSecond10s: 10.5,
      queries: { sinceStart: 2, today: 4, total: 10 },
      bytesBilled: { sinceStart: 400, today: 800, total: 2000 },
      reportAgeMs: 500,
    });
    // Yesterday's counters are not today's.
    expect(u1!.queries).toEqual({ sinceStart: 2, today: 0, total: 10 });
    expect(u1!.lastError).toBe('boom');
    // An expired lease: still shown (who had it, until when), but nobody owns the unit.
    expect(u2).toMatchObject({ owner: null, token: 1, leaseLeftMs: -1_000, rowsWritten: 0, cursor: null });
  });

  it('ignores a report from a former owner and shows the new tenure as starting', () => {
    const status = clusterStatus(
      input({ leases: [lease('0of4', 'b', NOW + 5_000, 2)], unitStatuses: [report('0of4', 'a', { token: 1 })] }),
    )!;
    expect(status.cluster.units[0]).toMatchObject({ state: 'starting', owner: 'b', lagMs: null, rowsPerSecond10s: 0 });
  });

  it('aggregates a table: rows summed, worst lag, least cursor, units per owner and state', () => {
    const status = clusterStatus(
      input({
        leases: ['0of4', '1of4', '2of4', '3of4'].map((u, i) => lease(u, i < 3 ? 'a' : 'b')),
        checkpoints: [
          checkpoint('0of4'),
          checkpoint('1of4', { cursorTimestampMicros: '1772366399000000', cursorKey: '["3"]' }),
          checkpoint('2of4'),
          checkpoint('3of4', { distinctKeys: null }),
        ],
        unitStatuses: [
          report('0of4', 'a', { lagMs: 2_000 }),
          report('1of4', 'a', { lagMs: 9_000, caughtUp: false, phase: 'catchup' }),
          report('2of4', 'a'),
          report('3of4', 'b', { runner: 'draining' }),
        ],
      }),
    )!;
    const [table] = status.tables;
    expect(table).toMatchObject({
      tableId: 'positions',
      source: 'maritime.positions',
      targetTable: 'VesselPositions',
      state: 'running',
      pauseReason: null,
      phase: 'catchup',
      caughtUp: false,
      cursor: { timestamp: '2026-03-01T11:59:59.000000Z', key: ['3'] },
      lagMs: 9_500,
      rowsWritten: 400,
      // Three units run; the draining one counts no rate.
      rowsPerSecond10s: 31.5,
      rowsWrittenSinceStart: 90,
      distinctKeys: null,
      queries: { sinceStart: 6, today: 16, total: 40 },
      units: { total: 4, running: 3, draining: 1 },
      unitsByOwner: { a: 3, b: 1 },
    });
    expect(status.cluster.members).toEqual([
      {
        id: 'a',
        live: true,
        heartbeatExpiresAt: new Date(NOW + 5_000).toISOString(),
        unitsOwned: 3,
        unitsOwnedByTable: { positions: 3 },
      },
      {
        id: 'b',
        live: true,
        heartbeatExpiresAt: new Date(NOW + 5_000).toISOString(),
        unitsOwned: 1,
        unitsOwnedByTable: { positions: 1 },
      },
    ]);
  });

  it('a table is failed when any unit failed, pausing until every owned unit paused, then paused', () => {
    const leases = ['0of4', '1of4'].map((u) => lease(u, 'a'));
    const paused = [{ id: 'positions', paused: true }];
    const failed = clusterStatus(
      input({ leases, unitStatuses: [report('0of4', 'a', { state: 'failed', lastError: 'bad', lastErrorAt: 'x' })] }),
    )!;
    expect(failed.tables[0]).toMatchObject({ state: 'failed', lastError: 'bad' });
    const pausing = clusterStatus(
      input({
        leases,
        controls: paused,
        unitStatuses: [report('0of4', 'a', { state: 'paused' }), report('1of4', 'a')],
      }),
    )!;
    expect(pausing.tables[0]).toMatchObject({ state: 'pausing', pauseReason: 'user' });
    const all = clusterStatus(
      input({
        leases,
        controls: paused,
        unitStatuses: [report('0of4', 'a', { state: 'paused' }), report('1of4', 'a', { state: 'paused' })],
      }),
    )!;
    expect(all.tables[0]).toMatchObject({ state: 'paused', pauseReason: 'user', rowsPerSecond10s: 21 });
  });

  it('lists dead members too, after the live ones, with no units', () => {
    const status = clusterStatus(
      input({
        members: [
          { id: 'z', expiresAt: NOW + 5_000, units: 2, tables },
          { id: 'dead', expiresAt: NOW - 10, units: 2, tables },
        ],
      }),
    )!;
    expect(status.cluster.members.map((m) => [m.id, m.live])).toEqual([
      ['z', true],
      ['dead', false],
    ]);
    expect(status.cluster.units).toHaveLength(2);
  });
});
