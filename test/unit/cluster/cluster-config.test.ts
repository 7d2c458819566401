import { describe, expect, it } from 'vitest';
import { parseClusterSettings } from '../../../src/cluster/cluster-config.js';
import { liveFromHeartbeats } from '../../../src/cluster/members.js';

describe('cluster settings', () => {
  it('is off unless enabled: one node needs no cluster settings', () => {
    expect(parseClusterSettings(undefined)).toBeUndefined();
    expect(parseClusterSettings({ enabled: false, units: 4 })).toBeUndefined();
  });

  it('defaults to 8 units and a 15 s lease, renewed well before it runs out', () => {
    const s = parseClusterSettings({ enabled: true })!;
    expect(s.units).toBe(8);
    expect(s.timing).toEqual({ ttlMs: 15_000, commitMarginMs: 3_000 });
    expect(s.tickMs).toBeLessThan(s.timing.ttlMs / 2);
    expect(parseClusterSettings({ enabled: true, units: 16, leaseTtl: '6s' })).toMatchObject({
      units: 16,
      timing: { ttlMs: 6_000 },
    });
  });

  it('repairs after a membership change a minute later unless told otherwise or off', () => {
    expect(parseClusterSettings({ enabled: true })!.repairAfterMemberChangeMs).toBe(60_000);
    expect(parseClusterSettings({ enabled: true, repairAfterMemberChange: '20s' })!.repairAfterMemberChangeMs).toBe(
      20_000,
    );
    expect(
      parseClusterSettings({ enabled: true, repairAfterMemberChange: 'off' })!.repairAfterMemberChangeMs,
    ).toBeNull();
    expect(
      parseClusterSettings({ enabled: true, repairAfterMemberChange: false })!.repairAfterMemberChangeMs,
    ).toBeNull();
    expect(() => parseClusterSettings({ enabled: true, repairAfterMemberChange: 'soon' })).toThrow(
      /repairAfterMemberChange/,
    );
  });

  it('names what is wrong', () => {
    expect(() => parseClusterSettings({ enabled: true, units: 0 })).toThrow(/unit count/);
    expect(() => parseClusterSettings({ enabled: true, leaseTtl: '1s' })).toThrow(/leaseTtl/);
    expect(() => parseClusterSettings({ enabled: true, nodes: 3 })).toThrow(/unknown setting\(s\) nodes/);
    expect(() => parseClusterSettings('yes')).toThrow(/mapping/);
  });
});

describe('live members from heartbeats', () => {
  it('counts itself and every node whose heartbeat has not expired', () => {
    const beats = [
      { id: 'b', expiresAt: 200 },
      { id: 'c', expiresAt: 100 },
    ];
    expect(liveFromHeartbeats('a', beats, 150)).toEqual(['a', 'b']);
    expect(liveFromHeartbeats('b', beats, 250)).toEqual(['b']);
  });
});
