/**
 * What the cluster sync tests share: the component settings, reads of the replicated lease
 * and checkpoint tables, the checkpoint history from Harper's audit log, an exact comparison
 * of a node's rows with the source's, and the node logs. Not a test file itself.
 */
import { readFileSync } from 'node:fs';
import type { BigQuery } from '@google-cloud/bigquery';
import { expect } from 'vitest';
import { assignUnits } from '../../../src/cluster/assignment.js';
import type { HarperCluster } from '../../../src/cluster/harper-cluster.js';
import { leaseId } from '../../../src/cluster/lease.js';
import { unitName, unitSlices } from '../../../src/cluster/units.js';
import type { HarperProcess } from '../../../src/harper-process/index.js';
import type { KeyKind } from '../../../streams/model/index.js';
import { PROJECT } from '../../support/local-bigquery.js';
import { DATASET, insertRows, portEvents, positions } from '../../support/maritime-fixtures.js';
import { harperCount, harperRows } from '../../support/sync-harper.js';
import { waitFor } from '../../support/wait.js';

export const UNITS = 8;

export const POSITIONS_TABLE = {
  id: 'vessel_positions',
  dataset: DATASET,
  table: 'vessel_positions',
  timestampColumn: 'timestamp',
  primaryKey: ['mmsi', 'timestamp'],
  targetTable: 'VesselPositions',
};

export const PORT_EVENTS_TABLE = {
  id: 'port_events',
  dataset: DATASET,
  table: 'port_events',
  timestampColumn: 'event_time',
  primaryKey: ['port_id', 'vessel_mmsi', 'event_type', 'event_time'],
  targetTable: 'PortEvents',
};

/** The cursor key kinds of each table above, for ordering their checkpoints. */
export const KEY_KINDS: Record<string, KeyKind[]> = {
  vessel_positions: ['integer', 'timestamp'],
  port_events: ['string', 'integer', 'string', 'timestamp'],
};

/**
 * The component block of every node: the tables, fast polls and a lease; `cluster` overrides
 * the cluster block (units, leaseTtl, placement, replicas).
 */
export function clusterSyncSettings(
  apiEndpoint: string,
  tables: { id: string; sync?: Record<string, number> }[],
  cluster: { units?: number; leaseTtl?: string; placement?: string; replicas?: number } = {},
) {
  return {
    bigquery: { projectId: PROJECT, apiEndpoint, tables },
    sync: { pollInterval: '500ms', settleDelay: '0s', restartBackoff: { initial: '100ms', max: '1s' } },
    cluster: { enabled: true, units: UNITS, leaseTtl: '15s', ...cluster },
  };
}

export interface LeaseRecord {
  id: string;
  tableId: string;
  unit: string;
  owner: string;
  expiresAt: number;
  token: number;
}

/** Every unit of these tables by lease id (`{tableId}_{u}of{n}`). */
export function unitIds(tableIds: readonly string[]): string[] {
  return tableIds.flatMap((t) => unitSlices(UNITS).map((s) => leaseId(t, unitName(s))));
}

/** The owner every node's rendezvous assignment gives each unit over these members. */
export function expectedOwners(tableIds: readonly string[], members: readonly HarperProcess[]): Map<string, string> {
  return assignUnits(
    unitIds(tableIds),
    members.map((m) => m.host),
  );
}

/** The leases of these tables as `node` sees them, by id. */
export async function leases(node: HarperProcess, tableIds: readonly string[]): Promise<Map<string, LeaseRecord>> {
  const all = new Map<string, LeaseRecord>();
  for (const tableId of tableIds) {
    const records = await node.operation<Record<string, unknown>[]>({
      operation: 'search_by_value',
      database: 'data',
      table: 'SyncLease',
      search_attribute: 'tableId',
      search_value: tableId,
      get_attributes: ['*'],
    });
    for (const r of records) {
      all.set(String(r.id), {
        id: String(r.id),
        tableId: String(r.tableId),
        unit: String(r.unit),
        owner: String(r.owner),
        expiresAt: Number(r.expiresAt),
        token: Number(r.token),
      });
    }
  }
  return all;
}

/**
 * Waits until `node` sees a live lease on every unit held by the owner the assignment over
 * `members` names, and returns those leases.
 */
export async function waitForSettledLeases(
  node: HarperProcess,
  tableIds: readonly string[],
  members: readonly HarperProcess[],
  timeoutMs = 180_000,
): Promise<Map<string, LeaseRecord>> {
  const expected = expectedOwners(tableIds, members);
  return waitFor(
    `leases on ${node.host} held as assigned over ${members.map((m) => m.host).join(', ')}`,
    async () => {
      const seen = await leases(node, tableIds);
      const now = Date.now();
      for (const [id, owner] of expected) {
        const lease = seen.get(id);
        if (!lease || lease.owner !== owner || lease.expiresAt <= now) return undefined;
      }
      return seen;
    },
    timeoutMs,
    500,
  );
}

