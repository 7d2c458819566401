/**
 * REST resources of the component (config.yaml `jsResource`). Harper exposes every exported
 * class as an endpoint named after the export. Custom resources are public by default, so
 * each one checks the caller itself.
 */
import type { User } from 'harperdb';
import { parseControlRequest, parsePathId } from './control-request.js';
import { checkControl, checkReadStatus, syncPermissions, type Denial } from './permissions.js';
import { SYNC_DATABASE } from '../../streams/sink/harper-sink.js';
import { plainRecord, requireTable, type HarperDatabases } from '../../streams/sink/harper-tables.js';
import { workerIndex } from './worker.js';
import { historyWindow, parseMinutes, type HistorySample } from './history.js';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { dashboardHandler, type HttpHandler } from './dashboard-files.js';
import { readClusterStatus } from '../cluster/cluster-status-reader.js';

// The dashboard page (web/) at /dashboard/, on every worker that loads these resources.
// Our own layer rather than config.yaml `static`: see dashboard-files.ts (hidden folders).
if (typeof server !== 'undefined') {
  (server as unknown as { http(handler: HttpHandler, options?: { runFirst?: boolean }): void }).http(
    dashboardHandler(join(packageRoot(), 'web')),
    { runFirst: true },
  );
}

interface AuthenticatedResource {
  getCurrentUser(): User | undefined;
}

interface StatusTable {
  get(id: string): Promise<Record<string, unknown> | undefined | null>;
  put(record: Record<string, unknown>): unknown;
  search(query: object): AsyncIterable<Record<string, unknown>>;
}

function syncTable(name: string): StatusTable {
  return requireTable(
    databases as unknown as HarperDatabases,
    SYNC_DATABASE,
    name,
    "is this component's schema loaded?",
  );
}

/** This node's replication hostname (its name among cluster members). */
function nodeName(): string | undefined {
  return typeof server === 'undefined' ? undefined : (server as unknown as { hostname?: string }).hostname;
}

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/** Throws Harper's 401 unless the request carries a valid user. */
export function requireUser(resource: AuthenticatedResource): User {
  const user = resource.getCurrentUser();
  if (!user) throw httpError(401, 'Authentication required');
  return user;
}

/** 403 unless `check` passes; the message names the Harper permission that is missing. */
function requirePermission(user: User, check: (user: User) => Denial | undefined): void {
  const denial = check(user);
  if (denial) throw httpError(403, `Forbidden: ${user.username} ${denial.message}`);
}

/** The id from the URL path, bounded and checked before it is used as a primary key. */
function idOf(target: unknown): string | undefined {
  const raw = (target as { id?: unknown } | undefined)?.id;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const parsed = parsePathId(String(raw));
  if (!parsed.ok) throw httpError(400, parsed.message);
  return parsed.value;
}

const basePost = Resource.post;

/**
 * The decoded body, or for a promise of it one that rejects with a 400 when decoding fails.
 * The rejection is marked handled: Harper may answer 401/403 without awaiting the body.
 */
function rejectMalformedBody(data: unknown): unknown {
  if (!data || typeof (data as PromiseLike<unknown>).then !== 'function') return data;
  const checked = Promise.resolve(data).catch((error: unknown) => {
    throw httpError(400, `body: not valid JSON (${String((error as Error)?.message ?? error).slice(0, 200)})`);
  });
  checked.catch(() => undefined);
  return checked;
}

/**
 * GET /SyncStatus/ -> every table's status; GET /SyncStatus/<tableId> -> one table.
 * Read from SyncTableStatus, which the node running the sync keeps current, so any worker
 * thread answers the same. In cluster mode (a live SyncMember) the tables are aggregated
 * over their units from the replicated cluster tables, and `cluster` lists the members and
 * every unit (src/cluster/cluster-status.ts), so every node answers for the whole cluster.
 */
export class SyncStatus extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    const user = requireUser(this as unknown as AuthenticatedResource);
    requirePermission(user, checkReadStatus);
    const id = idOf(target);
    const cluster = await readClusterStatus(databases as unknown as HarperDatabases);
    if (cluster) {
      if (id) {
        const table = cluster.tables.find((t) => t.tableId === id);
        if (!table) throw httpError(404, `No table with id ${id} is being synced`);
        return { ...table, cluster: { units: cluster.cluster.units.filter((u) => u.tableId === id) } };
      }
      return {
        component: 'harper-bigquery-sync',
        workerIndex: workerIndex(),
        tables: cluster.tables,
        cluster: { node: nodeName() ?? null, ...cluster.cluster },
      };
    }
    const table = syncTable('SyncTableStatus');
    if (id) {
      const status = await table.get(id);
      if (!status) throw httpError(404, `No table with id ${id} is being synced`);
      return plainRecord(status);
    }
    const tables: Record<string, unknown>[] = [];
    for await (const status of table.search({})) tables.push(plainRecord(status));
    return { component: 'harper-bigquery-sync', workerIndex: workerIndex(), tables };
  }
}

