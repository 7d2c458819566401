import { describe, expect, it } from 'vitest';
import { bytesBilled, checkBytesBilledLimit } from '../../../emulator/server/jobs/billing.js';
import { inferSchema } from '../../../emulator/server/jobs/autodetect.js';
import { newJob, markDone } from '../../../emulator/server/jobs/lifecycle.js';
import { JobStore } from '../../../emulator/server/jobs/store.js';
import { InsertIdCache } from '../../../emulator/server/insert-dedupe.js';
import { decodePageToken, encodePageToken } from '../../../emulator/server/paging.js';
import {
  microsToIso,
  microsToSeconds,
  restRowToJson,
  secondsTimestampMapper,
} from '../../../emulator/server/jobs/row-format.js';
import { BigQueryError } from '../../../emulator/engine/contract.js';

const MB = 1024 * 1024;

describe('billing (documented on-demand rules)', () => {
  it('bills at least 10 MB per referenced table, rounds up to whole MB, nothing for table-less queries', () => {
    expect(bytesBilled(0, 0)).toBe(0);
    expect(bytesBilled(1, 1)).toBe(10 * MB);
    expect(bytesBilled(100, 2)).toBe(20 * MB);
    expect(bytesBilled(10 * MB + 1, 1)).toBe(11 * MB);
  });

  it('refuses a query over maximumBytesBilled with reason bytesBilledLimitExceeded', () => {
    expect(() => checkBytesBilledLimit(10 * MB, 1000)).toThrow(BigQueryError);
    try {
      checkBytesBilledLimit(10 * MB, 1000);
    } catch (e) {
      expect(e).toMatchObject({ httpStatus: 400, reason: 'bytesBilledLimitExceeded' });
      expect((e as Error).message).toContain('10485760');
    }
    expect(() => checkBytesBilledLimit(10 * MB, 10 * MB)).not.toThrow();
    expect(() => checkBytesBilledLimit(10 * MB, undefined)).not.toThrow();
  });
});

describe('timestamps', () => {
  it('formats int64 microseconds exactly', () => {
    expect(microsToIso('1700000000123456')).toBe('2023-11-14T22:13:20.123456Z');
    expect(microsToIso('-1')).toBe('1969-12-31T23:59:59.999999Z');
    expect(microsToSeconds('1700000000123456')).toBe('1700000000.123456');
    expect(microsToSeconds('-1')).toBe('-0.000001');
  });

  it('maps nested and repeated TIMESTAMPs to seconds only when the schema has any', () => {
    expect(secondsTimestampMapper({ fields: [{ name: 'a', type: 'STRING' }] })).toBeUndefined();
    const mapper = secondsTimestampMapper({
      fields: [
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'r', type: 'RECORD', fields: [{ name: 'many', type: 'TIMESTAMP', mode: 'REPEATED' }] },
      ],
    });
    const row = { f: [{ v: '1000000' }, { v: { f: [{ v: [{ v: '2500000' }] }] } }] };
    expect(mapper?.(row)).toEqual({ f: [{ v: '1.000000' }, { v: { f: [{ v: [{ v: '2.500000' }] }] } }] });
  });

  it('turns wire rows back into insertAll JSON', () => {
    const fields = [
      { name: 'ts', type: 'TIMESTAMP' as const },
      { name: 'tags', type: 'STRING' as const, mode: 'REPEATED' as const },
      { name: 'r', type: 'RECORD' as const, fields: [{ name: 'x', type: 'INTEGER' as const }] },
      { name: 'n', type: 'INTEGER' as const },
    ];
    const row = { f: [{ v: '1000000' }, { v: [{ v: 'a' }, { v: 'b' }] }, { v: { f: [{ v: '5' }] } }, { v: null }] };
    expect(restRowToJson(fields, row)).toEqual({
      ts: '1970-01-01T00:00:01.000000Z',
      tags: ['a', 'b'],
      r: { x: '5' },
      n: null,
    });
  });
});

describe('page tokens', () => {
  it('round-trip and cannot be replayed against another scope', () => {
    const t = encodePageToken('job:p:j1', 10_000);
    expect(decodePageToken('job:p:j1', t)).toBe(10_000);
    expect(() => decodePageToken('job:p:j2', t)).toThrow(/Invalid page token/);
    expect(() => decodePageToken('job:p:j1', 'garbage')).toThrow(/Invalid page token/);
  });
});

