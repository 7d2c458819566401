/**
 * Live members from heartbeats. Harper's `server.nodes` lists the configured peers whether
 * or not they are up, so a node that died would keep its units forever; instead every node
 * running the sync renews a heartbeat record in a replicated table, and the members are
 * the nodes whose heartbeat has not expired (this node always counts itself).
 */
export interface Heartbeat {
  id: string;
  expiresAt: number;
}

export function liveFromHeartbeats(self: string, heartbeats: Iterable<Heartbeat>, now: number): string[] {
  const live = new Set([self]);
  for (const beat of heartbeats) if (beat.expiresAt > now) live.add(beat.id);
  return [...live].sort();
}
