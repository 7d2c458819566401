/** Aggregate functions (BigQuery function reference examples). */
import type { Family } from '../case.js';

const FRUIT = "UNNEST(['apple', NULL, 'pear', 'banana', 'pear']) AS fruit";

export const aggregates: Family = {
  family: 'aggregates',
  cases: [
    {
      name: 'COUNT / COUNT(DISTINCT) / COUNTIF',
      sql: 'SELECT COUNT(*), COUNT(x), COUNT(DISTINCT x), COUNTIF(x < 0), COUNTIF(x > 0) FROM UNNEST([1, 4, NULL, 4, 5, -2]) AS x',
      rows: [['6', '5', '4', '1', '4']],
    },
    {
      name: 'COUNTIF and COUNT over no rows are 0',
      sql: 'SELECT COUNTIF(x > 0), COUNT(x), COUNT(*) FROM UNNEST([1, 2]) AS x WHERE FALSE',
      rows: [['0', '0', '0']],
    },
    {
      name: 'SUM / AVG / MIN / MAX over no rows are NULL',
      sql: 'SELECT SUM(x), AVG(x), MIN(x), MAX(x) FROM UNNEST([1, 2]) AS x WHERE FALSE',
      rows: [[null, null, null, null]],
    },
    {
      name: 'SUM / AVG / MIN / MAX',
      sql: 'SELECT SUM(x), AVG(x), MIN(x), MAX(x) FROM UNNEST([1, 2, 3, 4]) AS x',
      rows: [['10', '2.5', '1', '4']],
      types: ['INTEGER', 'FLOAT', 'INTEGER', 'INTEGER'],
    },
    {
      name: 'STRING_AGG',
      sql: `SELECT STRING_AGG(fruit ORDER BY fruit), STRING_AGG(fruit, ' & ' ORDER BY fruit DESC), STRING_AGG(DISTINCT fruit, ' & ' ORDER BY fruit), STRING_AGG(fruit, ' & ' ORDER BY fruit LIMIT 2) FROM ${FRUIT}`,
      rows: [['apple,banana,pear,pear', 'pear & pear & banana & apple', 'apple & banana & pear', 'apple & banana']],
    },
    {
      name: 'ARRAY_AGG with IGNORE NULLS, ORDER BY, LIMIT, DISTINCT',
      sql: `SELECT ARRAY_AGG(fruit IGNORE NULLS ORDER BY fruit), ARRAY_AGG(DISTINCT fruit IGNORE NULLS ORDER BY fruit), ARRAY_AGG(fruit IGNORE NULLS ORDER BY fruit DESC LIMIT 2) FROM ${FRUIT}`,
      rows: [
        [
          ['apple', 'banana', 'pear', 'pear'],
          ['apple', 'banana', 'pear'],
          ['pear', 'pear'],
        ],
      ],
    },
    {
      name: 'ARRAY_AGG with a NULL element is an error',
      sql: `SELECT ARRAY_AGG(fruit) FROM ${FRUIT}`,
      error: /Array cannot have a null element/,
    },
    {
      name: 'ARRAY_AGG as a window function',
      sql: 'SELECT x, ARRAY_AGG(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM UNNEST([1, 2, 3]) AS x ORDER BY x',
      rows: [
        ['1', ['1']],
        ['2', ['1', '2']],
        ['3', ['1', '2', '3']],
      ],
    },
    {
      name: 'COUNTIF as a window function',
      sql: 'SELECT x, COUNTIF(x > 1) OVER (ORDER BY x) FROM UNNEST([1, 2, 3]) AS x ORDER BY x',
      rows: [
        ['1', '0'],
        ['2', '1'],
        ['3', '2'],
      ],
    },
    {
      name: 'LOGICAL_AND / LOGICAL_OR',
      sql: 'SELECT LOGICAL_AND(x), LOGICAL_OR(x) FROM UNNEST([true, false, true]) AS x',
      rows: [['false', 'true']],
    },
    {
      name: 'BIT_AND / BIT_OR / BIT_XOR',
      sql: 'SELECT BIT_AND(x), BIT_OR(x) FROM UNNEST([0xF001, 0x00A1]) AS x',
      rows: [['1', '61601']],
    },
    { name: 'BIT_XOR', sql: 'SELECT BIT_XOR(x) FROM UNNEST([5678, 1234]) AS x', rows: [['4860']] },
    {
      name: 'BIT_XOR of FARM_FINGERPRINT (table checksums)',
      sql: "SELECT BIT_XOR(FARM_FINGERPRINT(s)) FROM UNNEST(['1footrue', '3true']) AS s",
      rows: [[String(-1541654101129638711n ^ -4880158226897771312n)]],
    },
    { name: 'ANY_VALUE', sql: "SELECT ANY_VALUE(x) FROM UNNEST(['a']) AS x", rows: [['a']] },
    {
      name: 'APPROX_COUNT_DISTINCT (small inputs are exact)',
      sql: 'SELECT APPROX_COUNT_DISTINCT(x) FROM UNNEST([1, 1, 2, 3]) AS x',
      rows: [['3']],
    },
    {
      name: 'GROUP BY a select alias',
      sql: 'SELECT x + 1 AS y, COUNT(*) AS n FROM UNNEST([1, 1, 2]) AS x GROUP BY y ORDER BY y',
      rows: [
        ['2', '2'],
        ['3', '1'],
      ],
    },
    {
      name: 'GROUP BY a function of an aliased expression',
      sql: "SELECT UPPER(s) AS u, COUNT(*) AS n FROM (SELECT LOWER(x) AS s FROM UNNEST(['a', 'A', 'b']) AS x) GROUP BY u ORDER BY u",
      rows: [
        ['A', '2'],
        ['B', '1'],
      ],
    },
    {
      name: 'GROUP BY ordinal and HAVING',
      sql: 'SELECT MOD(x, 2) AS parity, SUM(x) FROM UNNEST([1, 2, 3, 4]) AS x GROUP BY 1 HAVING SUM(x) > 4 ORDER BY 1',
      rows: [['0', '6']],
    },
  ],
};
