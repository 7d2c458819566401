import { describe, expect, it } from 'vitest';
import { lockAdvice } from '../../../src/local-stack/bigquery-process.js';

describe('lockAdvice', () => {
  it("names the process holding DuckDB's lock and how to stop it", () => {
    const stderr = `bigquery-local: could not start: IO Error: Could not set lock on file "/d/bq.duckdb": Conflicting lock is held in /usr/bin/node (PID ${process.pid}). See also https://duckdb.org/docs`;
    const advice = lockAdvice(stderr, '/d/bq.duckdb')!;
    expect(advice).toContain(`The data file /d/bq.duckdb is locked by process ${process.pid} (`);
    // The holder's command line is read from /proc when it still runs.
    expect(advice).toContain(process.execPath);
    expect(advice).toContain(`kill ${process.pid}`);
  });

  it('says nothing for other failures', () => {
    expect(lockAdvice('bigquery-local: port 9050 is already in use', '/d/bq.duckdb')).toBeUndefined();
  });
});
