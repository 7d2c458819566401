/** The GoogleSQL -> DuckDB translator on its own: lexing, protection of literals, rewrites, errors. */
import { describe, expect, it } from 'vitest';
import { parseStatement, type Statement } from '../../../emulator/sql/statements.js';
import { tokenize } from '../../../emulator/sql/tokens.js';
import type { Field } from '../../../emulator/types/schema.js';

const fields: Field[] = [
  { name: 'ts', type: 'TIMESTAMP', mode: 'NULLABLE', fields: [] },
  { name: 'key', type: 'STRING', mode: 'NULLABLE', fields: [] },
  { name: 'big', type: 'BIGNUMERIC', mode: 'NULLABLE', fields: [] },
];
const catalog = {
  tableFields: (r: { datasetId: string; tableId: string }) =>
    r.datasetId === 'ds' && r.tableId === 't' ? fields : undefined,
  datasetExists: (_p: string, d: string) => d === 'ds',
};

function tr(sql: string, params: { name: string; type: string; value: string }[] = []): Statement {
  return parseStatement(
    sql,
    {
      defaultProjectId: 'proj',
      queryParameters: params.map((p) => ({
        name: p.name,
        parameterType: { type: p.type },
        parameterValue: { value: p.value },
      })),
    },
    catalog,
  );
}

const sqlOf = (st: Statement): string => ('sql' in st ? st.sql : '');

describe('lexer', () => {
  it('decodes GoogleSQL literal forms', () => {
    const t = tokenize(`'a\\'b' "c\\n" r'\\d+' b'\\x00\\xff' """x'y""" \`my-proj.ds.t\` @p ? 0x1F 1.5e3`);
    expect(t.map((x) => [x.kind, x.value])).toEqual([
      ['string', "a'b"],
      ['string', 'c\n'],
      ['string', '\\d+'],
      ['bytes', '\u0000\u00ff'],
      ['string', "x'y"],
      ['qident', 'my-proj.ds.t'],
      ['param', 'p'],
      ['posparam', '?'],
      ['number', '0x1F'],
      ['number', '1.5e3'],
    ]);
  });

  it('skips comments', () => {
    expect(tokenize('SELECT 1 -- c\n # c2\n /* c3 */ + 2').map((x) => x.text)).toEqual(['SELECT', '1', '+', '2']);
  });
});

describe('rewrites', () => {
  it('maps table paths to DuckDB schemas and keeps string literals untouched', () => {
    const s = sqlOf(tr("SELECT 'FROM ds.t WHERE @x', `key` FROM `proj.ds.t`"));
    expect(s).toContain(`'FROM ds.t WHERE @x'`);
    expect(s).toContain('FROM "proj.ds"."t" AS "t"');
  });

  it('pins parameter types with CASTs and inlines LIMIT parameters', () => {
    const st = tr('SELECT key FROM ds.t WHERE ts > @t LIMIT @n', [
      { name: 't', type: 'TIMESTAMP', value: '2024-01-01 00:00:00' },
      { name: 'n', type: 'INT64', value: '10' },
    ]);
    expect(sqlOf(st)).toContain('"ts" > CAST($1 AS TIMESTAMPTZ)');
    expect(sqlOf(st)).toMatch(/LIMIT 10$/);
    expect(st.binder.values).toHaveLength(1);
  });

  it('expands tuple comparisons with a sargable leading bound', () => {
    const s = sqlOf(tr("SELECT key FROM ds.t WHERE (ts, key) > (TIMESTAMP '2024-01-01', 'k')"));
    expect(s).toContain(
      `(("ts") >= (TIMESTAMPTZ '2024-01-01 00:00:00+00') AND (("ts") > (TIMESTAMPTZ '2024-01-01 00:00:00+00') OR (("ts") = (TIMESTAMPTZ '2024-01-01 00:00:00+00') AND ("key") > ('k'))))`,
    );
  });

  it('keeps DuckDB on its top-N plan for large ORDER BY ... LIMIT', () => {
    expect(sqlOf(tr('SELECT key FROM ds.t ORDER BY ts, key LIMIT 10000'))).toContain('range(10000) AS __bq_topn');
    expect(sqlOf(tr('SELECT key FROM ds.t ORDER BY ts, key LIMIT 100'))).not.toContain('__bq_topn');
  });

  it('translates functions, casts and typed literals', () => {
    const s = sqlOf(
      tr(
        `SELECT SAFE_CAST(key AS INT64), CAST(big AS STRING), TIMESTAMP_ADD(ts, INTERVAL 1 HOUR), COUNTIF(key IS NULL), IFNULL(key, 'x'), NUMERIC '1.10', DATE '2024-1-2' FROM ds.t GROUP BY 1, 2, 3, 6, 7`,
      ),
    );
    expect(s).toContain('TRY_CAST("key" AS BIGINT)');
    expect(s).toContain('bq_bignumeric_text("big")');
    expect(s).toContain('to_microseconds(CAST((1) AS BIGINT) * 3600000000)');
    expect(s).toContain('count(CASE WHEN "key" IS NULL THEN 1 END)');
    expect(s).toContain(`coalesce("key", 'x')`);
    expect(s).toContain(`CAST('1.1' AS DECIMAL(38,9))`);
    expect(s).toContain(`DATE '2024-01-02'`);
  });

  it('turns DDL into catalog operations', () => {
    const st = tr(
      'CREATE TABLE IF NOT EXISTS ds.n (a INT64 NOT NULL, b ARRAY<STRUCT<x STRING, y DATE>>) PARTITION BY DATE(_PARTITIONTIME)',
    );
    expect(st.kind).toBe('createTable');
    if (st.kind !== 'createTable') return;
    expect(st.ifNotExists).toBe(true);
    expect(st.fields).toEqual([
      { name: 'a', type: 'INT64', mode: 'REQUIRED', fields: [] },
      {
        name: 'b',
        type: 'STRUCT',
        mode: 'REPEATED',
        fields: [
          { name: 'x', type: 'STRING', mode: 'NULLABLE', fields: [] },
          { name: 'y', type: 'DATE', mode: 'NULLABLE', fields: [] },
        ],
      },
    ]);
    expect(tr('DROP TABLE IF EXISTS ds.t')).toMatchObject({ kind: 'dropTable', ifExists: true });
    expect(tr('TRUNCATE TABLE ds.t')).toMatchObject({ kind: 'truncate' });
  });
});

describe('errors', () => {
  it('unbalanced brackets and bad literals are syntax errors with positions', () => {
    expect(() => tr('SELECT (1')).toThrow(/Syntax error: Unclosed "\(" at \[1:8\]/);
    expect(() => tr("SELECT DATE '2024-13-01'")).toThrow(/Invalid DATE literal.*\[1:13\]/);
    expect(() => tr('SELECT 99999999999999999999')).toThrow(/Invalid integer literal/);
  });

  it('unsupported statements and functions name the construct', () => {
    expect(() => tr('CREATE VIEW ds.v AS SELECT 1')).toThrow(/Unsupported CREATE statement/);
    expect(() => tr('SELECT ML.PREDICT(1)')).toThrow(
      /Function ML\.PREDICT .*not supported by the local BigQuery server/,
    );
    expect(() => tr('SELECT AS STRUCT 1 AS a')).toThrow(/SELECT AS STRUCT/);
  });

  it('a single-part table name needs a default dataset', () => {
    expect(() => tr('SELECT * FROM t')).toThrow(/must be qualified with a dataset/);
  });
});
