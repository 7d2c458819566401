import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import {
  contentPlan,
  FLOAT_DIGITS,
  formatG,
  keyTextSql,
  rowTextJs,
  rowTextSql,
} from '../../../streams/validate/canonical.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';

const bq = useLocalBigQuery();
const dir = mkdtempSync(join(tmpdir(), 'canonical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = [
  { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED' },
  { name: 'mmsi', type: 'INT64', mode: 'REQUIRED' },
  { name: 'vessel_name', type: 'STRING' },
  { name: 'latitude', type: 'FLOAT64' },
  { name: 'speed_knots', type: 'FLOAT64' },
  { name: 'moored', type: 'BOOL' },
];
const KEY = {
  kind: 'columns' as const,
  columns: [
    { name: 'mmsi', type: 'INT64' },
    { name: 'timestamp', type: 'TIMESTAMP' },
  ],
};

describe('canonical row text against the local server', () => {
  it('is the same in SQL and in JS for every row', async () => {
    const T0 = Date.parse('2026-01-01T00:00:00.000Z');
    const ids = [250, 300, 1100, 2000, 3600, 5000, 100, 47];
    const data = ids.map((i) => ({
      timestamp: new Date(T0 + i * 1000).toISOString().replace('Z', '123Z'),
      mmsi: 200_000_000 + i,
      vessel_name: i % 7 === 0 ? null : `VESSEL | ${i} \\ "x"`,
      latitude: -60 + ((i * 0.1234567) % 120),
      speed_knots: (i % 250) / 10,
      moored: i % 3 === 0,
    }));
    const dataset = bq.client.dataset('canon');
    await bq.client.createDataset('canon');
    await dataset.createTable('t', { schema: { fields: FIELDS } });
    const file = join(dir, 't.ndjson');
    writeFileSync(file, data.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await dataset.table('t').load(file, { sourceFormat: 'NEWLINE_DELIMITED_JSON' });

    const plan = contentPlan(FIELDS, '*', KEY);
    const keyText = keyTextSql(KEY, '`_fp`');
    const query = `SELECT ${keyText} AS k, ${rowTextSql(keyText, plan.columns)} AS r, t.* FROM \`canon.t\` AS t`;
    const [job] = await bq.client.createQueryJob({ query, useLegacySql: false });
    // The raw wire rows, as the sync reads them (strings), so the converter sees what it sees in production.
    const [, , response] = (await job.getQueryResults({
      autoPaginate: false,
      skipParsing: true,
    } as never)) as unknown as [
      unknown,
      unknown,
      { schema: { fields: { name: string }[] }; rows: { f: { v: unknown }[] }[] },
    ];
    const names = response.schema.fields.map((f) => f.name);
    const convert = bigQueryRowConverter({ fields: FIELDS, key: KEY, numericMode: 'string', geographyFormat: 'wkt' });
    const diffs: string[] = [];
    for (const raw of response.rows) {
      const row = Object.fromEntries(names.map((n, j) => [n, raw.f[j]!.v])) as Record<string, unknown>;
      const { k, r, ...wire } = row;
      const out = convert(wire as never);
      if (!('record' in out)) throw new Error(out.error);
      const js = rowTextJs(String(out.record.id), out.record, plan.columns);
      if (js !== r) diffs.push(`${String(r)}\n${js}\n${JSON.stringify(wire)}`);
      expect(out.record.id).toBe(k);
    }
    expect(diffs).toEqual([]);
    expect(response.rows).toHaveLength(ids.length);
  });

  it("writes doubles as the server's FORMAT does, ties to even included", async () => {
    const values = [
      0.1, -12.5, 1e-7, 1e21, 123456789, 100000000000000.5, 100000000000001.5, -22.962989999999998, -22.96299,
      1.7283499999999989, 5e-324, 1.7976931348623157e308, 0.000123456789,
    ];
    const query = `SELECT i, FORMAT('%.${FLOAT_DIGITS}g', x) AS t FROM UNNEST([${values.map((v) => `CAST('${v}' AS FLOAT64)`).join(', ')}]) AS x WITH OFFSET AS i`;
    const [rows] = (await bq.client.query({ query, useLegacySql: false })) as unknown as [{ i: number; t: string }[]];
    const sql = rows.sort((a, b) => Number(a.i) - Number(b.i)).map((r) => r.t);
    expect(values.map((v) => formatG(v, FLOAT_DIGITS))).toEqual(sql);
  });
});
