import { describe, expect, it } from 'vitest';
import { MemberChangeRepair } from '../../../src/cluster/member-change-repair.js';

describe('repair after a membership change', () => {
  it('is due once, settleMs after a member joins', () => {
    const s = new MemberChangeRepair('a', 1_000);
    expect(s.observe(['a'], 0)).toEqual({ joined: [], left: [] });
    expect(s.take(5_000)).toBe(false);
    expect(s.observe(['a', 'b'], 10_000)).toEqual({ joined: ['b'], left: [] });
    expect(s.take(10_999)).toBe(false);
    expect(s.take(11_000)).toBe(true);
    expect(s.take(12_000)).toBe(false);
  });

  it('a member that dies is a change too: what it sent to one peer only must reach the others', () => {
    const s = new MemberChangeRepair('a', 1_000);
    s.observe(['a', 'b', 'c'], 0);
    expect(s.take(1_000)).toBe(true);
    expect(s.observe(['a', 'b'], 5_000)).toEqual({ joined: [], left: ['c'] });
    expect(s.take(5_999)).toBe(false);
    expect(s.take(6_000)).toBe(true);
  });

  it('waits for the last of a burst of changes (a node frozen past its lease sees the others go and come back)', () => {
    const s = new MemberChangeRepair('b', 1_000);
    s.observe(['a', 'b'], 0);
    expect(s.take(1_000)).toBe(true);
    s.observe(['b'], 3_000);
    s.observe(['a', 'b'], 3_500);
    expect(s.take(4_000)).toBe(false);
    expect(s.pendingAt).toBe(4_500);
    expect(s.take(4_500)).toBe(true);
  });

  it('the first look at a running cluster is a change: this node may lack what the others wrote', () => {
    const s = new MemberChangeRepair('c', 500);
    expect(s.observe(['a', 'b', 'c'], 0).joined).toEqual(['a', 'b']);
    expect(s.take(500)).toBe(true);
  });
});
