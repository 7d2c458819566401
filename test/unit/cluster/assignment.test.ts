import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignUnits, liveMembers, ownerOf, unitsOwnedBy } from '../../../src/cluster/assignment.js';
import { unitName, unitSlices } from '../../../src/cluster/units.js';

const units = (tables: number, count: number) =>
  Array.from({ length: tables }, (_, t) => unitSlices(count).map((s) => `table${t}_${unitName(s)}`)).flat();

const memberNames = fc.uniqueArray(fc.stringMatching(/^[a-z0-9.]{1,12}$/), { minLength: 1, maxLength: 6 });

describe('rendezvous assignment', () => {
  it('gives every unit exactly one live owner, the same on every node whatever the member order', () => {
    fc.assert(
      fc.property(memberNames, fc.integer({ min: 1, max: 32 }), (members, count) => {
        const all = units(2, count);
        const owners = assignUnits(all, members);
        expect(owners.size).toBe(all.length);
        for (const owner of owners.values()) expect(members).toContain(owner);
        expect(assignUnits(all, [...members].reverse())).toEqual(owners);
      }),
    );
  });

  it('a death moves only the dead node’s units', () => {
    fc.assert(
      fc.property(
        memberNames.filter((m) => m.length >= 2),
        fc.nat(),
        fc.integer({ min: 1, max: 32 }),
        (members, pick, count) => {
          const all = units(3, count);
          const dead = members[pick % members.length]!;
          const before = assignUnits(all, members);
          const after = assignUnits(
            all,
            members.filter((m) => m !== dead),
          );
          for (const unit of all) {
            if (before.get(unit) !== dead) expect(after.get(unit)).toBe(before.get(unit));
            else expect(after.get(unit)).not.toBe(dead);
          }
        },
      ),
    );
  });

  it('a join moves units only to the new node', () => {
    fc.assert(
      fc.property(
        memberNames,
        fc.stringMatching(/^[a-z0-9.]{1,12}$/),
        fc.integer({ min: 1, max: 32 }),
        (members, joiner, count) => {
          fc.pre(!members.includes(joiner));
          const all = units(3, count);
          const before = assignUnits(all, members);
          const after = assignUnits(all, [...members, joiner]);
          for (const unit of all) {
            if (after.get(unit) !== before.get(unit)) expect(after.get(unit)).toBe(joiner);
          }
        },
      ),
    );
  });

  it('spreads units over the members', () => {
    const all = units(4, 8);
    const members = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const shares = members.map((m) => unitsOwnedBy(m, all, members).length);
    expect(shares.reduce((a, b) => a + b)).toBe(all.length);
    // 32 units over 3 nodes: nobody is left without work.
    for (const share of shares) expect(share).toBeGreaterThan(0);
  });

  it('sees itself among the members (Harper lists only peers) and has no owner without members', () => {
    expect(liveMembers('127.0.0.3', ['127.0.0.2', '127.0.0.3'])).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(ownerOf('t_0of8', [])).toBeUndefined();
  });
});
