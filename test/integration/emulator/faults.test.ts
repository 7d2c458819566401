/** Fault injection, observed through the official client's own retry behaviour. */
import type { Table } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.js';
import { errorOf, raw, startLocal, type Local } from './helpers.js';

let local: Local;
let table: Table;

beforeAll(async () => {
  local = await startLocal();
  const [dataset] = await local.bq.createDataset('fault_ds');
  [table] = await dataset.createTable('t', { schema: { fields: [{ name: 'id', type: 'INTEGER' }] } });
});
afterAll(async () => {
  await local?.server.stop();
});
beforeEach(() => {
  local.server.faults.clear();
});

describe('fault injection', () => {
  it('the client retries 503 backendError and 429 rateLimitExceeded on jobs.query and succeeds', async () => {
    const bq = local.fastRetryClient();
    const unavailable = local.server.faults.failNext('jobs.query', 1, 503);
    const throttled = local.server.faults.failNext('jobs.query', 1, 429);
    const [rows] = await bq.query('SELECT 1 AS x');
    expect(rows).toEqual([{ x: 1 }]);
    const fired = local.server.faults.list();
    expect(fired.find((r) => r.id === unavailable.id)?.fired).toBe(1);
    expect(fired.find((r) => r.id === throttled.id)?.fired).toBe(1);
  });

  it('gives up after maxRetries with the injected status and reason', async () => {
    const bq = local.fastRetryClient(2);
    local.server.faults.failNext('datasets.get', 10, 503);
    const err = await errorOf(bq.dataset('fault_ds').getMetadata());
    expect(err.code).toBe(503);
    expect(err.errors?.[0]?.reason).toBe('backendError');
    expect(local.server.faults.list()[0]?.fired).toBe(3); // first attempt + 2 retries
  });

  it('does not retry a 400', async () => {
    const bq = local.fastRetryClient();
    local.server.faults.add({ route: 'datasets.get', status: 400, reason: 'invalid', message: 'nope', times: 5 });
    const err = await errorOf(bq.dataset('fault_ds').getMetadata());
    expect(err.code).toBe(400);
    expect(local.server.faults.list()[0]?.fired).toBe(1);
  });

  it('a reset connection on getQueryResults is retried by the client', async () => {
    const bq = local.fastRetryClient();
    local.server.faults.add({ route: 'jobs.getQueryResults', kind: 'reset' });
    const [job] = await bq.createQueryJob({ query: 'SELECT 2 AS y' });
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ y: 2 }]);
    expect(local.server.faults.list()[0]?.fired).toBe(1);
  });

  it('a jobFailure fault creates the job and fails it server-side: jobs.get and getQueryResults report it', async () => {
    const bq = local.fastRetryClient(0);
    local.server.faults.add({
      route: 'jobs.insert',
      kind: 'jobFailure',
      status: 500,
      reason: 'backendError',
      message: 'The job encountered an internal error during execution.',
    });
    // The job failed before jobs.insert answered, so the client reports it there (as it does
    // for a BigQuery job that fails at once); the job exists, DONE with its errorResult.
    const failed = await errorOf(bq.createQueryJob({ query: 'SELECT 3 AS z', jobId: 'doomed_job' }));
    expect(failed.errors?.[0]?.reason).toBe('backendError');
    const job = bq.job('doomed_job');
    const [metadata] = await job.getMetadata();
    expect(metadata.status).toMatchObject({
      state: 'DONE',
      errorResult: { reason: 'backendError', message: 'The job encountered an internal error during execution.' },
    });
    // A failed job stays failed: reading its rows answers the error each time.
    for (let i = 0; i < 2; i++) {
      const err = await errorOf(job.getQueryResults());
      expect(err.errors?.[0]?.reason).toBe('backendError');
    }
    // The rule is used up: the next job runs.
    const [again] = await bq.createQueryJob({ query: 'SELECT 3 AS z' });
    const [rows] = await again.getQueryResults();
    expect(rows).toEqual([{ z: 3 }]);
  });

  it('a jobFailure fault lets dry runs pass and fails the next query job', async () => {
    const bq = local.fastRetryClient(0);
    local.server.faults.add({ route: 'jobs.insert', kind: 'jobFailure', status: 500, reason: 'backendError' });
    const [, dry] = (await bq.createQueryJob({ query: 'SELECT 4 AS w', dryRun: true })) as unknown as [
      unknown,
      { status?: { state?: string } },
    ];
    expect(dry.status?.state).toBe('DONE');
    expect(local.server.faults.list()[0]).toMatchObject({ seen: 0, fired: 0 });
    const err = await errorOf(bq.createQueryJob({ query: 'SELECT 4 AS w' }));
    expect(err.errors?.[0]?.reason).toBe('backendError');
    expect(local.server.faults.list()[0]).toMatchObject({ seen: 1, fired: 1 });
  });

  it('a lost insertAll reply is retried with the same insertIds and stored once', async () => {
    const bq = local.fastRetryClient();
    local.server.faults.add({ route: 'tabledata.insertAll', kind: 'reset', when: 'after' });
    await bq
      .dataset('fault_ds')
      .table('t')
      .insert([{ id: 1 }, { id: 2 }]);
    const [rows] = await bq.query('SELECT COUNT(*) AS n FROM fault_ds.t');
    expect(rows).toEqual([{ n: 2 }]);
    expect(local.server.faults.list()[0]?.fired).toBe(1);
  });

  it('adds latency to a route: the delayed request is overtaken by a later one the rule no longer covers', async () => {
    local.server.faults.delay('tables.get', 2_000, 1);
    const finished: string[] = [];
    const delayed = table.getMetadata().then(() => finished.push('delayed'));
    // The first request has reached the server and is being held.
    await waitFor('the first request to be held', async () =>
      local.server.faults.list()[0]?.fired === 1 ? true : undefined,
    );
    await table.getMetadata().then(() => finished.push('plain'));
    expect(finished).toEqual(['plain']);
    await delayed;
    expect(finished).toEqual(['plain', 'delayed']);
    expect(local.server.faults.list()[0]).toMatchObject({ seen: 2, fired: 1 });
  });

  it('is controlled over the loopback admin endpoint too', async () => {
    const url = local.server.url;
    const added = await raw(url, 'POST', '/_admin/faults', JSON.stringify({ route: 'jobs.*', status: 500, times: 2 }));
    expect(added.status).toBe(201);
    const listed = await raw(url, 'GET', '/_admin/faults');
    expect(listed.json.faults).toHaveLength(1);
    const bq = local.fastRetryClient();
    const [rows] = await bq.query('SELECT 3 AS z');
    expect(rows).toEqual([{ z: 3 }]);
    expect((await raw(url, 'GET', '/_admin/faults')).json.faults[0].fired).toBe(2);
    expect((await raw(url, 'DELETE', '/_admin/faults')).json).toEqual({ cleared: 1 });
  });
});
