/**
 * Resource names of the Storage Read API: tables `projects/{p}/datasets/{d}/tables/{t}`,
 * sessions `projects/{p}/locations/{l}/sessions/{s}` and streams `.../sessions/{s}/streams/{r}`.
 * Pure parsing and formatting.
 */
import type { TableRef } from '../engine/contract.js';

/** BigQuery's location for everything the local server holds. */
export const LOCATION = 'us';

const TABLE_RE = /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/;
const PARENT_RE = /^projects\/([^/]+)$/;
const STREAM_RE = /^projects\/([^/]+)\/locations\/([^/]+)\/sessions\/([^/]+)\/streams\/([^/]+)$/;

export function parseTablePath(path: string): TableRef | undefined {
  const m = TABLE_RE.exec(path);
  if (!m) return undefined;
  return { projectId: m[1] as string, datasetId: m[2] as string, tableId: m[3] as string };
}

export function formatTablePath(ref: TableRef): string {
  return `projects/${ref.projectId}/datasets/${ref.datasetId}/tables/${ref.tableId}`;
}

/** The project of a `projects/{p}` parent. */
export function parseParent(parent: string): string | undefined {
  return PARENT_RE.exec(parent)?.[1];
}

export function sessionName(projectId: string, sessionId: string): string {
  return `projects/${projectId}/locations/${LOCATION}/sessions/${sessionId}`;
}

export function streamName(projectId: string, sessionId: string, streamId: string): string {
  return `${sessionName(projectId, sessionId)}/streams/${streamId}`;
}

export interface StreamNameParts {
  projectId: string;
  location: string;
  sessionId: string;
  streamId: string;
}

export function parseStreamName(name: string): StreamNameParts | undefined {
  const m = STREAM_RE.exec(name);
  if (!m) return undefined;
  return { projectId: m[1] as string, location: m[2] as string, sessionId: m[3] as string, streamId: m[4] as string };
}
