/** Families the local server does not implement: each must answer a clear not-supported error. */
import type { Family } from '../case.js';
import { NOT_SUPPORTED } from '../case.js';

export const geography: Family = {
  family: 'geography',
  cases: [
    {
      name: 'ST_GEOGPOINT / ST_ASTEXT',
      sql: 'SELECT ST_ASTEXT(ST_GEOGPOINT(-122.35, 47.62))',
      rows: [['POINT(-122.35 47.62)']],
    },
    {
      name: 'ST_GEOGFROMTEXT round trip',
      sql: "SELECT ST_ASTEXT(ST_GEOGFROMTEXT('POINT(1 2)'))",
      rows: [['POINT(1 2)']],
    },
    {
      name: 'ST_DISTANCE',
      sql: 'SELECT ST_DISTANCE(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 0))',
      notSupported: NOT_SUPPORTED,
    },
    {
      name: 'ST_DWITHIN',
      sql: 'SELECT ST_DWITHIN(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 0), 10)',
      notSupported: NOT_SUPPORTED,
    },
    { name: 'ST_BUFFER', sql: 'SELECT ST_BUFFER(ST_GEOGPOINT(1, 2), 10)', notSupported: NOT_SUPPORTED },
    {
      name: 'ST_MAKELINE',
      sql: 'SELECT ST_MAKELINE(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 1))',
      notSupported: NOT_SUPPORTED,
    },
    { name: 'ST_ASGEOJSON', sql: 'SELECT ST_ASGEOJSON(ST_GEOGPOINT(1, 2))', notSupported: NOT_SUPPORTED },
  ],
};

export const ranges: Family = {
  family: 'range',
  cases: [
    {
      name: 'RANGE constructor',
      sql: "SELECT RANGE(DATE '2024-01-01', DATE '2024-02-01')",
      notSupported: NOT_SUPPORTED,
    },
    { name: 'RANGE literal', sql: "SELECT RANGE<DATE> '[2024-01-01, 2024-02-01)'", notSupported: NOT_SUPPORTED },
    {
      name: 'RANGE_START',
      sql: "SELECT RANGE_START(RANGE(DATE '2024-01-01', DATE '2024-02-01'))",
      notSupported: NOT_SUPPORTED,
    },
  ],
};

/** DuckDB functions that BigQuery does not have must not leak through under their own names. */
export const gate: Family = {
  family: 'unknown functions',
  cases: [
    { name: 'DuckDB-only function', sql: 'SELECT list_sum([1, 2])', error: /Function not found: list_sum/ },
    { name: 'DuckDB-only generate_series', sql: 'SELECT generate_series(1, 3)', error: /Function not found/ },
    {
      name: 'APPROX_QUANTILES',
      sql: 'SELECT APPROX_QUANTILES(x, 2) FROM UNNEST([1, 2, 3]) AS x',
      notSupported: NOT_SUPPORTED,
    },
    { name: 'HLL_COUNT.INIT', sql: 'SELECT HLL_COUNT.INIT(x) FROM UNNEST([1]) AS x', notSupported: NOT_SUPPORTED },
    { name: 'NET.HOST', sql: "SELECT NET.HOST('http://example.com/a')", notSupported: NOT_SUPPORTED },
  ],
};
