import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarper } from '../../support/harper.js';
import { PROJECT, useLocalBigQuery } from '../../support/local-bigquery.js';
import { waitForSynced } from '../../support/sync-harper.js';

// One source table synced twice: with `timestampMicros` (the Date plus the exact
// microseconds in `atMicros`) and without it (the Date alone, in milliseconds).
const bq = useLocalBigQuery();
const dir = mkdtempSync(join(tmpdir(), 'timestamp-micros-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'schema.graphql'),
  `type ExactTimes @table @export {
  id: ID @primaryKey
  at: Date
  atMicros: BigInt
  label: String
}
type MilliTimes @table @export {
  id: ID @primaryKey
  at: Date
  label: String
}
`,
);

const rows = [
  { id: 'a', at: '2024-01-02T03:04:05.123456Z', label: 'six fraction digits' },
  { id: 'b', at: '2024-01-02T03:04:05.000001Z', label: 'one microsecond past the second' },
  { id: 'c', at: '1969-12-31T23:59:59.999999Z', label: 'one microsecond before the epoch' },
];

const table = (id: string, targetTable: string, timestampMicros?: boolean) => ({
  id,
  dataset: 'times',
  table: 'events',
  timestampColumn: 'at',
  primaryKey: ['id'],
  targetTable,
  ...(timestampMicros === undefined ? {} : { timestampMicros }),
});

const ctx = useHarper(async () => {
  await bq.client.createDataset('times');
  await bq.client.dataset('times').createTable('events', {
    schema: {
      fields: [
        { name: 'id', type: 'STRING', mode: 'REQUIRED' },
        { name: 'at', type: 'TIMESTAMP', mode: 'REQUIRED' },
        { name: 'label', type: 'STRING' },
      ],
    },
  });
  await bq.client.dataset('times').table('events').insert(rows);
  return {
    app: {
      links: { 'times/schema.graphql': join(dir, 'schema.graphql') },
      config: { graphqlSchema: { files: 'times/schema.graphql' } },
    },
    syncSettings: {
      bigquery: {
        projectId: PROJECT,
        apiEndpoint: bq.server.url,
        tables: [table('exact', 'ExactTimes', true), table('millis', 'MilliTimes')],
      },
      sync: { pollInterval: '300ms', settleDelay: '0s' },
    },
  };
});

/** A record's JSON text as Harper serves it (JSON.parse would turn a BigInt into a double). */
async function rawRecord(table: string, id: string): Promise<string> {
  const response = await ctx.harper.rest(`/${table}/${id}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('TIMESTAMP storage in Harper', () => {
  it('with timestampMicros: the Date and, beside it, all six fraction digits exactly', async () => {
    await waitForSynced(ctx.harper, 'ExactTimes', 'exact', rows.length);
    const a = await rawRecord('ExactTimes', 'a');
    expect(a).toMatch(/"atMicros":1704164645123456\b/);
    expect(new Date((JSON.parse(a) as { at: string }).at).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(await rawRecord('ExactTimes', 'b')).toMatch(/"atMicros":1704164645000001\b/);
    expect(await rawRecord('ExactTimes', 'c')).toMatch(/"atMicros":-1\b/);
  });

  it('without it (the default): the Date alone, in milliseconds', async () => {
    await waitForSynced(ctx.harper, 'MilliTimes', 'millis', rows.length);
    const a = JSON.parse(await rawRecord('MilliTimes', 'a')) as Record<string, unknown>;
    expect(new Date(a.at as string).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(a).not.toHaveProperty('atMicros');
    const b = JSON.parse(await rawRecord('MilliTimes', 'b')) as Record<string, unknown>;
    expect(new Date(b.at as string).toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });
});
