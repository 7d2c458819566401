/** Builders for the REST resource JSON of datasets and tables. */
import { randomBytes } from 'node:crypto';
import type { TableRef, TableSchema, TableStats } from '../engine/contract.js';

export const DEFAULT_LOCATION = 'US';

export function newEtag(): string {
  return randomBytes(12).toString('base64');
}

export function nowMs(): string {
  return String(Date.now());
}

export function datasetSelfLink(baseUrl: string, projectId: string, datasetId: string): string {
  return `${baseUrl}/bigquery/v2/projects/${encodeURIComponent(projectId)}/datasets/${encodeURIComponent(datasetId)}`;
}

export function tableSelfLink(baseUrl: string, ref: TableRef): string {
  return `${datasetSelfLink(baseUrl, ref.projectId, ref.datasetId)}/tables/${encodeURIComponent(ref.tableId)}`;
}

/** Mutable dataset fields that patch/update may change. */
export const DATASET_MUTABLE = [
  'friendlyName',
  'description',
  'labels',
  'defaultTableExpirationMs',
  'defaultPartitionExpirationMs',
  'access',
  'defaultCollation',
  'maxTimeTravelHours',
  'storageBillingModel',
  'isCaseInsensitive',
  'resourceTags',
] as const;

/** Mutable table fields that patch/update may change (schema is handled separately). */
export const TABLE_MUTABLE = [
  'friendlyName',
  'description',
  'labels',
  'expirationTime',
  'timePartitioning',
  'clustering',
  'rangePartitioning',
  'requirePartitionFilter',
  'defaultCollation',
  'resourceTags',
] as const;

/** The stored dataset resource (persisted by the engine); `selfLink` is added per response. */
export function newDatasetResource(
  projectId: string,
  datasetId: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const now = nowMs();
  const resource: Record<string, unknown> = {
    kind: 'bigquery#dataset',
    id: `${projectId}:${datasetId}`,
    datasetReference: { projectId, datasetId },
    location: typeof body.location === 'string' && body.location ? body.location : DEFAULT_LOCATION,
    creationTime: now,
    lastModifiedTime: now,
    etag: newEtag(),
    type: 'DEFAULT',
  };
  for (const key of DATASET_MUTABLE) {
    if (body[key] !== undefined && body[key] !== null) resource[key] = body[key];
  }
  if (resource.labels === undefined) resource.labels = {};
  return resource;
}

/**
 * Fields BigQuery always returns, for resources the engine created itself (DDL such as
 * CREATE SCHEMA / CREATE TABLE stores only the essentials).
 */
function withDefaults(stored: Record<string, unknown>): Record<string, unknown> {
  const out = { ...stored };
  out.creationTime ??= '0';
  out.lastModifiedTime ??= out.creationTime;
  out.location ??= DEFAULT_LOCATION;
  out.etag ??= Buffer.from(String(out.creationTime)).toString('base64');
  return out;
}

export function datasetForResponse(
  stored: Record<string, unknown>,
  baseUrl: string,
  projectId: string,
  datasetId: string,
): Record<string, unknown> {
  return {
    ...withDefaults(stored),
    kind: 'bigquery#dataset',
    id: `${projectId}:${datasetId}`,
    datasetReference: { projectId, datasetId },
    selfLink: datasetSelfLink(baseUrl, projectId, datasetId),
  };
}

export function datasetListEntry(
  stored: Record<string, unknown>,
  projectId: string,
  datasetId: string,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    kind: 'bigquery#dataset',
    id: `${projectId}:${datasetId}`,
    datasetReference: { projectId, datasetId },
    location: stored.location ?? DEFAULT_LOCATION,
  };
  if (stored.friendlyName !== undefined) entry.friendlyName = stored.friendlyName;
  if (stored.labels !== undefined && Object.keys(stored.labels as object).length > 0) entry.labels = stored.labels;
  return entry;
}

/** Applies patch (merge; a null label deletes it) or update (replace) semantics to mutable fields. */
export function applyMutable(
  stored: Record<string, unknown>,
  body: Record<string, unknown>,
  keys: readonly string[],
  replace: boolean,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...stored };
  for (const key of keys) {
    const value = body[key];
    if (replace) {
      if (value === undefined || value === null) delete next[key];
      else next[key] = value;
      continue;
    }
    if (value === undefined) continue;
    if (value === null) {
      delete next[key];
    } else if (key === 'labels' && typeof value === 'object') {
      const labels: Record<string, unknown> = { ...((next.labels as Record<string, unknown> | undefined) ?? {}) };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) delete labels[k];
        else labels[k] = v;
      }
      next.labels = labels;
    } else {
      next[key] = value;
    }
  }
  if (replace && next.labels === undefined) next.labels = {};
  next.lastModifiedTime = nowMs();
  next.etag = newEtag();
  return next;
}

export function newTableResource(
  ref: TableRef,
  body: Record<string, unknown>,
  location: string,
): Record<string, unknown> {
  const now = nowMs();
  const resource: Record<string, unknown> = {
    kind: 'bigquery#table',
    id: `${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
    tableReference: { ...ref },
    type: 'TABLE',
    creationTime: now,
    lastModifiedTime: now,
    etag: newEtag(),
    location,
  };
  for (const key of TABLE_MUTABLE) {
    if (body[key] !== undefined && body[key] !== null) resource[key] = body[key];
  }
  return resource;
}

/** What the engine persists: everything but schema (kept by the engine itself) and live stats. */
export function storableTable(resource: Record<string, unknown>): Record<string, unknown> {
  const { schema: _schema, numRows: _r, numBytes: _b, numLongTermBytes: _l, selfLink: _s, ...rest } = resource;
  return rest;
}

export function tableForResponse(
  stored: Record<string, unknown>,
  schema: TableSchema,
  stats: TableStats,
  baseUrl: string,
  ref: TableRef,
): Record<string, unknown> {
  return {
    ...withDefaults(stored),
    type: stored.type ?? 'TABLE',
    kind: 'bigquery#table',
    id: `${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
    selfLink: tableSelfLink(baseUrl, ref),
    tableReference: { ...ref },
    schema,
    numRows: String(stats.numRows),
    numBytes: String(stats.numBytes),
    numLongTermBytes: '0',
    numTotalLogicalBytes: String(stats.numBytes),
    numActiveLogicalBytes: String(stats.numBytes),
    numLongTermLogicalBytes: '0',
  };
}

export function tableListEntry(stored: Record<string, unknown>, ref: TableRef): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    kind: 'bigquery#table',
    id: `${ref.projectId}:${ref.datasetId}.${ref.tableId}`,
    tableReference: { ...ref },
    type: stored.type ?? 'TABLE',
    creationTime: stored.creationTime,
  };
  for (const key of [
    'friendlyName',
    'labels',
    'timePartitioning',
    'clustering',
    'rangePartitioning',
    'expirationTime',
  ] as const) {
    if (stored[key] !== undefined) entry[key] = stored[key];
  }
  return entry;
}
