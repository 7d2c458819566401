/**
 * Long benchmark runs inside Harper are jobs: POST starts one and answers at once (an HTTP
 * request would time out on a million rows), GET /<Resource>/<id> reports its progress.
 * Jobs live in the worker thread that took the POST; the benchmark Harper runs one thread.
 */
export interface Job<Result> {
  id: string;
  state: 'running' | 'done' | 'failed';
  startedAt: number;
  finishedAt?: number;
  error?: string;
  progress: Record<string, number>;
  result?: Result;
}

const jobs = new Map<string, Job<unknown>>();
let counter = 0;

export function startJob<Result>(run: (job: Job<Result>) => Promise<Result>): Job<Result> {
  const job: Job<Result> = {
    id: `job-${++counter}-${Date.now()}`,
    state: 'running',
    startedAt: Date.now(),
    progress: {},
  };
  jobs.set(job.id, job as Job<unknown>);
  run(job).then(
    (result) => Object.assign(job, { state: 'done', result, finishedAt: Date.now() }),
    (error: unknown) =>
      Object.assign(job, { state: 'failed', error: (error as Error).stack ?? String(error), finishedAt: Date.now() }),
  );
  return job;
}

export function getJob(id: string | undefined): Job<unknown> | undefined {
  return id === undefined ? undefined : jobs.get(id);
}

export function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

/** Benchmark resources are as public as any custom resource: insist on a user. */
export function requireUser(resource: unknown): void {
  const user = (resource as { getCurrentUser(): unknown }).getCurrentUser();
  if (!user) throw httpError(401, 'Authentication required');
}

export function idOf(target: unknown): string | undefined {
  const id = (target as { id?: unknown } | undefined)?.id;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}
