import { describe, expect, it } from 'vitest';
import { countPolls, countQueryRequests, jobsByTable, type QueryJob } from '../../../benchmarks/lib/query-jobs.js';

const page = (table: string) =>
  `SELECT t.* FROM \`local-project.maritime.${table}\` AS t WHERE ts <= TIMESTAMP_MICROS(@upper) ORDER BY ts LIMIT @limit`;
const job = (createdAtMs: number, query: string): QueryJob => ({ id: String(createdAtMs), createdAtMs, query });
const TABLES = new Map([
  ['a', 'positions'],
  ['b', 'positions_archive'],
]);

describe('countPolls', () => {
  it('counts one poll per tick and merges duplicates sent milliseconds apart', () => {
    expect(countPolls([], 1000)).toBe(0);
    expect(countPolls([0, 1000, 2000], 1000)).toBe(3);
    // The leak: 1, then 3 identical queries ~12 ms apart in one poll.
    expect(countPolls([0, 1000, 1012, 1024], 1000)).toBe(2);
  });
});

describe('jobsByTable', () => {
  it('attributes each job to the one table it reads, even when names share a prefix', () => {
    const { tables, other } = jobsByTable(
      [job(0, page('positions')), job(5, page('positions_archive')), job(1000, page('positions'))],
      TABLES,
      1000,
    );
    expect(tables.get('a')).toEqual({ jobs: 2, polls: 2 });
    expect(tables.get('b')).toEqual({ jobs: 1, polls: 1 });
    expect(other).toEqual([]);
  });

  it('reports jobs that read none of the tables', () => {
    const stray = job(7, 'SELECT COUNT(*) FROM `local-project.maritime.other`');
    expect(jobsByTable([stray], TABLES, 1000).other).toEqual([stray]);
  });
});

describe('countQueryRequests', () => {
  it('counts the routes that can create a query job', () => {
    expect(
      countQueryRequests([{ route: 'jobs.insert' }, { route: 'jobs.getQueryResults' }, { route: 'jobs.query' }]),
    ).toBe(2);
  });
});
