/**
 * Authorization of the component's endpoints through Harper's own role permissions.
 * Harper puts the signed-in user's role on `getCurrentUser()` as
 * `role.permission = { super_user?, <database>: { tables: { <table>: { read, insert, update,
 * delete, attribute_permissions } } } }`; tables of the default `data` database may also
 * appear at the top level (the legacy shape). Pure functions: no Harper at runtime.
 */

/** The status and command tables live in this database (schema/sync.graphql). */
export const SYNC_PERMISSION_DATABASE = 'bigquery_sync';
export const STATUS_TABLE = 'SyncTableStatus';
export const COMMAND_TABLE = 'SyncCommand';

export type TableOperation = 'read' | 'insert' | 'update' | 'delete';

/** The parts of Harper's user record these checks look at. */
export interface PermissionUser {
  username?: unknown;
  role?: { permission?: unknown } | null;
}

/** A permission the caller lacks, phrased for a 403 body (e.g. `needs read on bigquery_sync.SyncTableStatus`). */
export interface Denial {
  operation: TableOperation;
  database: string;
  table: string;
  message: string;
}

type PermissionRecord = Record<string, unknown>;

function isRecord(value: unknown): value is PermissionRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function permissionOf(user: PermissionUser | undefined | null): PermissionRecord | undefined {
  const permission = user?.role?.permission;
  return isRecord(permission) ? permission : undefined;
}

/** True when the user's role is Harper's super user (which may do anything). */
export function isSuperUser(user: PermissionUser | undefined | null): boolean {
  return permissionOf(user)?.super_user === true;
}

/**
 * The table entry of the user's role, found the way Harper finds it: `<db>.tables.<table>`,
 * or for the `data` database a top-level `<table>` entry without its own `tables`.
 */
function tableEntry(permission: PermissionRecord, database: string, table: string): PermissionRecord | undefined {
  const db = permission[database];
  if (isRecord(db) && isRecord(db.tables)) {
    const entry = db.tables[table];
    return isRecord(entry) ? entry : undefined;
  }
  if (database === 'data') {
    const legacy = permission[table];
    if (isRecord(legacy) && !isRecord(legacy.tables)) return legacy;
  }
  return undefined;
}

/** Whether the user's role grants `operation` on `database.table` (super user: always). */
export function hasTablePermission(
  user: PermissionUser | undefined | null,
  operation: TableOperation,
  database: string,
  table: string,
): boolean {
  const permission = permissionOf(user);
  if (!permission) return false;
  if (permission.super_user === true) return true;
  return tableEntry(permission, database, table)?.[operation] === true;
}

/** Undefined when allowed, else what is missing. */
export function checkTablePermission(
  user: PermissionUser | undefined | null,
  operation: TableOperation,
  database: string,
  table: string,
): Denial | undefined {
  if (hasTablePermission(user, operation, database, table)) return undefined;
  return { operation, database, table, message: `needs ${operation} on ${database}.${table}` };
}

/** Reading status (GET /SyncStatus/...) needs read on the status table. */
export function checkReadStatus(user: PermissionUser | undefined | null): Denial | undefined {
  return checkTablePermission(user, 'read', SYNC_PERMISSION_DATABASE, STATUS_TABLE);
}

/** Control (POST /SyncControl/, GET /SyncControl/<id>) needs insert on the command table. */
export function checkControl(user: PermissionUser | undefined | null): Denial | undefined {
  return checkTablePermission(user, 'insert', SYNC_PERMISSION_DATABASE, COMMAND_TABLE);
}

/** The body of GET /SyncPermissions/ (shared contract with the dashboard). */
export interface SyncPermissions {
  username: string;
  superUser: boolean;
  canReadStatus: boolean;
  canControl: boolean;
  reasons: { readStatus?: string; control?: string };
}

export function syncPermissions(user: PermissionUser): SyncPermissions {
  const readStatus = checkReadStatus(user);
  const control = checkControl(user);
  const reasons: SyncPermissions['reasons'] = {};
  if (readStatus) reasons.readStatus = readStatus.message;
  if (control) reasons.control = control.message;
  return {
    username: typeof user.username === 'string' ? user.username : '',
    superUser: isSuperUser(user),
    canReadStatus: !readStatus,
    canControl: !control,
    reasons,
  };
}
