import { z } from 'zod';
import { BACKFILL_METHODS, DECODE_IN, GEOGRAPHY_FORMATS, NUMERIC_MODES } from './defaults.js';
import { describeValue } from './describe.js';
import { MAX_TIMER_MS, parseDuration, type ParseResult } from './durations.js';
import { identifierProblem, type IdentifierKind } from './identifiers.js';
import { parseByteCount, parseNonNegativeInteger, parsePositiveInteger } from './numbers.js';
import { isPlainObject } from './paths.js';
import { redactUrlPassword } from './secrets.js';
import { BACKOFF_FIELDS, SYNC_FIELD_NAMES, SYNC_FIELDS, type SyncField, type SyncFieldName } from './sync-fields.js';
import type { BackfillMethod, DecodeIn, GeographyFormat, InlineCredentials, NumericMode } from './types.js';

/**
 * The input grammar. Objects are strict so a typo is an error rather than a silently
 * ignored setting. Messages for value rules are produced here; zod's generic issues are
 * reworded in zod-issues.ts.
 */

/** Lifts one of our parsers into zod so its message becomes the issue message. */
function fromParser<T>(parse: (input: unknown) => ParseResult<T>) {
  return z.unknown().transform((input, ctx): T => {
    const result = parse(input);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

function identifier(kind: IdentifierKind) {
  return z.string().superRefine((value, ctx) => {
    const problem = identifierProblem(kind, value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const syncFieldSchema = (field: SyncField) => fromParser(field.parse).optional();

export const syncBlockSchema = z.strictObject({
  ...(Object.fromEntries(SYNC_FIELD_NAMES.map((name) => [name, syncFieldSchema(SYNC_FIELDS[name])])) as Record<
    SyncFieldName,
    ReturnType<typeof syncFieldSchema>
  >),
  restartBackoff: z
    .strictObject({ initial: syncFieldSchema(BACKOFF_FIELDS.initial), max: syncFieldSchema(BACKOFF_FIELDS.max) })
    .optional(),
  decodeIn: z.enum(DECODE_IN as [DecodeIn, ...DecodeIn[]]).optional(),
});
export type SyncBlock = z.output<typeof syncBlockSchema>;

/**
 * A key file path, an inline key object, or that object as a JSON string (the usual way
 * to pass a key through a single environment variable). Values are never echoed.
 */
const credentialsSchema = z.unknown().transform((input, ctx): string | InlineCredentials => {
  let value = input;
  if (typeof value === 'string') {
    if (value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      return z.NEVER;
    }
    if (!value.trimStart().startsWith('{')) return value;
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'looks like inline JSON but does not parse as JSON' });
      return z.NEVER;
    }
  }
  if (!isPlainObject(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a key file path or an inline key object, got ${describeValue(value, true)}`,
    });
    return z.NEVER;
  }
  if (value['type'] === 'service_account') {
    for (const key of ['client_email', 'private_key']) {
      const field = value[key];
      if (typeof field !== 'string' || field === '') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'required in a service_account key' });
      }
    }
  }
  return value;
});

const locationSchema = z.string().superRefine((value, ctx) => {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `${describeValue(value)} is not a BigQuery location such as "US", "EU" or "us-central1"`,
    });
  }
});

const apiEndpointSchema = z.string().superRefine((value, ctx) => {
  let ok = false;
  try {
    const url = new URL(value);
    ok = url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an http(s) URL such as "http://127.0.0.1:9050", got ${describeValue(redactUrlPassword(value))}`,
    });
  }
});

/** true/false, also as the strings `${VAR}` substitution yields. */
function parseFlag(input: unknown): ParseResult<boolean> {
  if (input === true || input === 'true') return { ok: true, value: true };
  if (input === false || input === 'false') return { ok: true, value: false };
  return { ok: false, message: `expected true or false, got ${describeValue(input)}` };
}

/** `validation:` (global or per table); see streams/validate/settings.ts for the defaults. */
export const validationBlockSchema = z.strictObject({
  interval: fromParser((i) => parseDuration(i, { min: 0, max: MAX_TIMER_MS })).optional(),
  repair: fromParser(parseFlag).optional(),
  deleteExtra: fromParser(parseFlag).optional(),
  maxBytesBilled: fromParser(parseByteCount).optional(),
  window: fromParser((i) => parseDuration(i, { min: 1, max: Number.MAX_SAFE_INTEGER })).optional(),
  minWindow: fromParser((i) => parseDuration(i, { min: 1, max: Number.MAX_SAFE_INTEGER })).optional(),
  maxKeyRows: fromParser(parsePositiveInteger).optional(),
});
export type ValidationBlock = z.output<typeof validationBlockSchema>;

/** A table's own `validation:` block may also name cross-table references. */
export const tableValidationBlockSchema = validationBlockSchema.extend({
  references: z
    .array(
      z.strictObject({
        column: identifier('columnName'),
        table: identifier('tableId'),
        referencedColumn: identifier('columnName').optional(),
      }),
    )
    .optional(),
});
export type TableValidationBlock = z.output<typeof tableValidationBlockSchema>;

/** `backfill:` (global or per table); see config/defaults.ts DEFAULT_BACKFILL. */
export const backfillBlockSchema = z.strictObject({
  method: z.enum(BACKFILL_METHODS as [BackfillMethod, ...BackfillMethod[]]).optional(),
  storageReadMinBytes: fromParser(parseNonNegativeInteger).optional(),
  maxStreams: fromParser((i) => {
    const r = parsePositiveInteger(i);
    return r.ok && r.value > 1000
      ? { ok: false as const, message: `expected at most 1000 streams, got ${r.value}` }
      : r;
  }).optional(),
});
export type BackfillBlock = z.output<typeof backfillBlockSchema>;

/** `host:port` of a gRPC service. */
const grpcAddressSchema = z.string().superRefine((value, ctx) => {
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected host:port such as "127.0.0.1:9061", got ${describeValue(redactUrlPassword(value))}`,
    });
  }
});

const columnList = z.array(identifier('columnName')).min(1);

export const tableSchema = z.strictObject({
  id: identifier('tableId'),
  dataset: identifier('datasetId'),
  table: identifier('tableName'),
  timestampColumn: identifier('columnName'),
  columns: z.union([z.literal('*'), columnList]).optional(),
  primaryKey: columnList.optional(),
  targetTable: identifier('targetTable'),
  numericMode: z.enum(NUMERIC_MODES as [NumericMode, ...NumericMode[]]).optional(),
  geographyFormat: z.enum(GEOGRAPHY_FORMATS as [GeographyFormat, ...GeographyFormat[]]).optional(),
  timestampMicros: z.boolean().optional(),
  sync: syncBlockSchema.optional(),
  validation: tableValidationBlockSchema.optional(),
  backfill: backfillBlockSchema.optional(),
});
export type TableBlock = z.output<typeof tableSchema>;

export const rootSchema = z.strictObject({
  bigquery: z.strictObject({
    projectId: identifier('projectId'),
    credentials: credentialsSchema.optional(),
    location: locationSchema.optional(),
    apiEndpoint: apiEndpointSchema.optional(),
    maximumBytesBilled: fromParser(parseByteCount).optional(),
    jobProjectId: identifier('projectId').optional(),
    storageApiEndpoint: grpcAddressSchema.optional(),
    tables: z.array(tableSchema).min(1),
  }),
  sync: syncBlockSchema.optional(),
  validation: validationBlockSchema.optional(),
  backfill: backfillBlockSchema.optional(),
});
export type RootBlock = z.output<typeof rootSchema>;
