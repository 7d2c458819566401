/** Concurrent callers: writes are serialised, reads see consistent snapshots, nothing is lost. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../../emulator/engine/contract.js';
import { firstRow, newEngine, PROJECT, q, ref } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await newEngine();
  await engine.createDataset(PROJECT, 'c', {});
  await engine.createTable(
    ref('c', 't'),
    {
      fields: [
        { name: 'batch', type: 'INT64' },
        { name: 'i', type: 'INT64' },
      ],
    },
    {},
  );
});
afterAll(async () => {
  await engine.close();
});

it('interleaved inserts, queries, DML and DDL from many callers stay consistent', async () => {
  const batches = 12;
  const size = 500;
  const work: Promise<unknown>[] = [];
  const counts: number[] = [];
  for (let b = 0; b < batches; b++) {
    work.push(
      engine.insertRows(
        ref('c', 't'),
        Array.from({ length: size }, (_, i) => ({ batch: b, i })),
        {},
      ),
    );
    work.push(
      q(engine, 'SELECT COUNT(*) FROM c.t').then((r) => {
        // Each insert is atomic: a reader sees whole batches only.
        const n = Number(firstRow(r)[0]);
        counts.push(n);
        expect(n % size).toBe(0);
      }),
    );
    if (b % 4 === 0)
      work.push(engine.createTable(ref('c', `side${b}`), { fields: [{ name: 'x', type: 'STRING' }] }, {}));
    if (b % 3 === 0) work.push(q(engine, `UPDATE c.t SET i = i WHERE batch = ${b}`));
  }
  await Promise.all(work);
  expect(firstRow(await q(engine, 'SELECT COUNT(*), COUNT(DISTINCT batch) FROM c.t'))).toEqual([
    String(batches * size),
    String(batches),
  ]);
  expect((await engine.tableStats(ref('c', 't'))).numRows).toBe(batches * size);
  expect((await engine.listTables(PROJECT, 'c')).length).toBe(4);
  expect(counts).toHaveLength(batches);
});
