import type { ClusterMemberStatus, ClusterUnitStatus } from '../cluster/cluster-status.js';
import { formatBytes, formatLag } from './status-view.js';

/** The `cluster` part of GET /SyncStatus/ in cluster mode (the fields the terminal shows). */
export interface ViewCluster {
  node?: string | null;
  members: readonly Pick<ClusterMemberStatus, 'id' | 'live' | 'unitsOwned'>[];
  units: readonly Pick<
    ClusterUnitStatus,
    | 'tableId'
    | 'unit'
    | 'state'
    | 'owner'
    | 'leaseLeftMs'
    | 'token'
    | 'cursor'
    | 'lagMs'
    | 'rowsWritten'
    | 'rowsPerSecond10s'
    | 'queries'
    | 'bytesBilled'
    | 'lastError'
  >[];
}

const MISSING = '–';
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Cluster mode under the tables: one line of members (units each owns, live or not), then
 * one line per unit with its owner, the time left on its lease, its fencing token, its
 * committed cursor, lag, rows written in total (its checkpoint), rows per second over the
 * last 10 s, query jobs and bytes billed today (UTC) and its last error when not running.
 */
export function renderCluster(cluster: ViewCluster): string[] {
  const members = cluster.members
    .map((m) => `${m.id}${m.id === cluster.node ? ' (this node)' : ''} ${m.live ? `${m.unitsOwned} units` : 'dead'}`)
    .join(', ');
  const header = [
    'unit',
    'state',
    'owner',
    'lease left',
    'token',
    'cursor (UTC)',
    'lag',
    'rows',
    'rows/s 10s',
    'queries today',
    'billed today',
  ];
  const body = cluster.units.map((u) => [
    `${u.tableId}/${u.unit}`,
    u.state,
    u.owner ?? MISSING,
    u.leaseLeftMs === null ? MISSING : u.leaseLeftMs > 0 ? formatLag(u.leaseLeftMs) : 'expired',
    u.token === null ? MISSING : String(u.token),
    u.cursor ? u.cursor.timestamp.slice(0, 23).replace('T', ' ') : MISSING,
    formatLag(u.lagMs),
    count(u.rowsWritten),
    u.rowsPerSecond10s >= 10 ? count(Math.round(u.rowsPerSecond10s)) : u.rowsPerSecond10s.toFixed(1),
    count(u.queries.today),
    formatBytes(u.bytesBilled.today),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const numeric = new Set([3, 4, 6, 7, 8, 9, 10]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const errors = cluster.units
    .filter((u) => u.lastError && u.state !== 'running')
    .map((u) => `  ${u.tableId}/${u.unit}: ${u.lastError}`);
  return [`cluster members: ${members}`, line(header), ...body.map(line), ...errors];
}
