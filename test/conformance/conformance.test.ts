/**
 * GoogleSQL conformance of the local BigQuery engine, table-driven: each case is SQL and
 * what BigQuery returns for it (see cases/*). All cases share one in-memory engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, QueryResult, RestRow } from '../../emulator/engine/contract.js';
import { createDuckDbEngine } from '../../emulator/engine/index.js';
import type { ConformanceCase } from './case.js';
import { NOT_SUPPORTED } from './case.js';
import { FAMILIES } from './families.js';

const PROJECT = 'conformance';
let engine: Engine;

beforeAll(async () => {
  engine = await createDuckDbEngine({});
  await engine.createDataset(PROJECT, 'conf', {});
});
afterAll(async () => {
  await engine.close();
});

function run(sql: string): Promise<QueryResult> {
  return engine.query(sql, {
    defaultProjectId: PROJECT,
    useInt64Timestamp: true,
    queryParameters: [{ name: 'n', parameterType: { type: 'INT64' }, parameterValue: { value: '2' } }],
  });
}

/** Cell values out of REST rows (nested arrays and records unwrapped). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((c: { v: unknown }) => plain(c.v));
  if (v && typeof v === 'object' && 'f' in v) return (v as RestRow).f.map((c) => plain(c.v));
  return v;
}

async function check(c: ConformanceCase): Promise<void> {
  for (const s of c.setup ?? []) await run(s);
  if (c.notSupported || c.error) {
    const err = await run(c.sql).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'expected an error').toMatchObject({ httpStatus: 400 });
    const message = (err as Error).message;
    if (c.notSupported) expect(message).toMatch(c.notSupported);
    if (c.error) {
      expect(message).toMatch(c.error);
      // An error BigQuery raises too is not a gap of the local server.
      expect(message).not.toMatch(NOT_SUPPORTED);
    }
    return;
  }
  const r = await run(c.sql);
  const rows = r.rows.map((row) => plain(row));
  if (c.rows) {
    if (c.unordered) expect(rows).toEqual(expect.arrayContaining(c.rows));
    expect(rows).toEqual(c.unordered ? expect.arrayContaining(c.rows) : c.rows);
  }
  if (c.types) expect(r.schema?.fields.map((f) => f.type)).toEqual(c.types);
}

for (const f of FAMILIES) {
  describe(f.family, () => {
    for (const c of f.cases) it(c.name, () => check(c));
  });
}
