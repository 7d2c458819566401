/** Literals, CAST / SAFE_CAST and parameters (BigQuery conversion rules). */
import type { Family } from '../case.js';
import { NOT_SUPPORTED } from '../case.js';

const BIG = 'CREATE TABLE IF NOT EXISTS conf.big (b BIGNUMERIC)';

export const types: Family = {
  family: 'types and casts',
  cases: [
    {
      name: 'CAST to STRING',
      sql: "SELECT CAST(TRUE AS STRING), CAST(123 AS STRING), CAST(1.5 AS STRING), CAST(DATE '2024-01-02' AS STRING), CAST(TIMESTAMP '2024-01-02 03:04:05+00' AS STRING), CAST(TIME '03:04:05' AS STRING)",
      rows: [['true', '123', '1.5', '2024-01-02', '2024-01-02 03:04:05+00', '03:04:05']],
    },
    {
      name: 'NUMERIC to STRING drops trailing zeros',
      sql: "SELECT CAST(PARSE_NUMERIC('1.5') AS STRING), CAST(NUMERIC '10' AS STRING), CAST(NUMERIC '-0.000000001' AS STRING), CAST(NUMERIC '1.50' + NUMERIC '1' AS STRING)",
      rows: [['1.5', '10', '-0.000000001', '2.5']],
    },
    {
      name: 'NUMERIC aggregates to STRING',
      sql: "SELECT CAST(SUM(n) AS STRING) FROM UNNEST([NUMERIC '1.25', NUMERIC '2.25']) AS n",
      rows: [['3.5']],
    },
    {
      name: 'FLOAT64 to STRING without a trailing .0',
      sql: 'SELECT CAST(100.0 AS STRING), CAST(x AS STRING) FROM UNNEST([2.0]) AS x',
      rows: [['100', '2']],
    },
    {
      name: 'CAST from STRING',
      sql: "SELECT CAST('123' AS INT64), CAST('1.5' AS FLOAT64), CAST('true' AS BOOL), CAST('2024-01-02' AS DATE), CAST('1.5' AS NUMERIC)",
      rows: [['123', '1.5', 'true', '2024-01-02', '1.5']],
      types: ['INTEGER', 'FLOAT', 'BOOLEAN', 'DATE', 'NUMERIC'],
    },
    { name: 'CAST of a bad string is an error', sql: "SELECT CAST('abc' AS INT64)", error: /./ },
    { name: 'SAFE_CAST of a bad string is NULL', sql: "SELECT SAFE_CAST('abc' AS INT64)", rows: [[null]] },
    {
      name: 'CAST FLOAT64 to INT64 rounds halfway away from zero',
      sql: 'SELECT CAST(1.5 AS INT64), CAST(2.5 AS INT64), CAST(-2.5 AS INT64), CAST(2.4 AS INT64)',
      rows: [['2', '3', '-3', '2']],
    },
    {
      name: 'PARSE_NUMERIC / PARSE_BIGNUMERIC',
      sql: "SELECT PARSE_NUMERIC('1.5'), PARSE_BIGNUMERIC('123.456')",
      rows: [['1.5', '123.456']],
      types: ['NUMERIC', 'BIGNUMERIC'],
    },
    {
      name: 'typed literals',
      sql: "SELECT DATE '2024-01-02', DATETIME '2024-01-02 03:04:05', TIME '03:04:05.5', NUMERIC '1.25', JSON '{\"a\": 1}'",
      rows: [['2024-01-02', '2024-01-02T03:04:05', '03:04:05.500000', '1.25', '{"a":1}']],
      types: ['DATE', 'DATETIME', 'TIME', 'NUMERIC', 'JSON'],
    },
    {
      name: 'AVG of BIGNUMERIC',
      setup: [BIG],
      sql: 'SELECT AVG(b) FROM conf.big',
      notSupported: NOT_SUPPORTED,
    },
    {
      name: 'BIGNUMERIC + - and comparisons',
      sql: "SELECT b + b, b - BIGNUMERIC '0.5', b > BIGNUMERIC '1', CAST(b AS STRING) FROM (SELECT BIGNUMERIC '1.25' AS b)",
      rows: [['2.5', '0.75', 'true', '1.25']],
    },
    {
      name: 'BIGNUMERIC times INT64',
      setup: [BIG],
      sql: 'SELECT b * 2 FROM conf.big',
      notSupported: NOT_SUPPORTED,
    },
    {
      name: 'BIGNUMERIC compared with an INT64 literal',
      setup: [BIG],
      sql: 'SELECT b FROM conf.big WHERE b > 1',
      notSupported: NOT_SUPPORTED,
    },
    {
      name: 'INT64 literal out of range is an error',
      sql: 'SELECT 9223372036854775808',
      error: /Invalid integer literal/,
    },
    {
      name: 'float literals are FLOAT64',
      sql: 'SELECT 1.5, 1e21, 100.0',
      rows: [['1.5', '1.0E21', '100.0']],
      types: ['FLOAT', 'FLOAT', 'FLOAT'],
    },
    {
      name: 'anonymous columns are f0_, f1_',
      sql: 'SELECT 1, 2 AS b, 3',
      rows: [['1', '2', '3']],
    },
  ],
};
