/** Pages of a query job's stored result, for jobs.query and jobs.getQueryResults. */
import { BigQueryError } from '../errors.js';
import { decodePageToken, encodePageToken } from '../paging.js';
import { secondsTimestampMapper } from './row-format.js';
import type { JobRecord } from './store.js';

/**
 * Rows per page when the caller gives no maxResults. BigQuery cuts pages at about 10 MB;
 * a row count keeps this cheap while still returning a sync loop's 10k-row batch whole.
 */
export const DEFAULT_PAGE_ROWS = 100_000;

export interface PageRequest {
  kind: 'bigquery#queryResponse' | 'bigquery#getQueryResultsResponse';
  pageToken?: string | null;
  startIndex?: number;
  maxResults?: number;
  /** The client always asks for int64 microseconds; otherwise BigQuery's default (seconds) is sent. */
  int64Timestamps: boolean;
}

export interface Page {
  body: Record<string, unknown>;
  rows?: readonly unknown[];
}

export function jobReference(job: JobRecord): Record<string, string> {
  return { projectId: job.projectId, jobId: job.jobId, location: job.location };
}

export function incompletePage(job: JobRecord, kind: PageRequest['kind']): Page {
  return { body: { kind, jobReference: jobReference(job), jobComplete: false } };
}

export function resultPage(job: JobRecord, req: PageRequest): Page {
  if (!job.isDone) return incompletePage(job, req.kind);
  if (job.failure) throw job.failure;
  const stats = job.resource.statistics;
  const queryStats = (stats.query ?? {}) as Record<string, unknown>;
  const body: Record<string, unknown> = {
    kind: req.kind,
    jobReference: jobReference(job),
    jobComplete: true,
    cacheHit: false,
    totalBytesProcessed: String(stats.totalBytesProcessed ?? '0'),
  };
  if (req.kind === 'bigquery#queryResponse') {
    body.totalBytesBilled = queryStats.totalBytesBilled ?? '0';
    body.location = job.location;
    body.creationTime = stats.creationTime;
    body.startTime = stats.startTime;
    body.endTime = stats.endTime;
  } else {
    body.etag = job.resource.etag;
  }
  if (queryStats.numDmlAffectedRows !== undefined) body.numDmlAffectedRows = queryStats.numDmlAffectedRows;
  const result = job.result;
  if (!result) {
    if (job.resultEvicted) {
      throw new BigQueryError(
        404,
        'notFound',
        `Not found: the results of job ${job.projectId}:${job.location}.${job.jobId} were evicted from the local server's result cache; run the query again.`,
      );
    }
    body.totalRows = '0';
    return { body };
  }
  if (result.schema) body.schema = result.schema;
  body.totalRows = String(result.totalRows);
  const scope = `job:${job.projectId}:${job.jobId}`;
  const start = req.pageToken ? decodePageToken(scope, req.pageToken) : (req.startIndex ?? 0);
  const size = req.maxResults ?? DEFAULT_PAGE_ROWS;
  const end = Math.min(start + size, result.rows.length);
  if (end < result.rows.length) body.pageToken = encodePageToken(scope, end);
  if (end <= start) return { body };
  let rows: readonly unknown[] =
    start === 0 && end === result.rows.length ? result.rows : result.rows.slice(start, end);
  if (!req.int64Timestamps) {
    const mapper = secondsTimestampMapper(result.schema);
    if (mapper) rows = (rows as typeof result.rows).map(mapper);
  }
  return { body, rows };
}
