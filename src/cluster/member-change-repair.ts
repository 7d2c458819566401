import type { Cursor } from '../../streams/cursor/cursor.js';
import { cursorMillisecond } from '../../streams/validate/windows.js';

/** Repairs after one change that stop short of the target before this node gives up (and says so). */
export const MAX_RUNS = 10;

/**
 * One table's repair run: its range starts at `fromMs` and ends at the least unit cursor's
 * millisecond or after the highest one's; `targetMs` is where the runs must get (exclusive).
 */
export interface RepairPlan {
  fromMs?: number;
  upTo: 'least' | 'highest';
  targetMs: number;
}

/**
 * When to repair this node's rows after the cluster's membership changed.
 *
 * Harper 4.7 replication can leave a node without rows that other nodes committed:
 * - while a connection is set up: a new peer's first subscription is served by copying
 *   every table (`Replicating all tables to ...`), and writes made during that copy to keys
 *   the copy had already passed are never sent (the copy resumes the audit stream after the
 *   newest version it copied);
 * - when a node dies, what it had sent to one peer but not yet to another can stay on the
 *   first (the three-node kill -9 test ended with rows on one survivor only, above the
 *   least unit cursor a first repair reached: hence the target below);
 * - a node frozen past its lease (SIGSTOP) was seen to miss hundreds of rows the other node
 *   wrote meanwhile, without any reconnect in the logs.
 * The sync committed those rows exactly once; only this node's copy lacks them (the tests
 * found every missing row on another node). A validation with repair on this node, once
 * the change has settled, rewrites exactly those rows. A node frozen past its lease sees the
 * others' heartbeats expire and come back, so it counts as a change too.
 *
 * Each change (a member new since the previous look, or one gone) pushes the repair back by
 * `settleMs`, so one repair follows a burst of changes.
 *
 * A validation only reaches the least committed cursor of a table's units, and a unit that
 * moved may still be catching up when the repair runs: rows a dead node committed above that
 * cursor would be left out. So each table's repair has a target, the highest unit cursor when
 * the repair first fell due (everything committed before the change is below it); a repair that
 * stopped short is followed by another `settleMs` later over the rest, until the target is reached.
 */
export class MemberChangeRepair {
  private live: ReadonlySet<string>;
  private dueAt: number | undefined;
  /** Per table since the last change: the cursor (ms) its repair must reach, how far the runs got. */
  private readonly targets = new Map<string, { targetMs: number; reachedMs?: number; runs: number; done?: boolean }>();

  constructor(
    self: string,
    private readonly settleMs: number,
  ) {
    this.live = new Set([self]);
  }

  /** Records the live members seen at `now`; returns who joined and who left since the last look. */
  observe(members: readonly string[], now: number): { joined: string[]; left: string[] } {
    const joined = members.filter((m) => !this.live.has(m));
    const left = [...this.live].filter((m) => !members.includes(m));
    this.live = new Set(members);
    if (joined.length > 0 || left.length > 0) {
      this.dueAt = now + this.settleMs;
      // A new change: what must be covered is measured again when its repair falls due.
      this.targets.clear();
    }
    return { joined, left };
  }

  /**
   * What a table's repair covers now, or undefined when the repairs since the change have
   * covered it (or gave up). The target is fixed at the first call since the change from
   * `highestMs` (the millisecond of the highest committed unit cursor), that millisecond
   * included. A run starts where the previous one stopped and ends at the least unit cursor's
   * millisecond (excluded: its ties may be partly committed); when that has not moved since
   * (every unit idle, so none is catching up) it ends after the highest cursor's millisecond
   * instead, which covers the units' tails and the last rows of the table.
   */
  plan(tableId: string, leastMs: number | undefined, highestMs: number): RepairPlan | undefined {
    let entry = this.targets.get(tableId);
    if (!entry) this.targets.set(tableId, (entry = { targetMs: highestMs + 1, runs: 0 }));
    if (entry.done) return undefined;
    const stalled = entry.reachedMs !== undefined && leastMs !== undefined && leastMs <= entry.reachedMs;
    return {
      ...(entry.reachedMs !== undefined ? { fromMs: entry.reachedMs } : {}),
      upTo: stalled ? 'highest' : 'least',
      targetMs: entry.targetMs,
    };
  }

  /**
   * What a table's repair reached (the end of its validated range, ms; undefined when it was
   * skipped). Short of the target, another repair falls due `settleMs` from `now`, up to
   * MAX_RUNS per change.
   */
  reached(tableId: string, reachedMs: number | undefined, now: number): 'covered' | 'again' | 'gave up' {
    const entry = this.targets.get(tableId);
    if (!entry || entry.done) return 'covered';
    entry.runs++;
    if (reachedMs !== undefined) entry.reachedMs = Math.max(entry.reachedMs ?? reachedMs, reachedMs);
    const covered = entry.reachedMs !== undefined && entry.reachedMs >= entry.targetMs;
    entry.done = covered || entry.runs >= MAX_RUNS;
    if (entry.done) return covered ? 'covered' : 'gave up';
    this.dueAt = Math.min(this.dueAt ?? Infinity, now + this.settleMs);
    return 'again';
  }

  /** True once when a repair is due (then not again until the membership changes). */
  take(now: number): boolean {
    if (this.dueAt === undefined || now < this.dueAt) return false;
    this.dueAt = undefined;
    return true;
  }

  /** When the next repair is due, if one is. */
  get pendingAt(): number | undefined {
    return this.dueAt;
  }
}

/**
 * The cursor at the start of the next millisecond: a validation below it covers the whole
 * millisecond of `cursor` (only asked for when every unit is idle, so none of its rows is
 * still to be committed).
 */
export function pastItsMillisecond(cursor: Cursor): Cursor {
  return { ...cursor, timestampMicros: (BigInt(cursorMillisecond(cursor.timestampMicros)) + 1n) * 1000n };
}
