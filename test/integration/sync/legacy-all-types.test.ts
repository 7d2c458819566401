import { describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { harperRows, waitForSynced } from '../../support/sync-harper.js';

const bq = useLocalBigQuery();

const schema = [
  { name: 'ts', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'b', type: 'BOOL' },
  { name: 'i', type: 'INT64' },
  { name: 'f', type: 'FLOAT64' },
  { name: 'n', type: 'NUMERIC' },
  { name: 'bn', type: 'BIGNUMERIC' },
  { name: 's', type: 'STRING' },
  { name: 'by', type: 'BYTES' },
  { name: 'd', type: 'DATE' },
  { name: 'dt', type: 'DATETIME' },
  { name: 't', type: 'TIME' },
  { name: 'g', type: 'GEOGRAPHY' },
  { name: 'j', type: 'JSON' },
  {
    name: 'rec',
    type: 'RECORD',
    fields: [
      { name: 'x', type: 'INT64' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    ],
  },
  { name: 'arr', type: 'INT64', mode: 'REPEATED' },
];

const rows = [
  {
    ts: '2026-01-01T00:00:00.000001Z',
    b: true,
    i: '9223372036854775807',
    f: 1.5,
    n: '12345678901234567890.123456789',
    bn: '-0.00000000000000000000000000000000000001',
    s: 'ünïcødé 𝔘',
    by: Buffer.from([0, 1, 255]).toString('base64'),
    d: '2026-02-28',
    dt: '2026-02-28T12:34:56.789012',
    t: '23:59:59.999999',
    g: 'POINT(4.1 51.9)',
    j: '{"a":[1,2,{"b":null}]}',
    rec: { x: '-42', tags: ['p', 'q'] },
    arr: ['1', '2', '3'],
  },
  { ts: '2026-01-01T00:00:00.000001Z', b: false, i: '-1', s: 'second row, same microsecond' },
  { ts: '2026-01-01T00:00:00.000002Z', s: 'mostly nulls' },
];

const ctx = useHarper(async () => {
  await bq.client.createDataset('legacy');
  await bq.client.dataset('legacy').createTable('all_types', { schema: { fields: schema } });
  await bq.client.dataset('legacy').table('all_types').insert(rows);
  return {
    syncSettings: {
      // The original single-table layout: becomes table `default` -> BigQueryData.
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        dataset: 'legacy',
        table: 'all_types',
        timestampColumn: 'ts',
        columns: '*',
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

describe('legacy single-table config, every BigQuery type, no primary key', () => {
  it('syncs into BigQueryData with fingerprint ids and exact values', async () => {
    await waitForSynced(ctx.harper, 'BigQueryData', 'default', 3);
    const synced = [...(await harperRows(ctx.harper, 'BigQueryData')).values()];
    expect(synced).toHaveLength(3);
    // Fingerprint ids: signed int64 text, distinct per row.
    for (const row of synced) expect(String(row.id)).toMatch(/^-?\d+$/);
    const full = synced.find((r) => r.b === true)!;
    expect(full).toMatchObject({
      f: 1.5,
      n: '12345678901234567890.123456789',
      bn: '-0.00000000000000000000000000000000000001',
      s: 'ünïcødé 𝔘',
      d: '2026-02-28',
      dt: '2026-02-28T12:34:56.789012',
      t: '23:59:59.999999',
      g: 'POINT(4.1 51.9)',
      j: { a: [1, 2, { b: null }] },
      rec: { x: -42, tags: ['p', 'q'] },
      arr: [1, 2, 3],
    });
    expect(new Date(full.ts as string).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    // INT64 beyond 2^53 is stored exactly (as a BigInt): check the raw JSON text, since
    // JSON.parse itself would round it.
    const raw = await (await ctx.harper.rest(`/BigQueryData/${String(full.id)}`)).text();
    expect(raw).toMatch(/"i":9223372036854775807\b/);
    const nulls = synced.find((r) => r.s === 'mostly nulls')!;
    expect(nulls).toMatchObject({ b: null, i: null, arr: [] });
  });
});