export async function checkpoints(node: HarperProcess, tableId: string): Promise<Map<string, Record<string, unknown>>> {
  const records = await node.operation<Record<string, unknown>[]>({
    operation: 'search_by_value',
    database: 'data',
    table: 'SyncCheckpoint',
    search_attribute: 'tableId',
    search_value: tableId,
    get_attributes: ['*'],
  });
  return new Map(records.map((r) => [String(r.id), r]));
}

/** One write of a unit's checkpoint or lease, from Harper's audit log (local and replicated alike). */
export interface UnitWrite {
  /** Harper's transaction time. */
  at: number;
  /** The checkpoint's `committedBy` or the lease's `owner`. */
  owner: string;
  /** The checkpoint's `fenceToken` or the lease's `token`. */
  token: number;
  expiresAt?: number;
  cursorTimestampMicros?: string;
}

/** Every write of these records of `table` that `node`'s audit log holds, oldest first, by id. */
async function auditHistory(
  node: HarperProcess,
  table: 'SyncCheckpoint' | 'SyncLease',
  ids: readonly string[],
): Promise<Map<string, UnitWrite[]>> {
  // One record per call: one large read of the audit log was cut off mid-response once
  // under load (the log holds every write of the database, rows included).
  const log: Record<string, { timestamp: number; records?: Record<string, unknown>[] }[]> = {};
  for (const id of ids) {
    const read = () =>
      node.operation<typeof log>({
        operation: 'read_audit_log',
        schema: 'data',
        table,
        search_type: 'hash_value',
        search_values: [id],
      });
    log[id] = (await read().catch(read))[id] ?? [];
  }
  const history = new Map<string, UnitWrite[]>();
  for (const id of ids) {
    const writes = (log[id] ?? [])
      .flatMap((entry) =>
        (entry.records ?? [])
          .filter((r) => String(r.id) === id)
          .map((r) => ({
            at: entry.timestamp,
            owner: String(table === 'SyncLease' ? r.owner : r.committedBy),
            token: Number(table === 'SyncLease' ? r.token : r.fenceToken),
            ...(r.expiresAt !== undefined ? { expiresAt: Number(r.expiresAt) } : {}),
            ...(r.cursorTimestampMicros !== undefined
              ? { cursorTimestampMicros: String(r.cursorTimestampMicros) }
              : {}),
          })),
      )
      .sort((a, b) => a.at - b.at);
    history.set(id, writes);
  }
  return history;
}

/** Each unit's checkpoint commits (who committed under which token) and lease writes, oldest first. */
export async function unitHistory(node: HarperProcess, ids: readonly string[]) {
  return {
    commits: await auditHistory(node, 'SyncCheckpoint', ids),
    leases: await auditHistory(node, 'SyncLease', ids),
  };
}

/**
 * Commits by `by` (an owner under one token) made after the unit's lease had moved on: a
 * checkpoint written under that token later than a lease write with a higher token. The fence in the commit's transaction must
 * prevent every one of these (a node that lost its lease, frozen or slow, commits nothing).
 */
export function commitsAfterLeaseMoved(
  commits: readonly UnitWrite[],
  leaseWrites: readonly UnitWrite[],
  by: { owner: string; token: number },
): string[] {
  const stale: string[] = [];
  for (const commit of commits.filter((c) => c.owner === by.owner && c.token === by.token)) {
    const moved = leaseWrites.find((l) => l.token > commit.token && l.at < commit.at);
    if (moved) {
      stale.push(
        `${commit.owner} committed under token ${commit.token} at ${iso(commit.at)}, after the lease went to ${moved.owner} (token ${moved.token}) at ${iso(moved.at)}`,
      );
    }
  }
  return stale;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

/** Waits until `node` holds as many rows in `target` as expected (never more, checked after). */
export async function waitForCount(node: HarperProcess, target: string, rows: number, timeoutMs = 300_000) {
  // Every 3 s: a COUNT(*) takes the node's one worker thread, which the sync also runs on.
  let last = 0;
  await waitFor(
    `${rows} rows in ${target} on ${node.host}`,
    async () => {
      last = await harperCount(node, target);
      return last >= rows ? true : undefined;
    },
    timeoutMs,
    3000,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message} (last count ${last})`);
  });
}

/** A source row as the target must hold it: its id, plain values and timestamp columns (ISO). */
export interface ExpectedRow {
  id: string;
  values: Record<string, unknown>;
  times: Record<string, string>;
}

export function expectedPosition(p: ReturnType<typeof positions>[number]): ExpectedRow {
  const { timestamp, ...values } = p;
  return { id: `${p.mmsi}|${timestamp}`, values, times: { timestamp } };
}

export function expectedPortEvent(e: ReturnType<typeof portEvents>[number]): ExpectedRow {
  const { event_time, ...values } = e;
  return { id: `${e.port_id}|${e.vessel_mmsi}|${e.event_type}|${event_time}`, values, times: { event_time } };
}

/** The node holds exactly these rows in `target`: the same key set, every value equal. */
export async function expectExactRows(node: HarperProcess, target: string, expected: readonly ExpectedRow[]) {
  const rows = await harperRows(node, target);
  const wanted = new Set(expected.map((r) => r.id));
  const extra = [...rows.keys()].filter((id) => !wanted.has(id));
  expect(extra, `${target} rows on ${node.host} that the source does not have`).toEqual([]);
  const missing = expected.filter((r) => !rows.has(r.id)).map((r) => r.id);
  expect(missing, `${target} rows missing on ${node.host}`).toEqual([]);
  for (const want of expected) {
    const row = rows.get(want.id)!;
    expect(row, `${want.id} on ${node.host}`).toMatchObject(want.values);
    for (const [column, iso] of Object.entries(want.times)) {
      expect(new Date(row[column] as string).getTime(), `${want.id}.${column} on ${node.host}`).toBe(Date.parse(iso));
    }
  }
}

/**
 * Every node ends with exactly these rows in `target` (waits for each node's count first).
 * When a node stays short, the failure says for each missing row whether another node holds
 * it (the sync committed it once and replication did not bring it here) or none does (the
 * sync never wrote it): the two have different causes.
 */
export async function expectExactRowsOnEveryNode(
  nodes: readonly HarperProcess[],
  target: string,
  expected: readonly ExpectedRow[],
  timeoutMs = 300_000,
) {
  for (const node of nodes) {
    try {
      await waitForCount(node, target, expected.length, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await whereMissingRowsAre(nodes, node, target, expected)}`);
    }
  }
  for (const node of nodes) await expectExactRows(node, target, expected);
}

