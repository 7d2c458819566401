import { describe, expect, it } from 'vitest';
import { claim, fenceProblem, leaseId, release, type Lease } from '../../../src/cluster/lease.js';
import { IDLE, stepUnit, type UnitContext, type UnitState } from '../../../src/cluster/unit-lifecycle.js';

const timing = { ttlMs: 10_000, commitMarginMs: 1_000 };
const a: UnitContext = { self: 'a', tableId: 'positions', unit: '1of8', timing };
const b: UnitContext = { ...a, self: 'b' };
const lease = (owner: string, token: number, expiresAt: number): Lease => ({
  id: leaseId('positions', '1of8'),
  tableId: 'positions',
  unit: '1of8',
  owner,
  token,
  expiresAt,
});

describe('lease claims and fencing', () => {
  it('takes a free or expired lease with a higher token, keeps its own live one, waits for another live one', () => {
    expect(claim(undefined, { ...a, now: 0, ttlMs: 10 })).toMatchObject({ owner: 'a', token: 1, expiresAt: 10 });
    expect(claim(lease('b', 4, 100), { ...a, now: 100, ttlMs: 10 })).toMatchObject({ owner: 'a', token: 5 });
    expect(claim(lease('a', 4, 100), { ...a, now: 50, ttlMs: 10 })).toMatchObject({
      owner: 'a',
      token: 4,
      expiresAt: 60,
    });
    expect(claim(lease('b', 4, 100), { ...a, now: 50, ttlMs: 10 })).toBeUndefined();
  });

  it('releases only its own lease, by expiring it now', () => {
    expect(release(lease('a', 2, 100), 'a', 40)).toMatchObject({ owner: 'a', token: 2, expiresAt: 40 });
    expect(release(lease('b', 2, 100), 'a', 40)).toBeUndefined();
  });

  it('refuses a commit without the lease, under another token or owner, or too close to expiry', () => {
    const fence = { owner: 'a', token: 3 };
    expect(fenceProblem(lease('a', 3, 10_000), fence, 5_000, 1_000)).toBeUndefined();
    expect(fenceProblem(undefined, fence, 0, 1_000)).toMatch(/no lease/);
    expect(fenceProblem(lease('b', 4, 10_000), fence, 0, 1_000)).toMatch(/moved to b/);
    expect(fenceProblem(lease('a', 4, 10_000), fence, 0, 1_000)).toMatch(/token 4/);
    // A node frozen past its lease: its own copy still names it, but the clock says no.
    expect(fenceProblem(lease('a', 3, 10_000), fence, 9_500, 1_000)).toMatch(/expired/);
  });
});

describe('unit lifecycle', () => {
  it('an assigned unit with a free lease starts under a new fence', () => {
    const { state, effects } = stepUnit(IDLE, { type: 'tick', desired: true, lease: undefined, now: 0 }, a);
    expect(state).toEqual({ kind: 'running', fence: { owner: 'a', token: 1 }, expiresAt: 10_000 });
    expect(effects).toEqual([
      { type: 'write-lease', lease: lease('a', 1, 10_000) },
      { type: 'start', fence: { owner: 'a', token: 1 } },
    ]);
  });

  it('waits while another node holds a live lease, and takes over once it expires', () => {
    const held = lease('b', 7, 5_000);
    expect(stepUnit(IDLE, { type: 'tick', desired: true, lease: held, now: 1_000 }, a)).toEqual({
      state: IDLE,
      effects: [],
    });
    const taken = stepUnit(IDLE, { type: 'tick', desired: true, lease: held, now: 5_000 }, a);
    expect(taken.state).toMatchObject({ kind: 'running', fence: { owner: 'a', token: 8 } });
  });

  it('renews once half the lease has run out, keeping the token', () => {
    const running: UnitState = { kind: 'running', fence: { owner: 'a', token: 1 }, expiresAt: 10_000 };
    const early = stepUnit(running, { type: 'tick', desired: true, lease: lease('a', 1, 10_000), now: 4_000 }, a);
    expect(early.effects).toEqual([]);
    const late = stepUnit(running, { type: 'tick', desired: true, lease: lease('a', 1, 10_000), now: 6_000 }, a);
    expect(late.effects).toEqual([{ type: 'write-lease', lease: lease('a', 1, 16_000) }]);
    expect(late.state).toMatchObject({ kind: 'running', expiresAt: 16_000 });
  });

  it('stops when the lease moved, expired, or the unit is assigned elsewhere, then releases what it holds', () => {
    const running: UnitState = { kind: 'running', fence: { owner: 'a', token: 1 }, expiresAt: 10_000 };
    const tick = (desired: boolean, l: Lease | undefined, now: number) =>
      stepUnit(running, { type: 'tick', desired, lease: l, now }, a);
    expect(tick(true, lease('b', 2, 20_000), 1_000).effects).toEqual([
      { type: 'stop', reason: expect.stringMatching(/taken by b/) },
    ]);
    // Frozen past the lease (SIGSTOP): on waking it stops instead of renewing.
    expect(tick(true, lease('a', 1, 10_000), 12_000).effects).toEqual([
      { type: 'stop', reason: expect.stringMatching(/expired/) },
    ]);
    const moved = tick(false, lease('a', 1, 10_000), 1_000);
    expect(moved.state).toMatchObject({ kind: 'draining' });
    // Nothing happens while draining until the pipeline has stopped.
    expect(
      stepUnit(moved.state, { type: 'tick', desired: false, lease: lease('a', 1, 10_000), now: 2_000 }, a).effects,
    ).toEqual([]);
    const drained = stepUnit(moved.state, { type: 'drained', lease: lease('a', 1, 10_000), now: 3_000 }, a);
    expect(drained).toEqual({ state: IDLE, effects: [{ type: 'write-lease', lease: lease('a', 1, 3_000) }] });
    // The new owner takes the released lease at once, with a higher token.
    const next = stepUnit(IDLE, { type: 'tick', desired: true, lease: lease('a', 1, 3_000), now: 3_000 }, b);
    expect(next.state).toMatchObject({ kind: 'running', fence: { owner: 'b', token: 2 } });
  });

  it('does not release a lease another node already holds', () => {
    const draining: UnitState = { kind: 'draining', fence: { owner: 'a', token: 1 }, reason: 'x' };
    expect(stepUnit(draining, { type: 'drained', lease: lease('b', 2, 50_000), now: 1_000 }, a)).toEqual({
      state: IDLE,
      effects: [],
    });
  });
});
