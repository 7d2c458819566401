import { describe, expect, it } from 'vitest';
import { bigQueryRowConverter } from '../../../streams/convert/bigquery-row-converter.js';
import {
  contentPlan,
  formatG,
  formatG17,
  keyTextSql,
  rowTextJs,
  trimDecimal,
} from '../../../streams/validate/canonical.js';
import { buildSummaryQuery } from '../../../streams/validate/validation-query.js';

describe('canonical row text', () => {
  it("writes doubles as printf's %.17g does (values checked against the local server's FORMAT)", () => {
    expect(formatG17(0.1)).toBe('0.10000000000000001');
    expect(formatG17(1e21)).toBe('1e+21');
    expect(formatG17(-12.5)).toBe('-12.5');
    expect(formatG17(1e-7)).toBe('9.9999999999999995e-08');
    expect(formatG17(123456789)).toBe('123456789');
    expect(formatG17(Number.NaN)).toBe('nan');
    expect(formatG17(-Infinity)).toBe('-inf');
  });

  it('rounds exact ties to even as printf does (checked against the local server)', () => {
    expect(formatG(100000000000000.5, 15)).toBe('100000000000000');
    expect(formatG(100000000000001.5, 15)).toBe('100000000000002');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(-0.375, 2)).toBe('-0.38');
    expect(formatG(1e-7, 15)).toBe('1e-07');
    expect(formatG(1.2345678901234568e18, 15)).toBe('1.23456789012346e+18');
  });

  it("gives a double and the short decimal Harper's float32 storage reads back the same text", () => {
    // Harper (msgpackr useFloat32 DECIMAL_FIT) stores -22.962989999999998 and reads -22.96299.
    const pairs: [number, number][] = [
      [-22.962989999999998, -22.96299],
      [-44.197630000000004, -44.19763],
      [24.444119999999998, 24.44412],
      [-42.716499999999996, -42.7165],
    ];
    for (const [source, stored] of pairs) expect(formatG(stored, 15)).toBe(formatG(source, 15));
    expect(formatG(-22.96298, 15)).not.toBe(formatG(-22.96299, 15));
  });

  it('trims decimals without touching integers', () => {
    expect(trimDecimal('100')).toBe('100');
    expect(trimDecimal('100.500')).toBe('100.5');
    expect(trimDecimal('+1.000')).toBe('1');
    expect(trimDecimal('-0.0')).toBe('0');
  });

  it('covers the comparable columns, maps a non-key id column, and names what it leaves out', () => {
    const fields = [
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'id', type: 'INT64' },
      { name: 'doc', type: 'JSON' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      { name: 'price', type: 'NUMERIC' },
    ];
    const plan = contentPlan(fields, '*', { kind: 'columns', columns: [{ name: 'ts', type: 'TIMESTAMP' }] });
    expect(plan.columns).toEqual([
      { source: 'ts', target: 'ts', type: 'TIMESTAMP' },
      { source: 'id', target: '_source_id', type: 'INT64' },
      { source: 'price', target: 'price', type: 'NUMERIC' },
    ]);
    expect(plan.excluded.map((e) => e.source)).toEqual(['doc', 'tags']);
  });

  it('gives the converted Harper record the text its source row has', () => {
    const fields = [
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'name', type: 'STRING' },
      { name: 'n', type: 'INT64' },
      { name: 'x', type: 'FLOAT64' },
      { name: 'ok', type: 'BOOL' },
      { name: 'price', type: 'NUMERIC' },
      { name: 'day', type: 'DATE' },
      { name: 'raw', type: 'BYTES' },
    ];
    const key = { kind: 'columns' as const, columns: [{ name: 'name', type: 'STRING' }] };
    const convert = bigQueryRowConverter({ fields, key, numericMode: 'string', geographyFormat: 'wkt' });
    const out = convert({
      ts: '1767225600123456',
      name: 'a|b\\c',
      n: '-42',
      x: '0.1',
      ok: 'true',
      price: '1.50',
      day: '2026-01-02',
      raw: 'YWJj',
    });
    if (!('record' in out)) throw new Error(out.error);
    const plan = contentPlan(fields, '*', key);
    expect(rowTextJs(String(out.record.id), out.record, plan.columns)).toBe(
      'a\\|b\\\\c|1767225600123|a\\|b\\\\c|-42|0.1|true|1.5|2026-01-02|YWJj',
    );
  });

  it('rebuilds multi-column Harper ids in SQL and filters the scan itself by time', () => {
    const key = {
      kind: 'columns' as const,
      columns: [
        { name: 'mmsi', type: 'INT64' },
        { name: 'ts', type: 'TIMESTAMP' },
      ],
    };
    expect(keyTextSql(key, '`_bqsync_fp`')).toContain("FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', `ts`, 'UTC')");
    const q = buildSummaryQuery(
      { projectId: 'p', dataset: 'd', table: 't', timestampColumn: 'ts', key, content: [] },
      { originMs: 0, widthMs: 10, fromMs: 0, toMs: 100 },
    );
    expect(q.query).toMatch(
      /FROM `p\.d\.t` AS _bqsync_row WHERE `ts` >= TIMESTAMP_MILLIS\(@from_ms\) AND `ts` < TIMESTAMP_MILLIS\(@to_ms\)/,
    );
    expect(q.params).toEqual({ from_ms: 0, to_ms: 100, origin_ms: 0, width_ms: 10 });
  });
});
