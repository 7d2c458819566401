/**
 * Status of a table in cluster mode, from the replicated bookkeeping tables, so that any
 * node answers for every unit: members (SyncMember heartbeats), leases (SyncLease),
 * committed cursors and running totals (SyncCheckpoint), each owner's live view of the units
 * it runs (SyncUnitStatus) and what users asked (SyncTableControl). Pure: the resource reads
 * the records and calls `clusterStatus`.
 */
import type { TableState, UsageCounts } from '../../streams/model/index.js';
import { microsToIso } from '../../streams/cursor/cursor.js';
import { utcDay } from '../../streams/stats/sync-totals.js';
import { leaseId } from './lease.js';
import { unitName, unitSlices } from './units.js';

/** A table as a member runs it (in its heartbeat). */
export interface MemberTable {
  id: string;
  source: string;
  targetTable: string;
}

/** A SyncMember record: heartbeat plus the split this node runs. */
export interface MemberRecord {
  id: string;
  /** Epoch ms; the member is live until then. */
  expiresAt: number;
  /** Units per table on this member (cluster.units). */
  units?: number;
  tables?: MemberTable[];
}

export interface LeaseRecord {
  id: string;
  tableId: string;
  unit: string;
  owner: string;
  expiresAt: number;
  token: number;
}

/** The SyncCheckpoint fields status reads (as stored; numbers may be absent on old records). */
export interface CheckpointRecord {
  id: string;
  tableId: string;
  unit: string;
  cursorTimestampMicros?: string | null;
  cursorKey?: string | null;
  phase?: string | null;
  lastSyncTime?: string | number | null;
  rowsWritten?: number | null;
  distinctKeys?: number | null;
  queries?: number | null;
  bytesProcessed?: number | null;
  bytesBilled?: number | null;
  statsDay?: string | null;
  queriesToday?: number | null;
  bytesProcessedToday?: number | null;
  bytesBilledToday?: number | null;
}

/** A SyncUnitStatus record: a unit as its owner runs it, published about once a second. */
export interface UnitStatusRecord {
  id: string;
  tableId: string;
  unit: string;
  /** The publishing node and its lease token: only the current tenure's record counts. */
  node: string;
  token: number;
  /** Epoch ms of publication. */
  publishedAt: number;
  /** The unit runner's view: 'running' (holds the lease) or 'draining' (handing it over). */
  runner: 'running' | 'draining';
  state: TableState;
  pauseReason?: string | null;
  phase?: string | null;
  caughtUp?: boolean;
  lagMs?: number | null;
  lastPollAt?: string | null;
  rowsPerSecond10s?: number;
  rowsPerSecond60s?: number;
  rowsWrittenSinceStart?: number;
  queriesSinceStart?: number;
  bytesProcessedSinceStart?: number;
  bytesBilledSinceStart?: number;
  skippedRows?: number;
  restarts?: number;
  lastError?: string | null;
  lastErrorAt?: string | null;
  lastCommitAt?: string | null;
}

export interface ControlRecord {
  id: string;
  paused?: boolean | null;
  resyncId?: string | null;
}

/** What a unit is doing, as any node sees it. */
export type UnitDisplayState =
  | 'running'
  | 'backoff'
  | 'pausing'
  | 'paused'
  | 'resyncing'
  | 'failed'
  | 'draining'
  /** Leased, but its owner has not reported this tenure yet. */
  | 'starting'
  /** No live lease: nobody runs it (between owners, or no member). */
  | 'unowned';

export interface ClusterUnitStatus {
  tableId: string;
  unit: string;
  state: UnitDisplayState;
  owner: string | null;
  /** Lease expiry (ISO) and the time left on it (ms, negative once expired); null without a lease. */
  leaseExpiresAt: string | null;
  leaseLeftMs: number | null;
  /** Fencing token of the current (or last) lease. */
  token: number | null;
  /** Last committed cursor: source timestamp (ISO) and the key of the last row. */
  cursor: { timestamp: string; key: readonly string[] } | null;
  /** As TableStatus.lagMs, aged to now from the owner's last report (ms); null when never reported. */
  lagMs: number | null;
  /** Rows written to the target in total (the unit's checkpoint, across owners and restarts). */
  rowsWritten: number;
  distinctKeys: number | null;
  /** Rows written by the current owner since it took the unit (0 when not running). */
  rowsWrittenSinceStart: number;
  /** Last successful read of the source by the current owner (ISO). */
  lastPollAt: string | null;
  /** Rows skipped (unconvertible) by the current owner. */
  skippedRows: number;
  /** Rows per second over the last 10 s / 60 s on the current owner (0 when not running). */
  rowsPerSecond10s: number;
  rowsPerSecond60s: number;
  /** Query jobs and bytes: `total` from the checkpoint, `today` the UTC day, `sinceStart` of this tenure. */
  queries: UsageCounts;
  bytesProcessed: UsageCounts;
  bytesBilled: UsageCounts;
  phase: string | null;
  caughtUp: boolean;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastCommitAt: string | null;
  /** Age of the owner's last report (ms); null when none. */
  reportAgeMs: number | null;
}

