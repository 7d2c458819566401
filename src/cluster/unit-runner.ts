import { assignUnits } from './assignment.js';
import { leaseId, type Lease, type LeaseTiming } from './lease.js';
import type { FenceRegistry } from './lease-store.js';
import { IDLE, stepUnit, type UnitEffect, type UnitState } from './unit-lifecycle.js';

/** A running unit pipeline: `stop` drains it; `done` settles when it ends for any reason. */
export interface UnitHandle {
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

export interface UnitRef {
  tableId: string;
  unit: string;
}

export interface UnitRunnerOptions {
  /** This node's name among the members (its replication hostname). */
  self: string;
  /** Live members as this node sees them, itself included (see liveMembers). */
  members: () => readonly string[];
  units: readonly UnitRef[];
  leases: { get(tableId: string, unit: string): Promise<Lease | undefined>; put(lease: Lease): Promise<void> };
  fences: FenceRegistry;
  timing: LeaseTiming;
  /** Starts the unit's pipeline (its commits are checked against the fence in `fences`). */
  run: (unit: UnitRef) => UnitHandle;
  now?: () => number;
  /**
   * How long after its first tick this node leaves alone units that have no lease record at
   * all (default 0). A node that starts before its replication connection is up sees no
   * leases and would otherwise take every unit under token 1 beside the cluster that holds
   * them (tokens reused, the same rows written twice over); by then the leases have arrived.
   */
  unleasedGraceMs?: number;
  onError?: (unit: UnitRef, error: unknown) => void;
}

/** One unit as this node sees it, for status. */
export interface UnitView extends UnitRef {
  state: UnitState['kind'];
  owner: string | null;
  leaseExpiresAt: number | null;
  token: number | null;
}

/**
 * Drives the lease lifecycle of every unit on this node: on each tick it works out which
 * units the assignment gives this node, reads their leases and carries out what the state
 * machine (unit-lifecycle.ts) says. A pipeline that ends on its own (an error) counts as
 * drained: the next tick takes the unit up again from its committed checkpoint.
 */
export class UnitRunner {
  private readonly states = new Map<string, UnitState>();
  private readonly handles = new Map<string, UnitHandle>();
  private readonly leasesSeen = new Map<string, Lease | undefined>();
  private ticking: Promise<void> | undefined;
  private firstTickAt: number | undefined;

  constructor(private readonly o: UnitRunnerOptions) {}

  /** One evaluation of every unit; concurrent calls share the one in progress. */
  tick(): Promise<void> {
    this.ticking ??= this.evaluate().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Stops every unit this node runs and releases their leases. */
  async stop(): Promise<void> {
    await this.ticking;
    await Promise.all(
      this.o.units.map(async (ref) => {
        const id = leaseId(ref.tableId, ref.unit);
        const state = this.states.get(id) ?? IDLE;
        if (state.kind === 'idle') return;
        await this.handles.get(id)?.stop();
        await this.drained(ref);
      }),
    );
  }

  status(): UnitView[] {
    return this.o.units.map((ref) => {
      const id = leaseId(ref.tableId, ref.unit);
      const lease = this.leasesSeen.get(id);
      return {
        ...ref,
        state: (this.states.get(id) ?? IDLE).kind,
        owner: lease?.owner ?? null,
        leaseExpiresAt: lease?.expiresAt ?? null,
        token: lease?.token ?? null,
      };
    });
  }

  private async evaluate(): Promise<void> {
    const now = this.now();
    this.firstTickAt ??= now;
    const mayTakeUnleased = now - this.firstTickAt >= (this.o.unleasedGraceMs ?? 0);
    const owners = assignUnits(
      this.o.units.map((u) => leaseId(u.tableId, u.unit)),
      this.o.members(),
    );
    // Units are evaluated side by side: one after another, each lease write waits behind the
    // rows' commit transactions in Harper's write queue, and with many units the last renewal
    // came after its lease had expired (seen with 8 units syncing a backlog on one node).
    await Promise.all(
      this.o.units.map(async (ref) => {
        const id = leaseId(ref.tableId, ref.unit);
        try {
          const lease = await this.o.leases.get(ref.tableId, ref.unit);
          this.leasesSeen.set(id, lease);
          const state = this.states.get(id) ?? IDLE;
          const assigned = owners.get(id) === this.o.self;
          const desired = assigned && (lease !== undefined || mayTakeUnleased || state.kind !== 'idle');
          const step = stepUnit(state, { type: 'tick', desired, lease, now }, this.context(ref));
          this.states.set(id, step.state);
          await this.apply(ref, step.effects);
        } catch (error) {
          this.o.onError?.(ref, error);
        }
      }),
    );
  }

  private async apply(ref: UnitRef, effects: UnitEffect[]): Promise<void> {
    const id = leaseId(ref.tableId, ref.unit);
    for (const effect of effects) {
      if (effect.type === 'write-lease') {
        await this.o.leases.put(effect.lease);
        this.leasesSeen.set(id, effect.lease);
      } else if (effect.type === 'start') {
        this.o.fences.hold(ref.tableId, ref.unit, effect.fence);
        const handle = this.o.run(ref);
        this.handles.set(id, handle);
        // Ended by itself (an error) or by stop(): either way the unit is drained.
        void handle.done.then(
          () => this.drained(ref),
          (error: unknown) => {
            this.o.onError?.(ref, error);
            return this.drained(ref);
          },
        );
      } else {
        // Not awaited: a drain waits for the batch in flight, and while one tick waits on it
        // no other unit of this node is renewed (their leases expired under load). The
        // handle's `done` reports the end (drained above).
        const handle = this.handles.get(id);
        if (handle) void handle.stop().catch((error: unknown) => this.o.onError?.(ref, error));
      }
    }
  }

  private async drained(ref: UnitRef): Promise<void> {
    const id = leaseId(ref.tableId, ref.unit);
    if (!this.handles.has(id)) return;
    this.handles.delete(id);
    this.o.fences.drop(ref.tableId, ref.unit);
    const state = this.states.get(id) ?? IDLE;
    // A pipeline that ended while running drains without a stop effect first.
    const draining: UnitState =
      state.kind === 'running' ? { kind: 'draining', fence: state.fence, reason: 'pipeline ended' } : state;
    const lease = await this.o.leases.get(ref.tableId, ref.unit);
    const step = stepUnit(draining, { type: 'drained', lease, now: this.now() }, this.context(ref));
    this.states.set(id, step.state);
    await this.apply(ref, step.effects);
  }

  private context(ref: UnitRef) {
    return { self: this.o.self, tableId: ref.tableId, unit: ref.unit, timing: this.o.timing };
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}
