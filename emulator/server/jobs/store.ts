/**
 * In-memory job registry. Job metadata lives until `maxJobs` newer jobs push it out; query
 * results (the big part) are kept for the most recently used jobs only, up to
 * `maxResultRows` rows in total (default 250k, a few hundred MB of wire rows at most), so
 * a long-running sync loop reading page after page does not grow the heap without bound.
 * The newest result is always kept, however large.
 */
import type { RestRow, TableSchema } from '../../engine/contract.js';
import type { BigQueryError } from '../errors.js';
import { duplicate } from '../errors.js';

export interface JobResult {
  schema?: TableSchema;
  rows: RestRow[];
  totalRows: number;
}

export interface JobRecord {
  projectId: string;
  jobId: string;
  location: string;
  /** The REST Job resource; status and statistics are updated in place as the job runs. */
  resource: JobResource;
  isDone: boolean;
  /** Resolves when the job reaches DONE (never rejects). */
  done: Promise<void>;
  /** Set when the job failed; getQueryResults reports it as an HTTP error. */
  failure?: BigQueryError;
  result?: JobResult;
  /** True once the result was dropped to bound memory. */
  resultEvicted: boolean;
  createdAt: number;
}

export interface JobResource extends Record<string, unknown> {
  kind: 'bigquery#job';
  id: string;
  jobReference: { projectId: string; jobId: string; location: string };
  configuration: Record<string, unknown>;
  status: {
    state: 'PENDING' | 'RUNNING' | 'DONE';
    errorResult?: Record<string, unknown>;
    errors?: Record<string, unknown>[];
  };
  statistics: Record<string, unknown>;
}

export interface JobStoreOptions {
  maxJobs?: number;
  maxResultRows?: number;
  /** How long a jobs.query requestId maps to its job (idempotent retries). */
  requestIdWindowMs?: number;
}

export class JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  /** Jobs holding a result, least recently used first. */
  private readonly resultLru = new Map<string, number>();
  private resultRows = 0;
  private readonly requestIds = new Map<string, { key: string; expires: number }>();
  private readonly maxJobs: number;
  private readonly maxResultRows: number;
  private readonly requestIdWindowMs: number;

  constructor(options: JobStoreOptions = {}) {
    this.maxJobs = options.maxJobs ?? 10_000;
    // Enough for several tables' pages (up to 20k rows each) waiting to be fetched at once;
    // 250k kept the server's memory growing toward 1 GB during a 1M-row sync.
    this.maxResultRows = options.maxResultRows ?? 100_000;
    this.requestIdWindowMs = options.requestIdWindowMs ?? 15 * 60_000;
  }

  static key(projectId: string, jobId: string): string {
    return `${projectId}\u0000${jobId}`;
  }

  add(job: JobRecord): void {
    const key = JobStore.key(job.projectId, job.jobId);
    if (this.jobs.has(key)) {
      throw duplicate(`Already Exists: Job ${job.projectId}:${job.location}.${job.jobId}`);
    }
    this.jobs.set(key, job);
    while (this.jobs.size > this.maxJobs) {
      const oldest = this.jobs.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
  }

  get(projectId: string, jobId: string): JobRecord | undefined {
    return this.jobs.get(JobStore.key(projectId, jobId));
  }

  delete(projectId: string, jobId: string): boolean {
    return this.remove(JobStore.key(projectId, jobId));
  }

  /** Newest first. */
  list(projectId: string): JobRecord[] {
    const out: JobRecord[] = [];
    for (const job of this.jobs.values()) if (job.projectId === projectId) out.push(job);
    return out.reverse();
  }

  get size(): number {
    return this.jobs.size;
  }

  get storedResultRows(): number {
    return this.resultRows;
  }

  setResult(job: JobRecord, result: JobResult): void {
    const key = JobStore.key(job.projectId, job.jobId);
    if (this.jobs.get(key) !== job) return; // evicted or deleted while running
    this.dropResult(key);
    job.result = result;
    job.resultEvicted = false;
    this.resultLru.set(key, result.rows.length);
    this.resultRows += result.rows.length;
    // Evict least recently used results, but never the one just stored.
    for (const [otherKey] of this.resultLru) {
      if (this.resultRows <= this.maxResultRows) break;
      if (otherKey === key) continue;
      this.dropResult(otherKey, true);
    }
  }

  /** Marks a job's result as recently used. */
  touch(job: JobRecord): void {
    const key = JobStore.key(job.projectId, job.jobId);
    const rows = this.resultLru.get(key);
    if (rows === undefined) return;
    this.resultLru.delete(key);
    this.resultLru.set(key, rows);
  }

  rememberRequest(projectId: string, requestId: string, jobId: string): void {
    const now = Date.now();
    for (const [id, entry] of this.requestIds) {
      if (entry.expires > now) break;
      this.requestIds.delete(id);
    }
    this.requestIds.set(`${projectId}\u0000${requestId}`, {
      key: JobStore.key(projectId, jobId),
      expires: now + this.requestIdWindowMs,
    });
  }

  lookupRequest(projectId: string, requestId: string): JobRecord | undefined {
    const entry = this.requestIds.get(`${projectId}\u0000${requestId}`);
    if (!entry || entry.expires <= Date.now()) return undefined;
    return this.jobs.get(entry.key);
  }

  private remove(key: string): boolean {
    const job = this.jobs.get(key);
    if (!job) return false;
    this.dropResult(key);
    this.jobs.delete(key);
    return true;
  }

  private dropResult(key: string, evicted = false): void {
    const rows = this.resultLru.get(key);
    if (rows === undefined) return;
    this.resultLru.delete(key);
    this.resultRows -= rows;
    const job = this.jobs.get(key);
    if (job) {
      delete job.result;
      job.resultEvicted = evicted;
    }
  }
}