export interface ClusterMemberStatus {
  id: string;
  live: boolean;
  heartbeatExpiresAt: string;
  /** Units whose live lease this member holds, in all tables and per table. */
  unitsOwned: number;
  unitsOwnedByTable: Record<string, number>;
}

/** One table over all its units, in the shape of a single node's TableStatus. */
export interface ClusterTableStatus {
  tableId: string;
  source: string;
  targetTable: string;
  state: TableState;
  pauseReason: 'user' | null;
  phase: string | null;
  caughtUp: boolean;
  /** The least advanced unit's cursor: every row before it has been copied. */
  cursor: { timestamp: string; key: readonly string[] } | null;
  /** The worst unit's lag (ms). */
  lagMs: number | null;
  lastPollAt: string | null;
  rowsPerSecond: number;
  rowsPerSecond10s: number;
  rowsPerSecond60s: number;
  rowsWritten: number;
  rowsWrittenSinceStart: number;
  rowsCommitted: number;
  distinctKeys: number | null;
  queries: UsageCounts;
  bytesProcessed: UsageCounts;
  bytesBilled: UsageCounts;
  skippedRows: number;
  batchSize: null;
  restarts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastCommitAt: string | null;
  startedAt: null;
  /** Unit counts: all of the split, and by display state. */
  units: { total: number } & Partial<Record<UnitDisplayState, number>>;
  /** Units each live member owns in this table. */
  unitsByOwner: Record<string, number>;
}

export interface ClusterStatusInput {
  now: number;
  members: readonly MemberRecord[];
  leases: readonly LeaseRecord[];
  checkpoints: readonly CheckpointRecord[];
  unitStatuses: readonly UnitStatusRecord[];
  controls: readonly ControlRecord[];
}

export interface ClusterStatus {
  tables: ClusterTableStatus[];
  cluster: { members: ClusterMemberStatus[]; units: ClusterUnitStatus[] };
}

/** Members whose heartbeat has not expired at `now`. */
export function liveMemberRecords(members: readonly MemberRecord[], now: number): MemberRecord[] {
  return members.filter((m) => m.expiresAt > now);
}

/**
 * Every unit of every table the live members run, with its owner, lease, cursor, lag, rows
 * and state, and each table aggregated over its units. Undefined when no member is live
 * (cluster mode is not running anywhere): the caller shows the single-node status.
 */
export function clusterStatus(input: ClusterStatusInput): ClusterStatus | undefined {
  const { now } = input;
  const live = liveMemberRecords(input.members, now);
  if (live.length === 0) return undefined;
  const byId = <T extends { id: string }>(records: readonly T[]) => new Map(records.map((r) => [r.id, r]));
  const leases = byId(input.leases);
  const checkpoints = byId(input.checkpoints);
  const statuses = byId(input.unitStatuses);
  const controls = byId(input.controls);

  const tables = tablesOf(live);
  const units: ClusterUnitStatus[] = [];
  const tableStatuses: ClusterTableStatus[] = [];
  for (const { table, count } of tables) {
    const tableUnits = unitSlices(count).map((slice) => {
      const id = leaseId(table.id, unitName(slice));
      return unitStatus(table.id, unitName(slice), {
        lease: leases.get(id),
        checkpoint: checkpoints.get(id),
        report: statuses.get(id),
        now,
      });
    });
    units.push(...tableUnits);
    tableStatuses.push(aggregateTable(table, tableUnits, controls.get(table.id)));
  }
  const members = input.members
    .map((m) => memberStatus(m, units, now))
    .sort((a, b) => Number(b.live) - Number(a.live) || a.id.localeCompare(b.id));
  return { tables: tableStatuses, cluster: { members, units } };
}

/** The tables the live members run and their unit counts (a count per distinct split). */
function tablesOf(live: readonly MemberRecord[]): { table: MemberTable; count: number }[] {
  const seen = new Map<string, { table: MemberTable; count: number }>();
  for (const member of [...live].sort((a, b) => a.id.localeCompare(b.id))) {
    const count = member.units;
    if (!count || !Number.isInteger(count) || count < 1) continue;
    for (const table of member.tables ?? []) {
      const key = `${table.id}\u0000${count}`;
      if (!seen.has(key)) seen.set(key, { table, count });
    }
  }
  return [...seen.values()].sort((a, b) => a.table.id.localeCompare(b.table.id) || a.count - b.count);
}

