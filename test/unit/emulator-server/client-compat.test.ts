/**
 * The official client against the HTTP layer with a fake engine: the wire protocol
 * (auth stub, upload, job polling, paging, retries) independent of the DuckDB engine.
 */
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery, Dataset } from '@google-cloud/bigquery';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBigQueryClient } from '../../../emulator/client.js';
import { numbersResult } from './fake-engine.js';
import { startFakeServer, type FakeServer } from './harness.js';

let s: FakeServer;
let dir: string;
const connects: string[] = [];
const fetched: string[] = [];
const originalConnect = net.Socket.prototype.connect;
const originalFetch = globalThis.fetch;
const savedDetection = process.env.METADATA_SERVER_DETECTION;

beforeAll(async () => {
  // Deliberately WITHOUT METADATA_SERVER_DETECTION=none: the auth stub alone must keep the
  // client away from credentials and the metadata server.
  delete process.env.METADATA_SERVER_DETECTION;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // Node passes either (options, cb), (port, host, cb) or its internal [options, cb] array.
    const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const opts = raw as { host?: string; path?: string } | number;
    connects.push(
      typeof opts === 'object' && opts !== null
        ? String(opts.host ?? opts.path ?? 'localhost')
        : String(args[1] ?? 'localhost'),
    );
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    fetched.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return originalFetch(input, init);
  }) as typeof fetch;
  s = await startFakeServer();
  dir = mkdtempSync(join(tmpdir(), 'bq-compat-'));
});

afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  globalThis.fetch = originalFetch;
  if (savedDetection !== undefined) process.env.METADATA_SERVER_DETECTION = savedDetection;
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every host the client connected to or fetched so far is the loopback server. */
function expectOnlyLoopback(): void {
  const hosts = new Set([...connects, ...fetched.map((u) => new URL(u).hostname)]);
  for (const h of hosts) expect(['127.0.0.1', 'localhost']).toContain(h);
}

/** A dataset of the test's own (the server is shared by the file's tests). */
let datasetsCreated = 0;
async function newDataset(bq: BigQuery): Promise<Dataset> {
  const [dataset] = await bq.createDataset(`compat_${++datasetsCreated}`);
  return dataset;
}

describe('official client against the HTTP layer (fake engine)', () => {
  // Checked after every test, so whichever order they run in, all their traffic is covered.
  afterEach(expectOnlyLoopback);

  it('never contacts anything but the local server, even without METADATA_SERVER_DETECTION', async () => {
    const bq = createLocalBigQueryClient({ url: s.url, projectId: 'p' });
    const dataset = await newDataset(bq);
    const [datasets] = await bq.getDatasets();
    expect(datasets.map((d) => d.id)).toContain(dataset.id);
    expect(connects.length).toBeGreaterThan(0);
    expectOnlyLoopback();
  });

  it('loads a local NDJSON file through the multipart upload and polls the job', async () => {
    const bq = createLocalBigQueryClient({ url: s.url, projectId: 'p' });
    const table = (await newDataset(bq)).table('loaded');
    const file = join(dir, 'rows.json');
    writeFileSync(file, '{"id":1}\n{"id":2}\n');
    const [job] = await table.load(file, { schema: { fields: [{ name: 'id', type: 'INTEGER' }] } });
    expect(job.status?.state).toBe('DONE');
    expect(job.statistics?.load?.outputRows).toBe('2');
    const [rows] = await table.getRows();
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('surfaces a failed load job as an error carrying the job errors', async () => {
    const bq = createLocalBigQueryClient({ url: s.url, projectId: 'p' });
    const dataset = await newDataset(bq);
    const [table] = await dataset.createTable('loaded', { schema: { fields: [{ name: 'id', type: 'INTEGER' }] } });
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"id":"x"}\n');
    const err = await table.load(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { errors?: { reason: string }[] }).errors?.[0]?.reason).toBe('invalid');
    expect((await table.getRows())[0]).toEqual([]);
  });

  it('follows pageTokens across getQueryResults calls and decodes int64-micros timestamps', async () => {
    s.engine.onQuery = () => numbersResult(23);
    const bq = createLocalBigQueryClient({ url: s.url, projectId: 'p' });
    // maxResults in the query object sizes the first page; the client auto-paginates the rest.
    const [rows] = await bq.query({ query: 'SELECT n, ts', maxResults: 5 });
    expect(rows.map((r: { n: number }) => r.n)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect((rows[1] as { ts: { value: string } }).ts.value).toBe('2023-11-14T22:13:20.000001000Z');
    // Manual paging, the way a sync loop reads fixed-size pages.
    const [job] = await bq.createQueryJob({ query: 'SELECT n, ts' });
    const pages: number[] = [];
    let next: Record<string, unknown> | null = { maxResults: 10, autoPaginate: false };
    while (next) {
      const [page, nextQuery] = (await job.getQueryResults(next)) as unknown as [
        unknown[],
        Record<string, unknown> | null | undefined,
      ];
      pages.push(page.length);
      next = nextQuery ?? null;
    }
    expect(pages).toEqual([10, 10, 3]);
  });

  it('retries 503 backendError and 429 rateLimitExceeded on its own', async () => {
    s.engine.onQuery = () => numbersResult(2);
    const bq = createLocalBigQueryClient({ url: s.url, projectId: 'p', retryOptions: { retryDelayMultiplier: 0.01 } });
    s.app.faults.failNext('jobs.query', 1, 503);
    s.app.faults.failNext('jobs.query', 1, 429);
    const [rows] = await bq.query('SELECT n');
    expect(rows).toHaveLength(2);
    expect(s.app.faults.list().map((r) => r.fired)).toEqual([1, 1]);
    s.app.faults.clear();
  });
});
