/**
 * REST resources of the component (config.yaml `jsResource`). Harper exposes every exported
 * class as an endpoint named after the export. Custom resources are public by default, so
 * each one checks the caller itself.
 */
import type { User } from 'harperdb';
import { CONTROL_ACTIONS, type ControlAction } from './sync-service.js';
import { SYNC_DATABASE } from '../../streams/sink/harper-sink.js';
import { plainRecord, requireTable, type HarperDatabases } from '../../streams/sink/harper-tables.js';
import { workerIndex } from './worker.js';

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

function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/** Throws Harper's 401 unless the request carries a valid user. */
export function requireUser(resource: AuthenticatedResource): User {
  const user = resource.getCurrentUser();
  if (!user) throw httpError(401, 'Authentication required');
  return user;
}

function idOf(target: unknown): string | undefined {
  const id = (target as { id?: unknown } | undefined)?.id;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}

/**
 * GET /SyncStatus/ -> every table's status; GET /SyncStatus/<tableId> -> one table.
 * Read from SyncTableStatus, which the node running the sync keeps current, so any worker
 * thread answers the same.
 */
export class SyncStatus extends Resource {
  static override loadAsInstance = false;

  override async get(target?: unknown) {
    requireUser(this as unknown as AuthenticatedResource);
    const id = idOf(target);
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

  override async get(target?: unknown) {
    requireUser(this as unknown as AuthenticatedResource);
    const id = idOf(target);
    if (!id) throw httpError(400, 'GET /SyncControl/<command id>');
    const command = await syncTable('SyncCommand').get(id);
    if (!command) throw httpError(404, `No control request ${id}`);
    return plainRecord(command);
  }

  override async post(_target: unknown, body: unknown) {
    const user = requireUser(this as unknown as AuthenticatedResource);
    const request = (await body) as { tableId?: unknown; action?: unknown; from?: unknown; to?: unknown } | undefined;
    if (typeof request?.tableId !== 'string' || request.tableId === '')
      throw httpError(400, 'body.tableId: required (the table id from the sync config)');
    if (!CONTROL_ACTIONS.includes(request.action as ControlAction)) {
      throw httpError(
        400,
        `body.action: expected one of ${CONTROL_ACTIONS.join(', ')}, got ${JSON.stringify(request.action)}`,
      );
    }
    const range = validationRange(request);
    const status = await syncTable('SyncTableStatus').get(request.tableId);
    if (!status) throw httpError(404, `No table with id ${request.tableId} is being synced`);
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    await syncTable('SyncCommand').put({
      id,
      tableId: request.tableId,
      action: request.action,
      state: 'pending',
      requestedBy: user.username,
      ...range,
    });
    return { id, tableId: request.tableId, action: request.action, state: 'pending' };
  }
}
