/**
 * Creating and starting jobs from a REST Job body (jobs.insert, uploads) or a QueryRequest
 * (jobs.query). Shared so that every entry point builds identical Job resources.
 */
import type { ServerContext } from '../context.js';
import { BigQueryError, invalid } from '../errors.js';
import { checkJobId } from '../ids.js';
import { DEFAULT_LOCATION } from '../resources.js';
import { generateJobId, newJob } from './lifecycle.js';
import { parseLoadConfig, runLoadJob } from './load-runner.js';
import { parseQueryConfig, type QueryConfig } from './query-config.js';
import { dryRun, queryStatistics, runQueryJob } from './query-runner.js';
import type { JobRecord } from './store.js';

export interface JobRefInput {
  jobId?: unknown;
  projectId?: unknown;
  location?: unknown;
}

function jobIdentity(projectId: string, ref: JobRefInput | undefined): { jobId: string; location: string | undefined } {
  const jobId = typeof ref?.jobId === 'string' && ref.jobId !== '' ? ref.jobId : generateJobId();
  checkJobId(jobId);
  if (typeof ref?.projectId === 'string' && ref.projectId !== '' && ref.projectId !== projectId) {
    throw invalid(
      `jobReference.projectId ${ref.projectId} does not match the project in the URL (${projectId}).`,
      'jobReference',
    );
  }
  const location = typeof ref?.location === 'string' && ref.location !== '' ? ref.location : undefined;
  return { jobId, location };
}

/** The `configuration.query` a Job resource shows for a normalised query config. */
export function queryConfigurationResource(cfg: QueryConfig, src: Record<string, unknown>): Record<string, unknown> {
  const q: Record<string, unknown> = {
    query: cfg.query,
    useLegacySql: false,
    priority: typeof src.priority === 'string' ? src.priority : 'INTERACTIVE',
    createDisposition: cfg.createDisposition,
    writeDisposition: cfg.writeDisposition,
  };
  if (cfg.parameterMode) q.parameterMode = cfg.parameterMode;
  if (cfg.queryParameters) q.queryParameters = cfg.queryParameters;
  if (cfg.defaultDataset) q.defaultDataset = cfg.defaultDataset;
  if (cfg.destinationTable) q.destinationTable = cfg.destinationTable;
  if (cfg.maximumBytesBilled !== undefined) q.maximumBytesBilled = String(cfg.maximumBytesBilled);
  return q;
}

export type StartedJob = { kind: 'job'; job: JobRecord } | { kind: 'dryRun'; resource: Record<string, unknown> };

/** jobs.insert with a JSON Job body (query jobs; loads that name sourceUris fail inside the job). */
export async function startJobFromResource(
  ctx: ServerContext,
  projectId: string,
  body: Record<string, unknown>,
  uploadedData?: Buffer,
  jobFailure?: BigQueryError,
): Promise<StartedJob> {
  const configuration = body.configuration as Record<string, unknown> | undefined;
  if (typeof configuration !== 'object' || configuration === null) {
    throw invalid('Required parameter is missing: configuration', 'configuration');
  }
  const { jobId, location } = jobIdentity(projectId, body.jobReference as JobRefInput | undefined);
  const isDryRun = configuration.dryRun === true;

  if (configuration.query !== undefined) {
    const src = configuration.query as Record<string, unknown>;
    const cfg = parseQueryConfig(src, 'configuration.query');
    const config: Record<string, unknown> = { jobType: 'QUERY', query: queryConfigurationResource(cfg, src) };
    if (configuration.labels !== undefined) config.labels = configuration.labels;
    if (isDryRun) {
      const result = await dryRun(ctx, projectId, cfg);
      config.dryRun = true;
      return {
        kind: 'dryRun',
        resource: {
          kind: 'bigquery#job',
          jobReference: { projectId, location: location ?? DEFAULT_LOCATION },
          configuration: config,
          status: { state: 'DONE' },
          statistics: {
            creationTime: String(Date.now()),
            totalBytesProcessed: String(result.totalBytesProcessed),
            query: queryStatistics(result, 0, true),
          },
        },
      };
    }
    const job = newJob(projectId, jobId, location, config);
    ctx.jobs.add(job);
    void runQueryJob(ctx, job, cfg, jobFailure);
    return { kind: 'job', job };
  }

  if (configuration.load !== undefined) {
    const load = configuration.load as Record<string, unknown>;
    const cfg = parseLoadConfig(projectId, load);
    if (isDryRun) throw invalid('Dry runs are only supported for query jobs.', 'dryRun');
    const config: Record<string, unknown> = {
      jobType: 'LOAD',
      load: {
        ...load,
        destinationTable: cfg.destination,
        sourceFormat: cfg.sourceFormat,
        writeDisposition: cfg.writeDisposition,
        createDisposition: cfg.createDisposition,
      },
    };
    if (configuration.labels !== undefined) config.labels = configuration.labels;
    const job = newJob(projectId, jobId, location, config);
    ctx.jobs.add(job);
    void runLoadJob(ctx, job, cfg, uploadedData);
    return { kind: 'job', job };
  }

  const kind = ['copy', 'extract'].find((k) => configuration[k] !== undefined);
  throw new BigQueryError(
    400,
    'invalid',
    kind
      ? `${kind} jobs are not supported by the local BigQuery server.`
      : 'The job configuration must contain query or load.',
  );
}

/** jobs.query: a QueryRequest becomes a query job with a server-chosen id. */
export function startQueryRequest(
  ctx: ServerContext,
  projectId: string,
  body: Record<string, unknown>,
  cfg: QueryConfig,
  jobFailure?: BigQueryError,
): JobRecord {
  const location = typeof body.location === 'string' && body.location !== '' ? body.location : undefined;
  const config: Record<string, unknown> = { jobType: 'QUERY', query: queryConfigurationResource(cfg, body) };
  if (body.labels !== undefined) config.labels = body.labels;
  const job = newJob(projectId, generateJobId(), location, config);
  ctx.jobs.add(job);
  if (typeof body.requestId === 'string' && body.requestId !== '')
    ctx.jobs.rememberRequest(projectId, body.requestId, job.jobId);
  void runQueryJob(ctx, job, cfg, jobFailure);
  return job;
}
