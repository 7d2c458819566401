/**
 * The local server keeps a bounded number of job records and result rows, so a sync that
 * polls for days does not grow its memory: after many more jobs than the bounds, jobs.list
 * holds at most `maxJobs` jobs, the oldest job answers 404 notFound, and a retained job whose
 * rows were dropped still answers jobs.get while reading its rows answers 404 notFound.
 */
import type { Job } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startLocal, type Local } from './helpers.js';

const MAX_JOBS = 25;
const MAX_RESULT_ROWS = 40;
const JOBS = 80;
const ROWS_PER_JOB = 10;

let local: Local;

beforeAll(async () => {
  local = await startLocal({ jobs: { maxJobs: MAX_JOBS, maxResultRows: MAX_RESULT_ROWS } });
});
afterAll(async () => {
  await local?.server.stop();
});

async function listedJobIds(): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const [jobs, next] = await local.bq.getJobs({
      autoPaginate: false,
      maxResults: 10,
      ...(pageToken ? { pageToken } : {}),
    });
    ids.push(...jobs.map((j) => j.id!));
    pageToken = (next as { pageToken?: string } | null)?.pageToken;
  } while (pageToken);
  return ids;
}

describe('job retention', () => {
  it(`keeps at most ${MAX_JOBS} jobs and ${MAX_RESULT_ROWS} result rows after ${JOBS} jobs`, async () => {
    const jobs: Job[] = [];
    for (let i = 0; i < JOBS; i++) {
      const [job] = await local.bq.createQueryJob({
        query: `SELECT x, @i AS i FROM UNNEST(GENERATE_ARRAY(1, ${ROWS_PER_JOB})) AS x`,
        params: { i },
      });
      const [rows] = await job.getQueryResults();
      expect(rows).toHaveLength(ROWS_PER_JOB);
      jobs.push(job);
    }

    const listed = await listedJobIds();
    expect(listed.length).toBeLessThanOrEqual(MAX_JOBS);
    expect(listed[0]).toBe(jobs[JOBS - 1]!.id);

    const oldest = await errorOf(jobs[0]!.getMetadata());
    expect(oldest.code).toBe(404);
    expect(oldest.errors?.[0]?.reason).toBe('notFound');

    // Newest results are readable; older retained jobs answer their metadata but not their rows.
    const [newest] = await jobs[JOBS - 1]!.getQueryResults();
    expect(newest).toHaveLength(ROWS_PER_JOB);
    const keptWithRows = Math.floor(MAX_RESULT_ROWS / ROWS_PER_JOB);
    const dropped = jobs[JOBS - keptWithRows - 2]!;
    const [metadata] = await dropped.getMetadata();
    expect(metadata.status?.state).toBe('DONE');
    const rowsGone = await errorOf(dropped.getQueryResults());
    expect(rowsGone.code).toBe(404);
    expect(rowsGone.errors?.[0]?.reason).toBe('notFound');
  });
});
