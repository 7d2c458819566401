/** Creating Job resources and moving them through PENDING -> RUNNING -> DONE. */
import { randomBytes } from 'node:crypto';
import { toErrorProto, type BigQueryError } from '../errors.js';
import { newEtag, DEFAULT_LOCATION } from '../resources.js';
import type { JobRecord, JobResource } from './store.js';

const finishers = new WeakMap<JobRecord, () => void>();

/** The identity BigQuery would report as the job's creator. */
export const LOCAL_USER = 'local-user@bigquery-local.invalid';

export function generateJobId(): string {
  return `job_${randomBytes(18).toString('base64url')}`;
}

export function newJob(
  projectId: string,
  jobId: string,
  location: string | undefined,
  configuration: Record<string, unknown>,
): JobRecord {
  const loc = location || DEFAULT_LOCATION;
  const now = Date.now();
  const resource: JobResource = {
    kind: 'bigquery#job',
    etag: newEtag(),
    id: `${projectId}:${loc}.${jobId}`,
    jobReference: { projectId, jobId, location: loc },
    configuration,
    status: { state: 'PENDING' },
    statistics: { creationTime: String(now) },
    user_email: LOCAL_USER,
    principal_subject: `user:${LOCAL_USER}`,
  };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const job: JobRecord = {
    projectId,
    jobId,
    location: loc,
    resource,
    isDone: false,
    done,
    resultEvicted: false,
    createdAt: now,
  };
  finishers.set(job, finish);
  return job;
}

export function markRunning(job: JobRecord): void {
  if (job.isDone) return;
  job.resource.status = { state: 'RUNNING' };
  job.resource.statistics.startTime = String(Date.now());
}

/** Completes a job; a job already DONE (e.g. cancelled) stays as it is. */
export function markDone(job: JobRecord, error?: BigQueryError, extraErrors: Record<string, unknown>[] = []): void {
  if (job.isDone) return;
  const stats = job.resource.statistics;
  const now = String(Date.now());
  stats.startTime ??= now;
  stats.endTime = now;
  if (error) {
    const proto = toErrorProto(error) as unknown as Record<string, unknown>;
    job.failure = error;
    job.resource.status = { state: 'DONE', errorResult: proto, errors: [proto, ...extraErrors] };
  } else if (extraErrors.length > 0) {
    // Load jobs that skipped bad records within maxBadRecords succeed but list the errors.
    job.resource.status = { state: 'DONE', errors: extraErrors };
  } else {
    job.resource.status = { state: 'DONE' };
  }
  job.resource.etag = newEtag();
  job.isDone = true;
  finishers.get(job)?.();
}

/** Waits until the job is DONE or `ms` passed; true when DONE. */
export async function waitForJob(job: JobRecord, ms: number): Promise<boolean> {
  if (job.isDone) return true;
  if (ms <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([job.done, timeout]);
  clearTimeout(timer);
  return job.isDone;
}

export function jobForResponse(job: JobRecord, baseUrl: string): Record<string, unknown> {
  return {
    ...job.resource,
    selfLink: `${baseUrl}/bigquery/v2/projects/${encodeURIComponent(job.projectId)}/jobs/${encodeURIComponent(job.jobId)}?location=${encodeURIComponent(job.location)}`,
  };
}
