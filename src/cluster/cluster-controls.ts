/**
 * Pause / resume / resync in cluster mode. A command is taken by the node it was sent to
 * (SyncCommand.node) and turned into the table's replicated control record
 * (SyncTableControl): `paused`, and the ids of the last resync and resume requests. Every
 * owner applies that record to the units it runs, on each tick and when it takes a unit
 * over, so a pause reaches every node and outlives ownership moves. A resync resets each
 * unit once: the reset deletes the unit's checkpoint and records the resync id
 * (SyncUnitControl) in one transaction, fenced by the unit's lease, and a unit whose record
 * already names the id is not reset again.
 */
import type { HarperRuntime, HarperTable } from '../../streams/sink/harper-sink.js';
import { requireTable } from '../../streams/sink/harper-tables.js';
import { checkpointId } from '../../streams/sink/checkpoint-store.js';
import type { FenceRegistry, LeaseStore } from './lease-store.js';
import { FencedError, fenceProblem, leaseId, type LeaseTiming } from './lease.js';

export const CONTROL_TABLE = 'SyncTableControl';
export const UNIT_CONTROL_TABLE = 'SyncUnitControl';

/** A table's control record as the owners read it. */
export interface TableControl {
  paused: boolean;
  /** Id of the last resync request (its SyncCommand id), if any. */
  resyncId: string | null;
  /** Id of the last resume request: a failed unit starts again when it changes. */
  resumeId: string | null;
}

export const NO_CONTROL: TableControl = { paused: false, resyncId: null, resumeId: null };

export type ClusterAction = 'pause' | 'resume' | 'resync';

/**
 * Pure: the control record after a command. Resync starts the copy over and runs it, so
 * it also lifts a pause (as on one node, where resync launches the table).
 */
export function nextControl(current: TableControl, action: ClusterAction, commandId: string): TableControl {
  switch (action) {
    case 'pause':
      return { ...current, paused: true };
    case 'resume':
      return { ...current, paused: false, resumeId: commandId };
    case 'resync':
      return { ...current, paused: false, resyncId: commandId };
  }
}

/** What a unit's owner should do to match the control record. Pure. */
export type UnitControlStep = 'resync' | 'pause' | 'start' | 'none';

export function unitControlStep(input: {
  control: TableControl;
  /** The resync this unit last carried out (SyncUnitControl). */
  appliedResyncId: string | null;
  /** The unit's actor state on this node, and why it is paused. */
  state: string;
  pauseReason?: string | null;
  /** The resume id this node saw last for the unit (a new one restarts a failed unit). */
  seenResumeId: string | null;
}): UnitControlStep {
  const { control, appliedResyncId, state, pauseReason, seenResumeId } = input;
  if (control.resyncId && control.resyncId !== appliedResyncId && state !== 'resyncing') return 'resync';
  const userPaused = (state === 'paused' || state === 'pausing') && pauseReason === 'user';
  // A user's pause takes over a budget pause, as on one node.
  if (control.paused) return userPaused ? 'none' : 'pause';
  if (state === 'idle' || state === 'stopped') return 'start';
  // A budget pause ends by itself at midnight; only the user's pause is lifted here.
  if (state === 'paused' && pauseReason === 'user') return 'start';
  if (state === 'failed' && control.resumeId !== null && control.resumeId !== seenResumeId) return 'start';
  return 'none';
}

export class ClusterControls {
  constructor(
    private readonly runtime: HarperRuntime,
    private readonly database = 'data',
  ) {}

  async read(tableId: string): Promise<TableControl> {
    return controlOf(await this.table(CONTROL_TABLE).get(tableId));
  }

  /** Applies a command to the table's control record (on this node; replication carries it). */
  async apply(tableId: string, action: ClusterAction, commandId: string, requestedBy?: string): Promise<TableControl> {
    return this.runtime.transaction(async (txn) => {
      const table = this.table(CONTROL_TABLE);
      const next = nextControl(controlOf(await table.get(tableId, txn)), action, commandId);
      table.put({ id: tableId, ...next, ...(requestedBy ? { requestedBy } : {}) }, txn);
      return next;
    });
  }