describe('JobStore', () => {
  const job = (id: string) => newJob('p', id, undefined, { jobType: 'QUERY' });
  const rows = (n: number) => Array.from({ length: n }, () => ({ f: [{ v: '1' }] }));

  it('rejects a duplicate job id with 409 duplicate', () => {
    const store = new JobStore();
    store.add(job('a'));
    expect(() => store.add(job('a'))).toThrow(/Already Exists: Job p:US.a/);
  });

  it('evicts least recently used results beyond maxResultRows, keeping job metadata', () => {
    const store = new JobStore({ maxResultRows: 10 });
    const a = job('a');
    const b = job('b');
    const c = job('c');
    for (const j of [a, b, c]) store.add(j);
    store.setResult(a, { rows: rows(4), totalRows: 4 });
    store.setResult(b, { rows: rows(4), totalRows: 4 });
    store.touch(a); // b is now the least recently used
    store.setResult(c, { rows: rows(4), totalRows: 4 });
    expect(a.result).toBeDefined();
    expect(b.result).toBeUndefined();
    expect(b.resultEvicted).toBe(true);
    expect(store.get('p', 'b')).toBe(b);
    expect(store.storedResultRows).toBe(8);
  });

  it('drops the oldest finished jobs beyond maxJobs and lists newest first', () => {
    const store = new JobStore({ maxJobs: 2 });
    for (const id of ['a', 'b', 'c']) {
      const j = job(id);
      store.add(j);
      markDone(j);
    }
    store.add(job('d'));
    expect(store.list('p').map((j) => j.jobId)).toEqual(['d', 'c']);
    expect(store.get('p', 'a')).toBeUndefined();
  });

  it('keeps a job that is still being read over older unread ones', () => {
    const store = new JobStore({ maxJobs: 2 });
    for (const id of ['a', 'b']) {
      const j = job(id);
      store.add(j);
      markDone(j);
    }
    expect(store.get('p', 'a')).toBeDefined(); // a's pages are read: b is now the least recently used
    store.add(job('c'));
    expect(store.get('p', 'b')).toBeUndefined();
    expect(store.get('p', 'a')).toBeDefined();
    expect(store.list('p').map((j) => j.jobId)).toEqual(['c', 'a']);
  });

  it('never drops a running job to make room', () => {
    const store = new JobStore({ maxJobs: 1 });
    const running = job('running');
    store.add(running);
    const done = job('done');
    store.add(done);
    markDone(done);
    store.add(job('next'));
    expect(store.get('p', 'running')).toBe(running);
    expect(store.get('p', 'done')).toBeUndefined();
  });

  it('stays within its bounds however many jobs run', () => {
    const store = new JobStore({ maxJobs: 50, maxResultRows: 120 });
    for (let i = 0; i < 1_000; i++) {
      const j = job(`j${i}`);
      store.add(j);
      store.setResult(j, { rows: rows(i % 7), totalRows: i % 7 });
      markDone(j);
      const kept = store.retained;
      expect(kept.jobs).toBeLessThanOrEqual(51); // the new one may wait for the next add
      expect(kept.results).toBeLessThanOrEqual(kept.jobs);
      expect(kept.resultRows).toBeLessThanOrEqual(120);
    }
    expect(store.list('p')[0]?.jobId).toBe('j999');
  });

  it('expires results after resultTtlMs but keeps the job record', () => {
    let now = 1_000_000;
    const store = new JobStore({ resultTtlMs: 60_000, now: () => now });
    const a = job('a');
    store.add(a);
    store.setResult(a, { rows: rows(3), totalRows: 3 });
    markDone(a);
    now += 59_000;
    expect(store.get('p', 'a')?.result?.rows).toHaveLength(3);
    now += 1_000;
    expect(store.get('p', 'a')).toBe(a);
    expect(a.result).toBeUndefined();
    expect(a.resultEvicted).toBe(true);
    expect(store.retained).toEqual({ jobs: 1, results: 0, resultRows: 0 });
  });

  it('maps a repeated requestId to the first job', () => {
    const store = new JobStore();
    const a = job('a');
    store.add(a);
    store.rememberRequest('p', 'req-1', 'a');
    expect(store.lookupRequest('p', 'req-1')).toBe(a);
    expect(store.lookupRequest('other', 'req-1')).toBeUndefined();
  });

  it('records failures as errorResult and errors', async () => {
    const j = job('x');
    markDone(j, new BigQueryError(400, 'invalidQuery', 'bad'));
    await j.done;
    expect(j.resource.status).toEqual({
      state: 'DONE',
      errorResult: { reason: 'invalidQuery', message: 'bad' },
      errors: [{ reason: 'invalidQuery', message: 'bad' }],
    });
  });
});

describe('InsertIdCache', () => {
  it('remembers insertIds per table for the window only', () => {
    let now = 1000;
    const cache = new InsertIdCache(60_000, 10, () => now);
    const t = InsertIdCache.key('p', 'd', 't');
    cache.add(t, ['a', 'b']);
    expect(cache.has(t, 'a')).toBe(true);
    expect(cache.has(InsertIdCache.key('p', 'd', 'other'), 'a')).toBe(false);
    now += 60_001;
    expect(cache.has(t, 'a')).toBe(false);
    cache.add(t, ['c']);
    cache.forget(t);
    expect(cache.has(t, 'c')).toBe(false);
  });
});

describe('schema autodetect', () => {
  it('infers BigQuery types from JSON samples', () => {
    const schema = inferSchema([
      { i: 1, f: 1, b: true, s: 'x', d: '2024-01-02', ts: '2024-01-02T03:04:05Z', r: { x: 1 }, arr: [1, 2] },
      { f: 2.5, s: null },
    ]);
    const types = Object.fromEntries(schema.fields.map((f) => [f.name, `${f.type}/${f.mode}`]));
    expect(types).toEqual({
      i: 'INTEGER/NULLABLE',
      f: 'FLOAT/NULLABLE',
      b: 'BOOLEAN/NULLABLE',
      s: 'STRING/NULLABLE',
      d: 'DATE/NULLABLE',
      ts: 'TIMESTAMP/NULLABLE',
      r: 'RECORD/NULLABLE',
      arr: 'INTEGER/REPEATED',
    });
  });
});
