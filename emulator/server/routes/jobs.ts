/** jobs.insert (JSON), jobs.get, jobs.list, jobs.cancel, jobs.delete. */
import type { Handler } from '../context.js';
import { BigQueryError, invalid, notFound } from '../errors.js';
import { json, type Reply } from '../http.js';
import type { ServerContext } from '../context.js';
import { jobForResponse, markDone, waitForJob } from '../jobs/lifecycle.js';
import { startJobFromResource } from '../jobs/start.js';
import type { JobRecord } from '../jobs/store.js';
import { pageList } from '../paging.js';
import { DEFAULT_LOCATION } from '../resources.js';

/**
 * How long jobs.insert waits for the job before answering. Local jobs usually finish in
 * milliseconds, and answering DONE spares the client its first 500 ms poll.
 */
export const INSERT_WAIT_MS = 10_000;

export const insertJob: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  const body = await req.json();
  return startAndReply(ctx, projectId, body, undefined, req.jobFailure);
};

export async function startAndReply(
  ctx: ServerContext,
  projectId: string,
  body: Record<string, unknown>,
  data?: Buffer,
  jobFailure?: BigQueryError,
): Promise<Reply> {
  const started = await startJobFromResource(ctx, projectId, body, data, jobFailure);
  if (started.kind === 'dryRun') return json(200, started.resource);
  await waitForJob(started.job, INSERT_WAIT_MS);
  return json(200, jobForResponse(started.job, ctx.baseUrl));
}

function requireJob(ctx: ServerContext, projectId: string, jobId: string, location: string | null): JobRecord {
  const job = ctx.jobs.get(projectId, jobId);
  if (!job) throw notFound(`Not found: Job ${projectId}:${location ?? DEFAULT_LOCATION}.${jobId}`);
  return job;
}

export const getJob: Handler = async (ctx, req) => {
  const { projectId, jobId } = req.match.params;
  const job = requireJob(ctx, projectId, jobId, req.url.searchParams.get('location'));
  return json(200, jobForResponse(job, ctx.baseUrl));
};

export const cancelJob: Handler = async (ctx, req) => {
  const { projectId, jobId } = req.match.params;
  const job = requireJob(ctx, projectId, jobId, req.url.searchParams.get('location'));
  if (!job.isDone) {
    markDone(job, new BigQueryError(400, 'stopped', 'Job execution was cancelled: User requested cancellation'));
  }
  return json(200, { kind: 'bigquery#jobCancelResponse', job: jobForResponse(job, ctx.baseUrl) });
};

export const deleteJob: Handler = async (ctx, req) => {
  const { projectId, jobId } = req.match.params;
  const job = requireJob(ctx, projectId, jobId, req.url.searchParams.get('location'));
  if (!job.isDone) throw invalid(`Job ${projectId}:${job.location}.${jobId} is still running; cancel it first.`);
  ctx.jobs.delete(projectId, jobId);
  return { status: 204 };
};

export const listJobs: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  const q = req.url.searchParams;
  const states = new Set(
    q
      .getAll('stateFilter')
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  );
  const minCreation = Number(q.get('minCreationTime') ?? '0') || 0;
  const maxCreation = Number(q.get('maxCreationTime') ?? '0') || Infinity;
  const full = (q.get('projection') ?? '').toLowerCase() === 'full';
  const jobs = ctx.jobs.list(projectId).filter((j) => {
    const state = j.resource.status.state;
    return (states.size === 0 || states.has(state)) && j.createdAt >= minCreation && j.createdAt <= maxCreation;
  });
  const page = pageList(jobs, `jobs:${projectId}`, q, 1000);
  const body: Record<string, unknown> = { kind: 'bigquery#jobList', etag: String(jobs.length) };
  if (page.items.length > 0) {
    body.jobs = page.items.map((j) => {
      const r = jobForResponse(j, ctx.baseUrl);
      const entry: Record<string, unknown> = {
        id: r.id,
        kind: 'bigquery#job',
        jobReference: r.jobReference,
        state: j.resource.status.state,
        statistics: r.statistics,
        status: r.status,
        user_email: r.user_email,
        principal_subject: r.principal_subject,
      };
      if (j.resource.status.errorResult) entry.errorResult = j.resource.status.errorResult;
      // BigQuery's default projection ("minimal") omits the configuration.
      if (full) entry.configuration = r.configuration;
      return entry;
    });
  }
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  return json(200, body);
};
