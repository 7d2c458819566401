import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClusterSettings } from '../../../src/cluster/cluster-config.js';
import { ownerOf } from '../../../src/cluster/assignment.js';
import { parsePlacement, unitPlacement } from '../../../src/cluster/placement.js';
import {
  installResidency,
  residencyFor,
  tagPlacement,
  type ResidencyFunction,
} from '../../../src/cluster/residency.js';
import { shardedCommitStep, shardedTargetTables } from '../../../src/cluster/sharded.js';

describe('placement settings', () => {
  it('defaults to full replication; sharded defaults to one replica', () => {
    expect(parseClusterSettings({ enabled: true })!.placement).toEqual({ mode: 'replicated', replicas: 0 });
    expect(parseClusterSettings({ enabled: true, placement: 'sharded' })!.placement).toEqual({
      mode: 'sharded',
      replicas: 1,
    });
    expect(parsePlacement('sharded', 0)).toEqual({ mode: 'sharded', replicas: 0 });
    expect(parsePlacement('sharded', '2')).toEqual({ mode: 'sharded', replicas: 2 });
  });

  it('names what is wrong', () => {
    expect(() => parsePlacement('spread', undefined)).toThrow(/placement/);
    expect(() => parsePlacement('sharded', -1)).toThrow(/replicas/);
    expect(() => parsePlacement('sharded', 1.5)).toThrow(/replicas/);
    expect(() => parsePlacement('replicated', 1)).toThrow(/only with placement: sharded/);
  });
});

describe('unit placement', () => {
  const members = fc.uniqueArray(fc.stringMatching(/^[a-z0-9.]{1,12}$/), { minLength: 1, maxLength: 8 });

  it('puts the writer first, then distinct live members, as many as asked and available', () => {
    fc.assert(
      fc.property(members, fc.nat(5), fc.string(), (live, replicas, unit) => {
        const writer = live[0]!;
        const nodes = unitPlacement(unit, writer, live, replicas);
        expect(nodes[0]).toBe(writer);
        expect(new Set(nodes).size).toBe(nodes.length);
        expect(nodes.length).toBe(Math.min(1 + replicas, live.length));
        for (const n of nodes) expect(live).toContain(n);
      }),
    );
  });

  it("the first replica is the unit's owner once the writer is gone (it already holds the rows)", () => {
    fc.assert(
      fc.property(members, fc.string(), (live, unit) => {
        fc.pre(live.length >= 2);
        const owner = ownerOf(unit, live)!;
        const [, firstReplica] = unitPlacement(unit, owner, live, 1);
        expect(firstReplica).toBe(
          ownerOf(
            unit,
            live.filter((m) => m !== owner),
          ),
        );
      }),
    );
  });

  it('does not depend on the order members are listed in', () => {
    expect(unitPlacement('t_1of8', 'a', ['a', 'b', 'c', 'd'], 2)).toEqual(
      unitPlacement('t_1of8', 'a', ['d', 'c', 'b', 'a'], 2),
    );
  });
});

describe('residency of synced rows', () => {
  it("is the placement tagged on the commit's transaction context", () => {
    const context: Record<PropertyKey, unknown> = {};
    const txn = { getContext: () => context };
    tagPlacement(txn, ['a', 'b']);
    expect(residencyFor({ id: 1 }, context, () => ['elsewhere'])).toEqual(['a', 'b']);
  });

  it('keeps a record where it lives when Harper relocates it after a remote read', () => {
    const context = { isRelocation: true, previousResidency: ['b', 'c'] };
    expect(residencyFor({ id: 1 }, context, () => undefined)).toEqual(['b', 'c']);
  });

  it("is Harper's own answer for writes that are not the sync's", () => {
    expect(residencyFor({ id: 1 }, {}, () => undefined)).toBeUndefined();
    expect(residencyFor({ id: 1 }, undefined, () => 2)).toBe(2);
  });

  it('is installed once per table, keeping the original as the fallback', () => {
    const calls: ResidencyFunction[] = [];
    const table = {
      getResidency: (() => ['default']) as ResidencyFunction,
      setResidency(fn: ResidencyFunction | undefined) {
        calls.push(fn!);
      },
    };
    expect(installResidency(table)).toBe(true);
    expect(installResidency(table)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]!({ id: 1 }, {})).toEqual(['default']);
    expect(installResidency({})).toBe(false);
  });

  it('tags each commit after the fence check, with the placement over the members at commit time', async () => {
    const context: Record<PropertyKey, unknown> = {};
    const txn = { getContext: () => context };
    let members = ['a', 'b', 'c'];
    const order: string[] = [];
    const table = { setResidency: () => order.push('installed'), getResidency: () => undefined };
    const step = shardedCommitStep(
      async () => {
        order.push('fenced');
      },
      { data: { T: table as never } },
      'a',
      () => members,
      1,
    );
    const batch = { tableId: 't', unit: '1of8', targetTable: 'T' } as never;
    await step(batch, txn);
    expect(order).toEqual(['fenced', 'installed']);
    expect(residencyFor({}, context, undefined)).toEqual(unitPlacement('t_1of8', 'a', members, 1));
    members = ['a'];
    await step(batch, txn);
    expect(residencyFor({}, context, undefined)).toEqual(['a']);
    await expect(
      shardedCommitStep(
        async () => undefined,
        { data: {} },
        'a',
        () => members,
        1,
      )(batch, txn),
    ).rejects.toThrow(/takes no residency function/);
  });

  it('applies to the target tables of a sharded block only', () => {
    const block = {
      bigquery: {
        projectId: 'my-project',
        tables: [{ id: 'a', dataset: 'd', table: 't', timestampColumn: 'ts', targetTable: 'T' }],
      },
    };
    expect(shardedTargetTables({ ...block, cluster: { enabled: true, placement: 'sharded' } })).toEqual(['T']);
    expect(shardedTargetTables({ ...block, cluster: { enabled: true } })).toEqual([]);
    expect(shardedTargetTables(block)).toEqual([]);
    expect(shardedTargetTables({ cluster: { enabled: true, placement: 'sharded' } })).toEqual([]);
  });
});
