/** jobs.query (POST /queries) and jobs.getQueryResults (GET /queries/{jobId}): the sync hot path. */
import type { Handler } from '../context.js';
import { notFound } from '../errors.js';
import { json } from '../http.js';
import { parseQueryConfig } from '../jobs/query-config.js';
import { dryRun } from '../jobs/query-runner.js';
import { resultPage } from '../jobs/results.js';
import { startQueryRequest } from '../jobs/start.js';
import { waitForJob } from '../jobs/lifecycle.js';
import { boolParam, intField, intParam } from '../paging.js';
import { DEFAULT_LOCATION } from '../resources.js';

/** BigQuery's documented default wait for jobs.query and getQueryResults. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export const query: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  const body = await req.json();
  const cfg = parseQueryConfig(body, 'request');
  const int64Timestamps =
    (body.formatOptions as { useInt64Timestamp?: unknown } | undefined)?.useInt64Timestamp === true;
  const maxResults = intField(body.maxResults, 'maxResults');
  const timeoutMs = intField(body.timeoutMs, 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;

  if (body.dryRun === true) {
    const result = await dryRun(ctx, projectId, cfg);
    const location = typeof body.location === 'string' && body.location ? body.location : DEFAULT_LOCATION;
    const out: Record<string, unknown> = {
      kind: 'bigquery#queryResponse',
      jobReference: { projectId, location },
      jobComplete: true,
      cacheHit: false,
      totalBytesProcessed: String(result.totalBytesProcessed),
      totalRows: '0',
    };
    if (result.schema) out.schema = result.schema;
    return json(200, out);
  }

  // A retried request (same requestId) gets the job the first attempt created.
  const requestId = typeof body.requestId === 'string' && body.requestId !== '' ? body.requestId : undefined;
  const job =
    (requestId && ctx.jobs.lookupRequest(projectId, requestId)) ||
    startQueryRequest(ctx, projectId, body, cfg, req.jobFailure);
  await waitForJob(job, timeoutMs);
  const page = resultPage(job, {
    kind: 'bigquery#queryResponse',
    ...(maxResults !== undefined ? { maxResults } : {}),
    int64Timestamps,
  });
  return json(200, page.body, page.rows);
};

export const getQueryResults: Handler = async (ctx, req) => {
  const { projectId, jobId } = req.match.params;
  const q = req.url.searchParams;
  const job = ctx.jobs.get(projectId, jobId);
  if (!job) throw notFound(`Not found: Job ${projectId}:${q.get('location') ?? DEFAULT_LOCATION}.${jobId}`);
  const maxResults = intParam(q, 'maxResults');
  const startIndex = intParam(q, 'startIndex');
  await waitForJob(job, intParam(q, 'timeoutMs') ?? DEFAULT_TIMEOUT_MS);
  ctx.jobs.touch(job);
  const page = resultPage(job, {
    kind: 'bigquery#getQueryResultsResponse',
    pageToken: q.get('pageToken'),
    ...(maxResults !== undefined ? { maxResults } : {}),
    ...(startIndex !== undefined ? { startIndex } : {}),
    int64Timestamps: boolParam(q, 'formatOptions.useInt64Timestamp') ?? false,
  });
  return json(200, page.body, page.rows);
};
