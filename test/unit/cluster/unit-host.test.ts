import { NEVER, takeUntil } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { NO_CONTROL, type TableControl } from '../../../src/cluster/cluster-controls.js';
import { UnitHost } from '../../../src/cluster/unit-host.js';
import { testTable } from '../../support/table-config.js';

const table = testTable();

const PERIOD = 6_000;

/**
 * A unit host over a pipeline that runs until stopped, with the unit's marker kept in
 * memory: `marker` is what this node's SyncUnitControl record says, `writes` every write of it.
 */
function unitHost(control: TableControl, marker: { resyncId: string | null }) {
  let now = 1_000_000;
  const writes: { resyncId: string; reset: boolean }[] = [];
  const host = new UnitHost({
    ref: { tableId: 't', unit: '0of4' },
    table,
    self: 'a',
    fence: { owner: 'a', token: 1 },
    build: ({ stop }) => NEVER.pipe(takeUntil(stop)),
    control: () => Promise.resolve(control),
    appliedResync: () => Promise.resolve(marker.resyncId),
    reset: (resyncId) => {
      marker.resyncId = resyncId;
      writes.push({ resyncId, reset: true });
      return Promise.resolve();
    },
    reassertReset: (resyncId) => {
      writes.push({ resyncId, reset: false });
      return Promise.resolve();
    },
    reassertEveryMs: PERIOD,
    now: () => now,
    publish: () => undefined,
    onEvent: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  /** Applies the control record `afterMs` later and waits until it has been applied. */
  const follow = async (afterMs: number) => {
    now += afterMs;
    host.follow(control);
    await (host as unknown as { queue: Promise<void> }).queue;
  };
  return { host, writes, follow };
}

describe('UnitHost and a resync', () => {
  it('resets once, then writes the same marker again once per period while it runs the unit', async () => {
    const control = { ...NO_CONTROL, resyncId: 'r1' };
    const marker = { resyncId: null };
    const { host, writes, follow } = unitHost(control, marker);
    host.start();
    await vi.waitFor(() => expect(writes).toEqual([{ resyncId: 'r1', reset: true }]));
    await follow(0);
    await follow(PERIOD - 1);
    // Replication can drop the reset's one transaction: a peer must still get the marker.
    expect(writes).toEqual([{ resyncId: 'r1', reset: true }]);
    await follow(1);
    await follow(PERIOD / 2);
    await follow(PERIOD / 2);
    expect(writes).toEqual([
      { resyncId: 'r1', reset: true },
      { resyncId: 'r1', reset: false },
      { resyncId: 'r1', reset: false },
    ]);
    await host.stop();
  });

  it('a unit taken over after its reset is not reset again; the new owner repeats the marker', async () => {
    const control = { ...NO_CONTROL, resyncId: 'r1' };
    const { host, writes, follow } = unitHost(control, { resyncId: 'r1' });
    host.start();
    await follow(0);
    expect(writes).toEqual([]);
    await follow(PERIOD);
    expect(writes).toEqual([{ resyncId: 'r1', reset: false }]);
    await host.stop();
  });

  it('writes no marker for a table never resynced', async () => {
    const { host, writes, follow } = unitHost(NO_CONTROL, { resyncId: null });
    host.start();
    await follow(PERIOD * 3);
    expect(writes).toEqual([]);
    await host.stop();
  });
});
