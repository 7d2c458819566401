/**
 * When to repair this node's rows after the cluster's membership changed.
 *
 * Harper 4.7 replication can leave a node without rows other nodes committed while a
 * connection was being set up: a new peer's first subscription is served by copying every
 * table (`Replicating all tables to ...`), and writes made during that copy to keys the copy
 * had already passed are never sent (the copy resumes the audit stream after the newest
 * version it copied). The sync committed those rows exactly once, on another node; only
 * this node's copy is missing them (seen in the join and SIGSTOP tests: every missing row
 * was present on another node). A validation with repair on this node, once the new
 * member's copy has had time to finish, rewrites exactly those rows.
 *
 * A member counts as new when it was not live at the previous look (a first join, or a node
 * back after its heartbeat expired); each such change pushes the repair back by `settleMs`,
 * so one repair follows a burst of changes.
 */
export class JoinRepairSchedule {
  private live: ReadonlySet<string>;
  private dueAt: number | undefined;

  constructor(
    self: string,
    private readonly settleMs: number,
  ) {
    this.live = new Set([self]);
  }

  /** Records the live members seen at `now`; returns the members that are new. */
  observe(members: readonly string[], now: number): string[] {
    const joined = members.filter((m) => !this.live.has(m));
    this.live = new Set(members);
    if (joined.length > 0) this.dueAt = now + this.settleMs;
    return joined;
  }

  /** True once when a repair is due (then not again until a member joins). */
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