/** `validate` takes an optional time range: `from` / `to` as ISO times (to is exclusive). */
function validationRange(request: { action?: unknown; from?: unknown; to?: unknown }): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  for (const name of ['from', 'to'] as const) {
    const value = request[name];
    if (value === undefined || value === null) continue;
    if (request.action !== 'validate')
      throw httpError(400, `body.${name}: only the validate action takes a time range`);
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms))
      throw httpError(
        400,
        `body.${name}: expected an ISO time such as "2026-01-01T00:00:00Z", got ${JSON.stringify(value)}`,
      );
    range[name] = new Date(ms).toISOString();
  }
  if (range.from && range.to && range.from >= range.to) throw httpError(400, 'body.from must be before body.to');
  return range;
}

/**
 * POST /SyncControl/ `{ "tableId": "...", "action": "pause" | "resume" | "resync" | "validate", "from"?, "to"? }` queues
 * a control request for the worker running the sync; GET /SyncControl/<id> shows its state.
 */
export class SyncControl extends Resource {
  static override loadAsInstance = false;

  // Harper decodes the body before calling post() and answers a malformed one with 500;
  // this turns that into a 400 naming the body.
  static override post = Object.assign(
    function (this: typeof Resource, target: unknown, data?: unknown, context?: unknown): unknown {
      return basePost.call(this, target as never, rejectMalformedBody(data), context as never);
    },
    { reliesOnPrototype: Resource.post.reliesOnPrototype },
  );

  override async get(target?: unknown) {
    const user = requireUser(this as unknown as AuthenticatedResource);
    requirePermission(user, checkControl);
    const id = idOf(target);
    if (!id) throw httpError(400, 'GET /SyncControl/<command id>');
    const command = await syncTable('SyncCommand').get(id);
    if (!command) throw httpError(404, `No control request ${id}`);
    return plainRecord(command);
  }

  override async post(_target: unknown, body: unknown) {
    const user = requireUser(this as unknown as AuthenticatedResource);
    requirePermission(user, checkControl);
    const raw = await rejectMalformedBody(body);
    const parsed = parseControlRequest(raw);
    if (!parsed.ok) throw httpError(400, parsed.message);
    const request = parsed.value;
    const range = validationRange({ ...(raw as { from?: unknown; to?: unknown }), action: request.action });
    // In cluster mode the command is taken by this node (it names itself), which passes it to
    // every unit owner through the table's replicated control record (src/cluster/cluster-commands.ts).
    const cluster = await readClusterStatus(databases as unknown as HarperDatabases);
    const known = cluster
      ? cluster.tables.some((t) => t.tableId === request.tableId)
      : Boolean(await syncTable('SyncTableStatus').get(request.tableId));
    if (!known) throw httpError(404, `No table with id ${request.tableId} is being synced`);
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    await syncTable('SyncCommand').put({
      id,
      tableId: request.tableId,
      action: request.action,
      state: 'pending',
      requestedBy: user.username,
      ...(cluster ? { node: nodeName() } : {}),
      ...range,
    });
    return { id, tableId: request.tableId, action: request.action, state: 'pending' };
  }
}

/**
 * GET /SyncPermissions/ -> what the signed-in user may do here (read status, control) and,
 * for what they may not, which Harper permission is missing. The dashboard enables its
 * controls from this.
 */
export class SyncPermissions extends Resource {
  static override loadAsInstance = false;

  override get() {
    return syncPermissions(requireUser(this as unknown as AuthenticatedResource));
  }
}

/** A query parameter of a request target (Harper's RequestTarget is a URLSearchParams). */
function queryParam(target: unknown, name: string): string | undefined {
  const get = (target as { get?: (name: string) => string | null } | undefined)?.get;
  const value = typeof get === 'function' ? get.call(target, name) : undefined;
  return value === null || value === undefined ? undefined : value;
}

/**
 * GET /SyncHistory/?tableId=<id>&minutes=<1..60> -> `{ tableId, minutes, periodMs, samples }`,
 * the samples of one table (or of every table without tableId), oldest first. Samples are
 * written by the node running the sync into SyncHistorySample, so any worker answers.
 */
export class SyncHistory extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    // History is status over time: the same permission as GET /SyncStatus/.
    requirePermission(requireUser(this as unknown as AuthenticatedResource), checkReadStatus);
    const tableId = queryParam(target, 'tableId') || idOf(target);
    const minutes = parseMinutes(queryParam(target, 'minutes'));
    if (minutes === undefined) throw httpError(400, 'minutes: expected a number of minutes above 0 (at most 60)');
    const table = syncTable('SyncHistorySample');
    const query = tableId ? { conditions: [{ attribute: 'tableId', value: tableId }] } : {};
    const samples: HistorySample[] = [];
    for await (const sample of table.search(query)) samples.push(plainRecord(sample) as unknown as HistorySample);
    return { tableId: tableId ?? null, minutes, samples: historyWindow(samples, tableId, minutes, Date.now()) };
  }
}
