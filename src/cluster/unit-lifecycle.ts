import { claim, isLive, release, type Fence, type Lease, type LeaseTiming } from './lease.js';

/**
 * The life of one unit on one node, as a pure state machine. A node evaluates every unit
 * on each tick (membership + the unit's lease as this node sees it) and carries out the
 * effects: write a lease, start the unit's pipeline under a fence, stop it.
 *
 *   idle --desired & lease free--> running --moved / lost / expired / not desired--> draining
 *   draining --drained--> idle (releasing its lease first when it still holds it)
 */
export type UnitState =
  | { kind: 'idle' }
  | { kind: 'running'; fence: Fence; expiresAt: number }
  | { kind: 'draining'; fence: Fence; reason: string };

export type UnitEvent =
  /** Periodic evaluation: does the assignment give this node the unit, and its lease now. */
  | { type: 'tick'; desired: boolean; lease: Lease | undefined; now: number }
  /** The unit's pipeline has stopped (its batch in flight committed or failed). */
  | { type: 'drained'; lease: Lease | undefined; now: number };

export type UnitEffect =
  { type: 'write-lease'; lease: Lease } | { type: 'start'; fence: Fence } | { type: 'stop'; reason: string };

export interface UnitContext {
  self: string;
  tableId: string;
  unit: string;
  timing: LeaseTiming;
}

export interface Step {
  state: UnitState;
  effects: UnitEffect[];
}

export const IDLE: UnitState = { kind: 'idle' };

export function stepUnit(state: UnitState, event: UnitEvent, context: UnitContext): Step {
  switch (state.kind) {
    case 'idle':
      return event.type === 'tick' && event.desired ? acquire(event.lease, event.now, context) : { state, effects: [] };
    case 'running':
      return event.type === 'tick' ? whileRunning(state, event, context) : { state, effects: [] };
    case 'draining':
      if (event.type !== 'drained') return { state, effects: [] };
      return afterDrain(event.lease, event.now, context);
  }
}

function acquire(lease: Lease | undefined, now: number, c: UnitContext): Step {
  const next = claim(lease, { tableId: c.tableId, unit: c.unit, self: c.self, now, ttlMs: c.timing.ttlMs });
  // Another node's lease is live: wait until it is released or expires.
  if (!next) return { state: IDLE, effects: [] };
  const fence = { owner: next.owner, token: next.token };
  return {
    state: { kind: 'running', fence, expiresAt: next.expiresAt },
    effects: [
      { type: 'write-lease', lease: next },
      { type: 'start', fence },
    ],
  };
}

function whileRunning(
  state: Extract<UnitState, { kind: 'running' }>,
  event: Extract<UnitEvent, { type: 'tick' }>,
  c: UnitContext,
): Step {
  const { lease, now } = event;
  const drain = (reason: string): Step => ({
    state: { kind: 'draining', fence: state.fence, reason },
    effects: [{ type: 'stop', reason }],
  });
  if (!lease || lease.owner !== state.fence.owner || lease.token !== state.fence.token) {
    return drain(lease ? `lease taken by ${lease.owner} (token ${lease.token})` : 'lease gone');
  }
  if (!isLive(lease, now)) return drain('lease expired before it was renewed');
  if (!event.desired) return drain('unit assigned to another node');
  // Renew once half the lease has run out: several ticks of slack before it expires.
  if (lease.expiresAt - now > c.timing.ttlMs / 2) return { state, effects: [] };
  const renewed = claim(lease, { tableId: c.tableId, unit: c.unit, self: c.self, now, ttlMs: c.timing.ttlMs })!;
  return {
    state: { ...state, expiresAt: renewed.expiresAt },
    effects: [{ type: 'write-lease', lease: renewed }],
  };
}

function afterDrain(lease: Lease | undefined, now: number, c: UnitContext): Step {
  const released = lease && isLive(lease, now) ? release(lease, c.self, now) : undefined;
  return { state: IDLE, effects: released ? [{ type: 'write-lease', lease: released }] : [] };
}
