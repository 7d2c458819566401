import type { Job, JobMetadata, Table } from '@google-cloud/bigquery';
import type { TableName } from '../rows.js';
import { LoadJobError } from './errors.js';
import { sleep, withRetry, type RetryOptions } from './retry.js';

function isAlreadyExists(error: unknown): boolean {
  const e = error as { code?: unknown; errors?: { reason?: unknown }[] } | null;
  return e?.code === 409 || (Array.isArray(e?.errors) && e.errors.some((x) => x?.reason === 'duplicate'));
}

async function waitUntilDone(job: Job): Promise<JobMetadata> {
  for (;;) {
    const [metadata] = await job.getMetadata();
    if (metadata.status?.state === 'DONE') return metadata;
    await sleep(500);
  }
}

function outputRows(metadata: JobMetadata): number {
  return Number(metadata.statistics?.load?.outputRows ?? NaN);
}

/**
 * Appends one NDJSON file to `table` with a load job, exactly once.
 *
 * The job id is chosen here, not by the server, so a retry after a lost reply (the job ran
 * but the answer never arrived) resubmits the same id, gets 409 "Already Exists", and adopts
 * that job instead of loading the rows a second time. Only when the adopted job itself
 * failed does the next attempt use a new id (`<jobIdBase>_<generation>`).
 */
export async function loadNdjsonFile(
  table: Table,
  tableName: TableName,
  file: string,
  expectedRows: number,
  jobIdBase: string,
  retry: RetryOptions,
): Promise<number> {
  let generation = 0;
  return withRetry(async () => {
    const jobId = `${jobIdBase}_${generation}`;
    let metadata: JobMetadata;
    try {
      [metadata] = await table.load(file, {
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        writeDisposition: 'WRITE_APPEND',
        createDisposition: 'CREATE_NEVER',
        jobId,
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      metadata = await waitUntilDone(table.bigQuery.job(jobId, table.location ? { location: table.location } : {}));
      const failure = metadata.status?.errorResult;
      if (failure) {
        generation++;
        // Thrown with the job's own error list so the retry policy sees its reasons.
        throw Object.assign(new LoadJobError(tableName, jobId, failure.message ?? 'unknown error', []), {
          errors: metadata.status?.errors ?? [failure],
        });
      }
    }
    const loaded = outputRows(metadata);
    if (loaded !== expectedRows) {
      throw new LoadJobError(tableName, jobId, `it reported ${loaded} output rows, expected ${expectedRows}`, []);
    }
    return loaded;
  }, retry).catch((error: unknown) => {
    throw asLoadJobError(error, tableName, `${jobIdBase}_${generation}`);
  });
}

/** Keeps network/HTTP errors as they are, but names the table and job for failed jobs. */
function asLoadJobError(error: unknown, table: TableName, jobId: string): unknown {
  if (error instanceof LoadJobError) return error;
  const e = error as { code?: unknown; errors?: { reason?: string; message?: string }[]; message?: string } | null;
  if (e && typeof e.code !== 'number' && typeof e.code !== 'string' && Array.isArray(e.errors)) {
    const reasons = e.errors.map((x) => x.reason ?? '');
    return new LoadJobError(table, jobId, e.message ?? 'unknown error', reasons);
  }
  return error;
}
