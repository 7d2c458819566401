import { describe, expect, it } from 'vitest';
import {
  checkControl,
  checkReadStatus,
  hasTablePermission,
  syncPermissions,
  type PermissionUser,
} from '../../../src/harper/permissions.js';

const crud = (granted: Partial<Record<'read' | 'insert' | 'update' | 'delete', boolean>>) => ({
  read: false,
  insert: false,
  update: false,
  delete: false,
  attribute_permissions: [],
  ...granted,
});

function userWith(permission: unknown, username = 'someone'): PermissionUser {
  return { username, role: { permission } };
}

const viewer = userWith({ super_user: false, bigquery_sync: { tables: { SyncTableStatus: crud({ read: true }) } } });
const operator = userWith({
  super_user: false,
  bigquery_sync: { tables: { SyncTableStatus: crud({ read: true }), SyncCommand: crud({ insert: true }) } },
});
const nobody = userWith({ super_user: false });
const admin = userWith({ super_user: true }, 'admin');

describe('permissions', () => {
  it('lets a viewer read status but not control, naming the missing permission', () => {
    expect(checkReadStatus(viewer)).toBeUndefined();
    expect(checkControl(viewer)?.message).toBe('needs insert on bigquery_sync.SyncCommand');
  });

  it('denies a role without grants both, and a user without a role', () => {
    expect(checkReadStatus(nobody)?.message).toBe('needs read on bigquery_sync.SyncTableStatus');
    expect(checkControl(nobody)?.message).toBe('needs insert on bigquery_sync.SyncCommand');
    expect(checkReadStatus({ username: 'x' })).toBeDefined();
    expect(checkReadStatus(undefined)).toBeDefined();
  });

  it('lets an operator and the super user do both', () => {
    for (const user of [operator, admin]) {
      expect(checkReadStatus(user)).toBeUndefined();
      expect(checkControl(user)).toBeUndefined();
    }
  });

  it('does not take a grant on another database or table, nor read for insert', () => {
    const elsewhere = userWith({
      data: { tables: { SyncTableStatus: crud({ read: true }), SyncCommand: crud({ insert: true }) } },
      bigquery_sync: { tables: { SyncCommand: crud({ read: true, update: true }) } },
    });
    expect(checkReadStatus(elsewhere)).toBeDefined();
    expect(checkControl(elsewhere)).toBeDefined();
  });

  it('reads top-level tables as the data database only (Harper legacy shape)', () => {
    const legacy = userWith({ Things: crud({ read: true }) });
    expect(hasTablePermission(legacy, 'read', 'data', 'Things')).toBe(true);
    expect(hasTablePermission(legacy, 'read', 'bigquery_sync', 'Things')).toBe(false);
  });

  it('treats only boolean true as a grant', () => {
    const truthy = userWith({ super_user: 'yes', bigquery_sync: { tables: { SyncTableStatus: { read: 1 } } } });
    expect(checkReadStatus(truthy)).toBeDefined();
  });

  it('summarises what the user may do for GET /SyncPermissions/', () => {
    expect(syncPermissions(viewer)).toEqual({
      username: 'someone',
      superUser: false,
      canReadStatus: true,
      canControl: false,
      reasons: { control: 'needs insert on bigquery_sync.SyncCommand' },
    });
    expect(syncPermissions(admin)).toEqual({
      username: 'admin',
      superUser: true,
      canReadStatus: true,
      canControl: true,
      reasons: {},
    });
  });
});
