import { describe, expect, it } from 'vitest';
import { JoinRepairSchedule } from '../../../src/cluster/join-repair.js';

describe('repair after a join', () => {
  it('is due once, settleMs after a member joins', () => {
    const s = new JoinRepairSchedule('a', 1_000);
    expect(s.observe(['a'], 0)).toEqual([]);
    expect(s.take(5_000)).toBe(false);
    expect(s.observe(['a', 'b'], 10_000)).toEqual(['b']);
    expect(s.take(10_999)).toBe(false);
    expect(s.take(11_000)).toBe(true);
    expect(s.take(12_000)).toBe(false);
  });

  it('waits for the last of a burst of joins, and counts a node back after expiring as joining', () => {
    const s = new JoinRepairSchedule('a', 1_000);
    s.observe(['a', 'b'], 0);
    s.observe(['a', 'b', 'c'], 800);
    expect(s.take(1_000)).toBe(false);
    expect(s.take(1_800)).toBe(true);
    // c's heartbeat expired (under load), then c is back: its connection may have been set up anew.
    expect(s.observe(['a', 'b'], 3_000)).toEqual([]);
    expect(s.take(10_000)).toBe(false);
    expect(s.observe(['a', 'b', 'c'], 11_000)).toEqual(['c']);
    expect(s.pendingAt).toBe(12_000);
  });

  it('the first look at a running cluster is a join: this node may lack what the others wrote', () => {
    const s = new JoinRepairSchedule('c', 500);
    expect(s.observe(['a', 'b', 'c'], 0)).toEqual(['a', 'b']);
    expect(s.take(500)).toBe(true);
  });
});
