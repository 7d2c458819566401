/**
 * Validation of what callers send to the component's endpoints, before anything reaches
 * Harper's storage. Ids are bounded because Harper rejects primary keys of a few kB with a
 * 500, and a control request is checked field by field so a 400 can name the field.
 */
import { z } from 'zod';
import { CONTROL_ACTIONS, type ControlAction } from './sync-service.js';

/** Longest table id or command id accepted, in UTF-8 bytes. */
export const MAX_ID_BYTES = 256;

export interface ControlRequest {
  tableId: string;
  action: ControlAction;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function idSchema(what: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? 'required' : `expected a string, got ${typeOf(issue.input)}`),
    })
    .min(1, { error: 'must not be empty' })
    .refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_ID_BYTES, {
      error: `too long: at most ${MAX_ID_BYTES} bytes (${what})`,
    });
}

// Unknown extra fields are dropped, not stored: only tableId and action are written.
const controlRequestSchema = z.object(
  {
    tableId: idSchema('the table id from the sync config'),
    action: z.enum(CONTROL_ACTIONS, {
      error: (issue) =>
        `expected one of ${CONTROL_ACTIONS.join(', ')}, got ${issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)?.slice(0, 80)}`,
    }),
  },
  { error: (issue) => `expected a JSON object, got ${typeOf(issue.input)}` },
);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function firstIssue(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  const path = [root, ...(issue?.path ?? []).map(String)].join('.');
  return `${path}: ${issue?.message ?? 'invalid'}`;
}

/** A POST /SyncControl/ body (already decoded from JSON), or the first problem with it. */
export function parseControlRequest(body: unknown): Parsed<ControlRequest> {
  const result = controlRequestSchema.safeParse(body);
  if (!result.success) return { ok: false, message: firstIssue(result.error, 'body') };
  return { ok: true, value: { tableId: result.data.tableId, action: result.data.action } };
}

const pathIdSchema = idSchema('path id');

/** An id from the URL path (`/SyncStatus/<id>`), or the problem with it. */
export function parsePathId(id: string): Parsed<string> {
  const result = pathIdSchema.safeParse(id);
  if (!result.success) return { ok: false, message: firstIssue(result.error, 'id') };
  return { ok: true, value: result.data };
}
