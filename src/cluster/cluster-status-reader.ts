import { plainRecord, type HarperDatabases } from '../../streams/sink/harper-tables.js';
import { CONTROL_TABLE } from './cluster-controls.js';
import {
  clusterStatus,
  liveMemberRecords,
  type CheckpointRecord,
  type ClusterStatus,
  type ControlRecord,
  type LeaseRecord,
  type MemberRecord,
  type UnitStatusRecord,
} from './cluster-status.js';
import { LEASE_TABLE } from './lease-store.js';
import { UNIT_STATUS_TABLE } from './unit-records.js';

interface SearchableTable {
  search(query: object): AsyncIterable<Record<string, unknown>>;
}

async function all<T>(databases: HarperDatabases, name: string, database = 'data'): Promise<T[]> {
  const table = databases[database]?.[name] as SearchableTable | undefined;
  if (!table) return [];
  const records: T[] = [];
  for await (const record of table.search({})) records.push(plainRecord(record) as T);
  return records;
}

/**
 * Cluster status as this node sees the replicated bookkeeping tables (every node holds
 * them), or undefined when no cluster member is live: then the node runs alone and its
 * single-node status applies.
 */
export async function readClusterStatus(
  databases: HarperDatabases,
  now = Date.now(),
): Promise<ClusterStatus | undefined> {
  // Heartbeats live in their own database so they do not queue behind backfill rows in
  // replication (schema/sync.graphql).
  const members = (await all<MemberRecord>(databases, 'SyncMember', 'bigquery_sync')).map((m) => ({
    ...m,
    expiresAt: Number(m.expiresAt),
  }));
  if (liveMemberRecords(members, now).length === 0) return undefined;
  const [leases, checkpoints, unitStatuses, controls] = await Promise.all([
    all<LeaseRecord>(databases, LEASE_TABLE),
    all<CheckpointRecord>(databases, 'SyncCheckpoint'),
    all<UnitStatusRecord>(databases, UNIT_STATUS_TABLE),
    all<ControlRecord>(databases, CONTROL_TABLE),
  ]);
  return clusterStatus({
    now,
    members,
    leases: leases.map((l) => ({ ...l, expiresAt: Number(l.expiresAt), token: Number(l.token) })),
    checkpoints,
    unitStatuses,
    controls,
  });
}