  async appliedResync(tableId: string, unit: string): Promise<string | null> {
    const record = await this.table(UNIT_CONTROL_TABLE).get(leaseId(tableId, unit));
    return typeof record?.resyncId === 'string' ? record.resyncId : null;
  }

  /**
   * Forgets the unit's committed position for resync `resyncId`, once: in one transaction
   * with the lease check, the checkpoint (and a Storage Read backfill in flight) is deleted
   * and the resync recorded. A unit already reset for this id is left alone.
   */
  resetUnit(tableId: string, unit: string, resyncId: string, fencing: Fencing): Promise<boolean> {
    return this.onFencedMarker(tableId, unit, fencing, (marker, applied, id, txn) => {
      if (applied?.resyncId === resyncId) return false;
      this.table('SyncCheckpoint').delete(id, txn);
      this.runtime.databases[this.database]?.['SyncReadSession']?.delete(id, txn);
      // `resets` counts the resets a unit has had: one per resync request.
      marker.put({ id, resyncId, resets: (Number(applied?.resets) || 0) + 1 }, txn);
      return true;
    });
  }

  /**
   * Writes the unit's marker for `resyncId` again, unchanged, when this node's copy names
   * it. Harper 4.7.29 replication was seen to drop a reset's transaction for good (both
   * nodes of status-controls.test.ts each lacked the other's marker minutes later), and a
   * marker is otherwise written once: a peer that missed it would never learn of the reset,
   * and would reset the unit a second time if it took the unit over. Fenced like the reset,
   * so only the lease holder repeats it. Returns whether it was written.
   */
  reassertReset(tableId: string, unit: string, resyncId: string, fencing: Fencing): Promise<boolean> {
    return this.onFencedMarker(tableId, unit, fencing, (marker, applied, id, txn) => {
      if (applied?.resyncId !== resyncId) return false;
      marker.put({ id, resyncId, resets: Number(applied.resets) || 0 }, txn);
      return true;
    });
  }

  /** Runs `work` on the unit's marker in one transaction that first checks this node's lease. */
  private onFencedMarker<T>(
    tableId: string,
    unit: string,
    fencing: Fencing,
    work: (marker: HarperTable, applied: Record<string, unknown> | undefined, id: string, txn: unknown) => T,
  ): Promise<T> {
    const id = checkpointId(tableId, unit);
    return this.runtime.transaction(async (txn) => {
      await checkFence(tableId, unit, fencing, txn);
      const marker = this.table(UNIT_CONTROL_TABLE);
      return work(marker, (await marker.get(id, txn)) ?? undefined, id, txn);
    });
  }

  private table(name: string): HarperTable {
    return requireTable(this.runtime.databases, this.database, name, "is this component's schema loaded?");
  }
}

type Fencing = { leases: LeaseStore; fences: FenceRegistry; timing: Pick<LeaseTiming, 'commitMarginMs'> };

/** Throws FencedError unless this node holds the unit's lease with time to spare (read in `txn`). */
async function checkFence(tableId: string, unit: string, fencing: Fencing, txn: unknown): Promise<void> {
  const id = checkpointId(tableId, unit);
  const fence = fencing.fences.get(tableId, unit);
  if (!fence) throw new FencedError(id, 'this node holds no lease for the unit');
  const problem = fenceProblem(
    await fencing.leases.get(tableId, unit, txn),
    fence,
    Date.now(),
    fencing.timing.commitMarginMs,
  );
  if (problem) throw new FencedError(id, problem);
}

function controlOf(record: Record<string, unknown> | null | undefined): TableControl {
  if (!record) return NO_CONTROL;
  return {
    paused: record.paused === true,
    resyncId: typeof record.resyncId === 'string' ? record.resyncId : null,
    resumeId: typeof record.resumeId === 'string' ? record.resumeId : null,
  };
}
