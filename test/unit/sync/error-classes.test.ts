import { readFile } from 'node:fs/promises';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { parseSyncConfig } from '../../../config/index.js';
import { classifyError, describeError, FatalSyncError, isRetryable } from '../../../actors/errors.js';
import { supervise, type RestartEvent } from '../../../actors/supervisor.js';
import { MissingTableError, requireTable } from '../../../streams/sink/harper-tables.js';

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('classifyError: permanent failures fail the table at once, transient ones back off', () => {
  it('a config error is permanent and its message lists every problem', async () => {
    const error = await caught(() => parseSyncConfig({ bigquery: { projectId: 'demo', tables: [] } }));
    const c = classifyError(error);
    expect(c).toMatchObject({ kind: 'config', permanent: true });
    expect(c.message).toContain('bigquery.projectId');
    expect(c.message).toContain('bigquery.tables');
  });

  it('a target table missing from the schema is a schema error naming the table', async () => {
    const error = await caught(() => requireTable({ data: {} }, 'data', 'Vessels', 'define it'));
    expect(error).toBeInstanceOf(MissingTableError);
    expect(classifyError(error)).toEqual({
      kind: 'schema',
      permanent: true,
      message: 'Harper has no table data.Vessels: define it',
    });
  });

  it('a credentials file that cannot be read names the file instead of a raw ENOENT', async () => {
    const missing = await caught(() => readFile('/nonexistent-dir/key.json'));
    expect(classifyError(missing)).toEqual({
      kind: 'credentials',
      permanent: true,
      message: 'credentials file /nonexistent-dir/key.json does not exist (ENOENT); check bigquery.credentials',
    });
    const throughFile = await caught(() => readFile(`${import.meta.filename}/key.json`));
    expect(classifyError(throughFile)).toMatchObject({ kind: 'credentials', permanent: true });
    expect(describeError(throughFile)).toContain('(ENOTDIR); check bigquery.credentials');
  });

  it('BigQuery permission and not-found errors are permanent', () => {
    expect(classifyError({ code: 403, errors: [{ reason: 'accessDenied' }], message: 'denied on d.t' })).toEqual({
      kind: 'permission',
      permanent: true,
      message: 'denied on d.t',
    });
    expect(classifyError({ code: 401, message: 'unauthorized' }).kind).toBe('permission');
    expect(classifyError({ code: 404, errors: [{ reason: 'notFound' }], message: 'Not found: Table p:d.t' })).toEqual({
      kind: 'notFound',
      permanent: true,
      message: 'Not found: Table p:d.t',
    });
    expect(classifyError({ code: 400, errors: [{ reason: 'invalidQuery' }] }).kind).toBe('invalid');
    expect(classifyError(new FatalSyncError('x')).permanent).toBe(true);
  });

  it('rate limits, backend errors and dropped connections are transient', () => {
    expect(isRetryable({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] })).toBe(true);
    expect(isRetryable({ code: 503, errors: [{ reason: 'backendError' }] })).toBe(true);
    expect(isRetryable({ code: 500 })).toBe(true);
    expect(isRetryable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
  });

  it('the supervisor gives up on a permanent error without a single restart', async () => {
    const missing = await caught(() => readFile('/nonexistent-dir/key.json'));
    const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const restarts: RestartEvent[] = [];
    ts.run(({ cold, expectObservable }) => {
      const policy = { maxRestarts: 5, initialDelayMs: 10, maxDelayMs: 100 };
      expectObservable(cold('-#', {}, missing).pipe(supervise(policy, (e) => restarts.push(e), ts))).toBe(
        '-#',
        {},
        missing,
      );
    });
    expect(restarts).toEqual([]);
  });
});
