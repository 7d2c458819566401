import { describe, expect, it } from 'vitest';
import { MAX_RUNS, MemberChangeRepair, pastItsMillisecond } from '../../../src/cluster/member-change-repair.js';

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

describe('what a repair after a membership change must reach', () => {
  const due = (s: MemberChangeRepair, at: number) => {
    expect(s.take(at)).toBe(true);
  };

  it('covers the highest unit cursor seen when it fell due, its millisecond included, in runs settleMs apart while units catch up', () => {
    const s = new MemberChangeRepair('a', 1_000);
    s.observe(['a', 'b', 'c'], 0);
    due(s, 1_000);
    // A moved unit is behind: the first run reaches only the least cursor.
    expect(s.plan('t', 400, 900)).toEqual({ upTo: 'least', targetMs: 901 });
    expect(s.reached('t', 400, 1_000)).toBe('again');
    expect(s.pendingAt).toBe(2_000);
    due(s, 2_000);
    // The target stays where it was; the next run starts where the last one stopped.
    expect(s.plan('t', 950, 1_500)).toEqual({ fromMs: 400, upTo: 'least', targetMs: 901 });
    expect(s.reached('t', 950, 2_000)).toBe('covered');
    expect(s.pendingAt).toBeUndefined();
    expect(s.plan('t', 2_000, 3_000)).toBeUndefined();
  });

  it('when the least cursor stops moving (every unit idle), the next run ends after the highest cursor’s millisecond', () => {
    const s = new MemberChangeRepair('a', 1_000);
    s.observe(['a', 'b'], 0);
    due(s, 1_000);
    // Every unit in one millisecond: a run to the least cursor leaves that millisecond out.
    expect(s.plan('t', 900, 900)).toEqual({ upTo: 'least', targetMs: 901 });
    expect(s.reached('t', 900, 1_000)).toBe('again');
    due(s, 2_000);
    expect(s.plan('t', 900, 900)).toEqual({ fromMs: 900, upTo: 'highest', targetMs: 901 });
    expect(s.reached('t', 901, 2_000)).toBe('covered');
  });

  it('a skipped run (no checkpoint yet) is tried again, and after MAX_RUNS short runs it gives up', () => {
    const s = new MemberChangeRepair('a', 10);
    s.observe(['a', 'b'], 0);
    let now = 10;
    let outcome = '';
    for (let run = 1; run <= MAX_RUNS; run++) {
      due(s, now);
      expect(s.plan('t', undefined, 900)).toBeDefined();
      outcome = s.reached('t', undefined, now);
      now += 10;
    }
    expect(outcome).toBe('gave up');
    expect(s.pendingAt).toBeUndefined();
  });

  it('tables are tracked apart, and a new change measures the targets again', () => {
    const s = new MemberChangeRepair('a', 1_000);
    s.observe(['a', 'b'], 0);
    due(s, 1_000);
    s.plan('t', 900, 900);
    s.plan('u', 100, 500);
    expect(s.reached('t', 901, 1_000)).toBe('covered');
    expect(s.reached('u', 100, 1_000)).toBe('again');
    s.observe(['a'], 1_500);
    due(s, 2_500);
    expect(s.plan('t', 2_000, 2_400)).toEqual({ upTo: 'least', targetMs: 2_401 });
    expect(s.plan('u', 2_000, 2_400)).toEqual({ upTo: 'least', targetMs: 2_401 });
  });

  it('pastItsMillisecond: the start of the millisecond after the cursor’s, key kept', () => {
    const cursor = { timestampMicros: 1_767_229_200_005_000n, key: ['200900004'] };
    expect(pastItsMillisecond(cursor)).toEqual({ timestampMicros: 1_767_229_200_006_000n, key: ['200900004'] });
    expect(pastItsMillisecond({ timestampMicros: 999n, key: [] }).timestampMicros).toBe(1_000n);
  });
});
