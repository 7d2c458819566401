import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { BigQueryError } from '../../../emulator/engine/contract.js';
import { fromDuckDb } from '../../../emulator/engine/errors.js';
import { newEngine, PROJECT, q, ref } from './helpers.js';

/** The message DuckDB itself gives for `sql` (no hand-written error text). */
async function duckdbError(setup: string[], sql: string): Promise<unknown> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  for (const s of setup) await conn.run(s);
  try {
    await conn.run(sql);
  } catch (error) {
    return error;
  } finally {
    conn.closeSync();
  }
  throw new Error('expected DuckDB to fail');
}

describe("DuckDB's missing-object errors become BigQuery's 404 notFound", () => {
  it('a table gone from its schema', async () => {
    const error = await duckdbError(
      ['CREATE SCHEMA "p.d"', 'CREATE TABLE "p.d".tt (a INT)'],
      'SELECT * FROM "p.d"."t"',
    );
    const mapped = fromDuckDb(error, [{ projectId: 'p', datasetId: 'd', tableId: 't' }]);
    expect(mapped).toMatchObject({ httpStatus: 404, reason: 'notFound', message: 'Not found: Table p:d.t' });
  });

  it('a whole dataset gone', async () => {
    const error = await duckdbError([], 'SELECT * FROM "p.x"."t"');
    expect(fromDuckDb(error)).toMatchObject({ httpStatus: 404, reason: 'notFound', message: 'Not found: Dataset p:x' });
  });
});

describe('a table dropped while queries on it are in flight', () => {
  it('answers each query with rows or with notFound, never with an engine message', async () => {
    const engine = await newEngine();
    await engine.createDataset(PROJECT, 'race', {});
    const outcomes = new Set<string>();
    for (let round = 0; round < 15; round++) {
      const table = ref('race', `t${round}`);
      await engine.createTable(table, { fields: [{ name: 'n', type: 'INT64' }] }, {});
      await engine.insertRows(
        table,
        Array.from({ length: 2000 }, (_, n) => ({ n })),
        {},
      );
      const queries = Array.from({ length: 8 }, () =>
        q(engine, `SELECT COUNT(*) AS c, SUM(n) AS s FROM race.t${round} WHERE n >= 0`).then(
          () => 'rows',
          (error: unknown) => {
            expect(error).toBeInstanceOf(BigQueryError);
            expect(error).toMatchObject({ httpStatus: 404, reason: 'notFound' });
            expect((error as Error).message).toBe(`Not found: Table ${PROJECT}:race.t${round}`);
            return 'notFound';
          },
        ),
      );
      // Dropped after some queries were admitted and before others ran.
      await new Promise((r) => setImmediate(r));
      await engine.deleteTable(table);
      for (const outcome of await Promise.all(queries)) outcomes.add(outcome);
    }
    expect(outcomes.has('notFound')).toBe(true);
    await engine.close?.();
  });
});