function unitStatus(
  tableId: string,
  unit: string,
  parts: { lease?: LeaseRecord; checkpoint?: CheckpointRecord; report?: UnitStatusRecord; now: number },
): ClusterUnitStatus {
  const { lease, checkpoint: cp, now } = parts;
  const leaseLive = lease !== undefined && lease.expiresAt > now;
  // Only the current tenure's report describes what the unit does now.
  const report =
    parts.report && lease && parts.report.node === lease.owner && parts.report.token === lease.token
      ? parts.report
      : undefined;
  const ageMs = report ? Math.max(0, now - report.publishedAt) : null;
  const running = leaseLive && report !== undefined && report.runner === 'running';
  const today = cp && cp.statsDay === utcDay(now);
  const usage = (total: number | null | undefined, todayValue: number | null | undefined, since?: number) => ({
    sinceStart: running ? (since ?? 0) : 0,
    today: today ? num(todayValue) : 0,
    total: num(total),
  });
  return {
    tableId,
    unit,
    state: displayState(leaseLive, report),
    owner: leaseLive ? lease.owner : null,
    leaseExpiresAt: lease ? new Date(lease.expiresAt).toISOString() : null,
    leaseLeftMs: lease ? lease.expiresAt - now : null,
    token: lease ? lease.token : null,
    cursor: cursorOf(cp),
    // Lag is time since an event, so a report ages with the clock until the next one.
    lagMs: report && typeof report.lagMs === 'number' ? report.lagMs + (ageMs ?? 0) : null,
    rowsWritten: num(cp?.rowsWritten),
    distinctKeys: typeof cp?.distinctKeys === 'number' ? cp.distinctKeys : null,
    rowsWrittenSinceStart: running ? num(report.rowsWrittenSinceStart) : 0,
    lastPollAt: report?.lastPollAt ?? null,
    skippedRows: num(report?.skippedRows),
    rowsPerSecond10s: running ? num(report.rowsPerSecond10s) : 0,
    rowsPerSecond60s: running ? num(report.rowsPerSecond60s) : 0,
    queries: usage(cp?.queries, cp?.queriesToday, report?.queriesSinceStart),
    bytesProcessed: usage(cp?.bytesProcessed, cp?.bytesProcessedToday, report?.bytesProcessedSinceStart),
    bytesBilled: usage(cp?.bytesBilled, cp?.bytesBilledToday, report?.bytesBilledSinceStart),
    phase: report?.phase ?? cp?.phase ?? null,
    caughtUp: report?.caughtUp ?? false,
    restarts: num(report?.restarts),
    lastError: report?.lastError ?? null,
    lastErrorAt: report?.lastErrorAt ?? null,
    lastCommitAt: report?.lastCommitAt ?? isoOf(cp?.lastSyncTime),
    reportAgeMs: ageMs,
  };
}

function displayState(leaseLive: boolean, report: UnitStatusRecord | undefined): UnitDisplayState {
  if (!leaseLive) return 'unowned';
  if (!report) return 'starting';
  if (report.runner === 'draining') return 'draining';
  switch (report.state) {
    case 'idle':
      return 'starting';
    case 'stopping':
    case 'stopped':
      return 'draining';
    default:
      return report.state;
  }
}

/** Worst first: the table's state is the first of these that any unit is in. */
const STATE_ORDER: UnitDisplayState[] = [
  'failed',
  'backoff',
  'resyncing',
  'pausing',
  'running',
  'starting',
  'draining',
  'paused',
  'unowned',
];

