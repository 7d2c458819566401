import { describe, expect, it } from 'vitest';
import { assignUnits } from '../../../src/cluster/assignment.js';
import { leaseId, type Lease } from '../../../src/cluster/lease.js';
import { FenceRegistry } from '../../../src/cluster/lease-store.js';
import { UnitRunner, type UnitHandle, type UnitRef } from '../../../src/cluster/unit-runner.js';
import { unitName, unitSlices } from '../../../src/cluster/units.js';

const timing = { ttlMs: 10_000, commitMarginMs: 1_000 };
const units: UnitRef[] = unitSlices(8).map((s) => ({ tableId: 'positions', unit: unitName(s) }));
const ids = units.map((u) => leaseId(u.tableId, u.unit));

/** Nodes sharing one lease table (replication taken as instant) and a virtual clock. */
function world(stopGate?: Promise<void>, unleasedGraceMs?: number) {
  const leases = new Map<string, Lease>();
  const clock = { now: 0 };
  const members = new Set<string>();
  const running = new Map<string, Set<string>>();
  const node = (self: string) => {
    members.add(self);
    const mine = new Set<string>();
    running.set(self, mine);
    const runner = new UnitRunner({
      self,
      members: () => [...members],
      units,
      leases: {
        get: async (t, u) => leases.get(leaseId(t, u)),
        put: async (l) => void leases.set(l.id, l),
      },
      fences: new FenceRegistry(),
      timing,
      now: () => clock.now,
      ...(unleasedGraceMs !== undefined ? { unleasedGraceMs } : {}),
      run: (ref): UnitHandle => {
        const id = leaseId(ref.tableId, ref.unit);
        mine.add(id);
        let end!: () => void;
        const done = new Promise<void>((r) => (end = r));
        return {
          done,
          stop: async () => {
            // A drain waits for the batch in flight: here until the gate opens.
            if (stopGate) await stopGate;
            mine.delete(id);
            end();
            await Promise.resolve();
          },
        };
      },
    });
    return runner;
  };
  /** Which node runs each unit (a unit on two nodes would show up as a clash). */
  const placement = () => {
    const where = new Map<string, string>();
    for (const [self, mine] of running) {
      for (const id of mine) {
        expect(where.has(id), `${id} runs on two nodes`).toBe(false);
        where.set(id, self);
      }
    }
    return where;
  };
  return { leases, clock, members, node, placement };
}

async function settle(runners: UnitRunner[], clock: { now: number }, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (const r of runners) await r.tick();
    await new Promise((r) => setTimeout(r, 0));
    clock.now += 1_000;
  }
}

describe('unit runner', () => {
  it('runs every unit on exactly the node the assignment names', async () => {
    const w = world();
    const a = w.node('a');
    const b = w.node('b');
    await settle([a, b], w.clock);
    const expected = assignUnits(ids, ['a', 'b']);
    expect(w.placement()).toEqual(expected);
    expect(new Set(expected.values())).toEqual(new Set(['a', 'b']));
    expect(a.status().filter((u) => u.state === 'running').length).toBe(
      [...expected.values()].filter((o) => o === 'a').length,
    );
  });

  it('leaves units that were never leased alone for a grace after its first tick, not leased ones', async () => {
    const w = world(undefined, 5_000);
    // One unit was leased before (by a node now gone): its record is there, expired.
    w.leases.set(ids[0]!, {
      id: ids[0]!,
      tableId: 'positions',
      unit: units[0]!.unit,
      owner: 'z',
      expiresAt: -1,
      token: 4,
    });
    const a = w.node('a');
    await settle([a], w.clock, 3);
    expect([...w.placement().keys()]).toEqual([ids[0]]);
    expect(w.leases.get(ids[0]!)).toMatchObject({ owner: 'a', token: 5 });
    await settle([a], w.clock, 4);
    expect(w.placement().size).toBe(ids.length);
  });

  it('a dead node’s units move once its leases expire, and only those', async () => {
    const w = world();
    const a = w.node('a');
    const b = w.node('b');
    await settle([a, b], w.clock);
    const before = w.placement();
    // b dies: it stops ticking and leaves the member list; its leases stay until they expire.
    w.members.delete('b');
    await settle([a], w.clock, 2);
    for (const [id, owner] of before) if (owner === 'b') expect(w.placement().get(id)).toBe('b');
    await settle([a], w.clock, 12);
    for (const id of ids) {
      if (before.get(id) === 'a') expect(w.leases.get(id)!.token).toBe(1);
      else expect(w.leases.get(id)).toMatchObject({ owner: 'a', token: 2 });
    }
  });

  it('a joining node gets its units after the old owner drains and hands them over', async () => {
    const w = world();
    const a = w.node('a');
    const b = w.node('b');
    await settle([a, b], w.clock);
    const c = w.node('c');
    await settle([a, b, c], w.clock, 4);
    const expected = assignUnits(ids, ['a', 'b', 'c']);
    const placed = w.placement();
    for (const id of ids) expect(placed.get(id)).toBe(expected.get(id));
    await Promise.all([a.stop(), b.stop(), c.stop()]);
    expect(w.placement().size).toBe(0);
  });

  it('a unit that drains slowly does not hold up the renewal of the others', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const w = world(gate);
    const a = w.node('a');
    await settle([a], w.clock);
    // b joins: a must hand over b's units, whose drains wait for the gate; meanwhile the
    // units a keeps must be renewed on every tick as if nothing were draining.
    const b = w.node('b');
    const keeps = [...assignUnits(ids, ['a', 'b'])].filter(([, o]) => o === 'a').map(([id]) => id);
    for (let i = 0; i < 15; i++) {
      await a.tick();
      w.clock.now += 1_000;
    }
    for (const id of keeps) expect(w.leases.get(id)!.expiresAt).toBeGreaterThan(w.clock.now);
    open();
    await settle([a, b], w.clock, 16);
    expect(w.placement()).toEqual(assignUnits(ids, ['a', 'b']));
  });
});