/** Which of `node`'s missing rows other nodes hold, as a few lines for a failure message. */
async function whereMissingRowsAre(
  nodes: readonly HarperProcess[],
  node: HarperProcess,
  target: string,
  expected: readonly ExpectedRow[],
): Promise<string> {
  const held = new Map<string, Set<string>>();
  for (const other of nodes) held.set(other.host, new Set((await harperRows(other, target)).keys()));
  const missing = expected.map((r) => r.id).filter((id) => !held.get(node.host)!.has(id));
  const elsewhere = missing.filter((id) => nodes.some((o) => o !== node && held.get(o.host)!.has(id)));
  const nowhere = missing.filter((id) => !elsewhere.includes(id));
  return [
    `${missing.length} of ${expected.length} rows missing on ${node.host}:`,
    `  ${elsewhere.length} held by another node (replication did not bring them), e.g. ${elsewhere.slice(0, 5).join(', ')}`,
    `  ${nowhere.length} on no node (never synced), e.g. ${nowhere.slice(0, 5).join(', ')}`,
    ...nodes.map((o) => `  ${o.host} holds ${held.get(o.host)!.size} rows`),
  ].join('\n');
}

/**
 * What the repairs after membership changes did on each node, printed by the cluster tests
 * so a passing run still shows whether replication lost rows that the repair then wrote.
 */
export function printRepairs(nodes: readonly HarperProcess[]): void {
  const lines = nodes.flatMap((n) => logLines(n, /repair after a membership change/).map((l) => `${n.host}: ${l}`));
  console.log(`repairs after membership changes:\n${lines.join('\n') || '(none logged)'}`);
}

/** Lines of a node's log matching `pattern`. */
export function logLines(node: HarperProcess, pattern: RegExp): string[] {
  let text: string;
  try {
    text = readFileSync(node.logFile, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => pattern.test(line));
}

/** On a failed test, the tail of every node's log (the test output is all a CI run keeps). */
export function printLogsOnFailure(cluster: () => HarperCluster | undefined, lines = 80) {
  return (context: { task: { result?: { state?: string } } }) => {
    if (context.task.result?.state !== 'fail') return;
    for (const node of cluster()?.nodes ?? []) console.error(`--- ${node.host} log tail ---\n${node.tailLog(lines)}`);
  };
}

/**
 * Inserts newer positions every `everyMs` until stopped (each chunk newer than the last, so
 * no row lands behind a unit's cursor); `burst(n)` makes the next chunk n rows and resolves
 * once it is in the source. `rows` is everything inserted so far.
 */
export function keepInserting(client: BigQuery, everyMs: number, perChunk: number) {
  const rows: ReturnType<typeof positions> = [];
  const bursts: { size: number; inserted: () => void }[] = [];
  let stopped = false;
  const done = (async () => {
    for (let chunk = 1; !stopped; chunk++) {
      const burst = bursts.shift();
      const next = positions(burst?.size ?? perChunk, {
        startMicros: 3_600_000_000 + chunk * 1_000_000,
        mmsiOffset: chunk * 100_000,
      });
      await insertRows(client, 'vessel_positions', next);
      rows.push(...next);
      burst?.inserted();
      if (!burst) await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    rows,
    burst: (size: number) => new Promise<void>((inserted) => bursts.push({ size, inserted })),
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
