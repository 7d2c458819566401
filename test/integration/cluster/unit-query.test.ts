/** Unit page queries on the local BigQuery server: the units of a split cover the table exactly once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitOfKeyText, unitSlices } from '../../../src/cluster/units.js';
import type { KeySpec } from '../../../streams/query/key-spec.js';
import { buildPageQuery, type PageQueryTable } from '../../../streams/query/page-query.js';
import { PROJECT, startLocal, type Local } from '../emulator/helpers.js';

let local: Local;
const ROWS = 600;

beforeAll(async () => {
  local = await startLocal();
  const [dataset] = await local.bq.createDataset('units_ds');
  const [table] = await dataset.createTable('events', {
    schema: {
      fields: [
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'id', type: 'INTEGER' },
        { name: 'name', type: 'STRING' },
      ],
    },
  });
  // Heavy timestamp ties (10 distinct values) and a few NULL names.
  await table.insert(
    Array.from({ length: ROWS }, (_, i) => ({
      ts: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 10)).toISOString(),
      id: i,
      name: i % 50 === 0 ? null : `vessel-${i}`,
    })),
  );
});
afterAll(async () => {
  await local?.server.stop();
});

const base: PageQueryTable = {
  projectId: PROJECT,
  dataset: 'units_ds',
  table: 'events',
  timestampColumn: 'ts',
  columns: ['ts', 'id', 'name'],
  key: { kind: 'columns', columns: [{ name: 'id', type: 'INT64' }] },
};

async function unitRows(table: PageQueryTable): Promise<Record<string, unknown>[]> {
  const built = buildPageQuery(table, { after: null, upperMicros: 2_000_000_000_000_000n });
  const [rows] = await local.bq.query({ query: built.query, params: built.params, types: built.types });
  return rows as Record<string, unknown>[];
}

describe('unit page queries', () => {
  it('split by an INT64 key: every row in exactly one unit, the unit BigQuery and TypeScript agree on', async () => {
    const seen = new Map<number, number>();
    for (const slice of unitSlices(4)) {
      const rows = await unitRows({ ...base, unit: slice });
      for (const row of rows) {
        const id = Number(row.id);
        expect(seen.has(id)).toBe(false);
        seen.set(id, slice.index);
        expect(unitOfKeyText(String(id), 4)).toBe(slice.index);
      }
    }
    expect(seen.size).toBe(ROWS);
    // Every unit gets a share (600 keys over 4 buckets).
    expect(new Set(seen.values()).size).toBe(4);
  });

  it('split by a nullable STRING key and by a row fingerprint: still every row exactly once', async () => {
    const keys: KeySpec[] = [{ kind: 'columns', columns: [{ name: 'name', type: 'STRING' }] }, { kind: 'fingerprint' }];
    for (const key of keys) {
      const ids: number[] = [];
      for (const slice of unitSlices(3))
        ids.push(...(await unitRows({ ...base, key, unit: slice })).map((r) => Number(r.id)));
      expect(ids.length).toBe(ROWS);
      expect(new Set(ids).size).toBe(ROWS);
    }
  });
});