function aggregateTable(
  table: MemberTable,
  units: readonly ClusterUnitStatus[],
  control: ControlRecord | undefined,
): ClusterTableStatus {
  const counts: ClusterTableStatus['units'] = { total: units.length };
  for (const u of units) counts[u.state] = (counts[u.state] ?? 0) + 1;
  const unitsByOwner: Record<string, number> = {};
  for (const u of units) if (u.owner) unitsByOwner[u.owner] = (unitsByOwner[u.owner] ?? 0) + 1;
  const worst = STATE_ORDER.find((s) => counts[s]) ?? 'unowned';
  const paused = control?.paused === true;
  const sum = (pick: (u: ClusterUnitStatus) => number) => units.reduce((n, u) => n + pick(u), 0);
  const usage = (pick: (u: ClusterUnitStatus) => UsageCounts): UsageCounts => ({
    sinceStart: sum((u) => pick(u).sinceStart),
    today: sum((u) => pick(u).today),
    total: sum((u) => pick(u).total),
  });
  const lags = units.map((u) => u.lagMs).filter((l): l is number => l !== null);
  const errored = units
    .filter((u) => u.lastError)
    .sort((a, b) => (b.lastErrorAt ?? '').localeCompare(a.lastErrorAt ?? ''));
  const commits = units
    .map((u) => u.lastCommitAt)
    .filter((t): t is string => t !== null)
    .sort();
  const r10 = round2(sum((u) => u.rowsPerSecond10s));
  const polls = units.map((u) => u.lastPollAt);
  return {
    tableId: table.id,
    source: table.source,
    targetTable: table.targetTable,
    state: tableState(worst, paused),
    pauseReason: paused ? 'user' : null,
    phase: leastAdvancedPhase(units),
    caughtUp: units.length > 0 && units.every((u) => u.caughtUp),
    cursor: leastCursor(units),
    lagMs: lags.length ? Math.max(...lags) : null,
    // The unit that polled longest ago (null until every unit has polled).
    lastPollAt: polls.includes(null) ? null : ([...polls].sort()[0] ?? null),
    rowsPerSecond: r10,
    rowsPerSecond10s: r10,
    rowsPerSecond60s: round2(sum((u) => u.rowsPerSecond60s)),
    rowsWritten: sum((u) => u.rowsWritten),
    rowsWrittenSinceStart: sum((u) => u.rowsWrittenSinceStart),
    rowsCommitted: sum((u) => u.rowsWrittenSinceStart),
    distinctKeys: units.every((u) => u.distinctKeys !== null) ? sum((u) => u.distinctKeys ?? 0) : null,
    queries: usage((u) => u.queries),
    bytesProcessed: usage((u) => u.bytesProcessed),
    bytesBilled: usage((u) => u.bytesBilled),
    skippedRows: sum((u) => u.skippedRows),
    batchSize: null,
    restarts: sum((u) => u.restarts),
    lastError: errored[0]?.lastError ?? null,
    lastErrorAt: errored[0]?.lastErrorAt ?? null,
    lastCommitAt: commits.at(-1) ?? null,
    startedAt: null,
    units: counts,
    unitsByOwner,
  };
}

/** A table state for the whole table from its worst unit and the user's pause. */
function tableState(worst: UnitDisplayState, paused: boolean): TableState {
  if (worst === 'failed' || worst === 'backoff' || worst === 'resyncing') return worst;
  if (paused) return worst === 'paused' || worst === 'unowned' ? 'paused' : 'pausing';
  if (worst === 'unowned' || worst === 'starting') return 'idle';
  if (worst === 'draining') return 'running';
  return worst;
}

const PHASES = ['initial', 'catchup', 'steady'];

function leastAdvancedPhase(units: readonly ClusterUnitStatus[]): string | null {
  let best: string | null = null;
  for (const u of units) {
    if (u.phase === null) continue;
    if (best === null || PHASES.indexOf(u.phase) < PHASES.indexOf(best)) best = u.phase;
  }
  return best;
}

function leastCursor(units: readonly ClusterUnitStatus[]): ClusterUnitStatus['cursor'] {
  // A unit with no cursor has copied nothing yet: then the table has no common position.
  if (units.length === 0 || units.some((u) => u.cursor === null)) return null;
  return units.map((u) => u.cursor!).sort((a, b) => a.timestamp.localeCompare(b.timestamp))[0]!;
}

function memberStatus(m: MemberRecord, units: readonly ClusterUnitStatus[], now: number): ClusterMemberStatus {
  const unitsOwnedByTable: Record<string, number> = {};
  let unitsOwned = 0;
  for (const u of units) {
    if (u.owner !== m.id) continue;
    unitsOwned++;
    unitsOwnedByTable[u.tableId] = (unitsOwnedByTable[u.tableId] ?? 0) + 1;
  }
  return {
    id: m.id,
    live: m.expiresAt > now,
    heartbeatExpiresAt: new Date(m.expiresAt).toISOString(),
    unitsOwned,
    unitsOwnedByTable,
  };
}

function cursorOf(cp: CheckpointRecord | undefined): ClusterUnitStatus['cursor'] {
  if (!cp?.cursorTimestampMicros) return null;
  let key: string[] = [];
  try {
    const parsed: unknown = JSON.parse(cp.cursorKey ?? '[]');
    if (Array.isArray(parsed)) key = parsed.map(String);
  } catch {
    // An unreadable key still leaves the timestamp worth showing.
  }
  const micros = BigInt(cp.cursorTimestampMicros);
  return { timestamp: microsToIso(micros), key };
}

function isoOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function num(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
