/**
 * Ingestion-time partitioned tables (timePartitioning without a field): the _PARTITIONTIME and
 * _PARTITIONDATE pseudo-columns, pruning on them as BigQuery documents it, and
 * requirePartitionFilter over them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, TableSchema } from '../../../emulator/engine/contract.js';
import { firstRow, newEngine, q, ref } from './helpers.js';

// Every row: id 'r000'.. (2 + 4 bytes) and v INT64 (8 bytes) = 14 bytes; pseudo-columns bill nothing.
const ROW = 14;
const schema: TableSchema = {
  fields: [
    { name: 'id', type: 'STRING' },
    { name: 'v', type: 'INT64' },
  ],
};

describe('ingestion-time partitioning', () => {
  let engine: Engine;
  const resource = (id: string, extra: Record<string, unknown> = {}) => ({
    tableReference: { projectId: 'test-project', datasetId: 'ing', tableId: id },
    timePartitioning: { type: 'DAY' },
    ...extra,
  });

  beforeAll(async () => {
    engine = await newEngine();
    await engine.createDataset('test-project', 'ing', {});
    await engine.createTable(ref('ing', 'events'), schema, resource('events'));
    await engine.createTable(ref('ing', 'strict'), schema, resource('strict', { requirePartitionFilter: true }));
    // 3 partitions of 10 rows, written to a chosen partition by naming _PARTITIONTIME (as DML may).
    for (const t of ['events', 'strict']) {
      const values = Array.from({ length: 30 }, (_, i) => {
        const day = `2024-01-0${1 + Math.floor(i / 10)}`;
        return `(TIMESTAMP '${day}', 'r${String(i).padStart(3, '0')}', ${i})`;
      });
      await q(engine, `INSERT INTO ing.${t} (_PARTITIONTIME, id, v) VALUES ${values.join(', ')}`);
    }
  });

  afterAll(async () => {
    await engine.close();
  });

  it('SELECT * leaves the pseudo-columns out; they are selectable by name and not in the schema', async () => {
    const star = await q(engine, `SELECT * FROM ing.events WHERE v = 0`);
    expect(star.schema!.fields.map((f) => f.name)).toEqual(['id', 'v']);
    const named = await q(engine, `SELECT _PARTITIONTIME AS pt, _PARTITIONDATE AS pd, * FROM ing.events WHERE v = 25`);
    expect(named.schema!.fields.map((f) => f.name)).toEqual(['pt', 'pd', 'id', 'v']);
    expect(firstRow(named)).toEqual([String(Date.UTC(2024, 0, 3) * 1000), '2024-01-03', 'r025', '25']);
    const table = await engine.getTable(ref('ing', 'events'));
    expect(table!.schema.fields!.map((f) => f.name)).toEqual(['id', 'v']);
  });

  it('prunes on _PARTITIONTIME compared with constants (documented example: BETWEEN two TIMESTAMPs)', async () => {
    const r = await q(
      engine,
      `SELECT id, v FROM ing.events WHERE _PARTITIONTIME BETWEEN TIMESTAMP('2024-01-02') AND TIMESTAMP('2024-01-03')`,
    );
    expect(r.rows).toHaveLength(20);
    expect(r.totalBytesProcessed).toBe(20 * ROW);
    const gt = await q(engine, `SELECT id FROM ing.events WHERE _PARTITIONTIME >= TIMESTAMP '2024-01-03'`);
    expect(gt.totalBytesProcessed).toBe(10 * 6);
  });

  it('prunes on _PARTITIONDATE, and on a parameter', async () => {
    const r = await q(engine, `SELECT id FROM ing.events WHERE _PARTITIONDATE = '2024-01-01'`);
    expect(r.rows).toHaveLength(10);
    expect(r.totalBytesProcessed).toBe(10 * 6);
    const p = await q(engine, 'SELECT v FROM ing.events WHERE _PARTITIONTIME >= @from', {
      queryParameters: [
        { name: 'from', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2024-01-03' } },
      ],
    });
    expect(p.totalBytesProcessed).toBe(10 * 8);
    expect(p.rows).toHaveLength(10);
  });

  it('a filter computed by a subquery does not prune (documented: scans every partition)', async () => {
    const r = await q(
      engine,
      'SELECT id FROM ing.events WHERE _PARTITIONTIME = (SELECT MAX(_PARTITIONTIME) FROM ing.events)',
    );
    expect(r.rows).toHaveLength(10);
    expect(r.totalBytesProcessed).toBe(30 * 6);
  });

  it('requirePartitionFilter asks for a filter on _PARTITIONTIME', async () => {
    await expect(q(engine, 'SELECT id FROM ing.strict')).rejects.toMatchObject({
      reason: 'invalidQuery',
      message:
        "Cannot query over table 'ing.strict' without a filter over column(s) '_PARTITIONTIME' that can be used for partition elimination",
    });
    const ok = await q(engine, `SELECT id FROM ing.strict WHERE _PARTITIONDATE >= '2024-01-03'`, { dryRun: true });
    expect(ok.totalBytesProcessed).toBe(10 * 6);
  });

  it('rows streamed or inserted without _PARTITIONTIME land in the current partition', async () => {
    // Its own table: the other tests count the rows of ing.events.
    await engine.createTable(ref('ing', 'current'), schema, resource('current'));
    const r = await engine.insertRows(ref('ing', 'current'), [{ id: 'now', v: 100 }], {});
    expect(r.insertErrors).toEqual([]);
    await q(engine, `INSERT INTO ing.current (_PARTITIONTIME, id, v) VALUES (TIMESTAMP '2024-01-01', 'old', 99)`);
    await q(engine, `INSERT INTO ing.current (id, v) VALUES ('dml', 101)`);
    await q(engine, `INSERT INTO ing.current VALUES ('dml2', 102)`);
    const today = new Date().toISOString().slice(0, 10);
    const got = await q(engine, `SELECT id FROM ing.current WHERE _PARTITIONDATE = '${today}' ORDER BY id`);
    expect(got.rows.map((row) => row.f[0]!.v)).toEqual(['dml', 'dml2', 'now']);
    expect(got.totalBytesProcessed).toBe(2 + 3 + (2 + 4) + (2 + 3));
  });
});
