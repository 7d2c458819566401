/** Arrays: literals, functions, subscripts, UNNEST, ARRAY subqueries (BigQuery reference examples). */
import type { Family } from '../case.js';

export const arrays: Family = {
  family: 'arrays',
  cases: [
    {
      name: 'ARRAY_CONCAT / ARRAY_LENGTH / ARRAY_REVERSE',
      sql: 'SELECT ARRAY_CONCAT([1, 2], [3, 4], [5, 6]), ARRAY_LENGTH([1, 2, 3, 4]), ARRAY_REVERSE([1, 2, 3])',
      rows: [[['1', '2', '3', '4', '5', '6'], '4', ['3', '2', '1']]],
    },
    {
      name: 'ARRAY_TO_STRING with and without null_text',
      sql: "SELECT ARRAY_TO_STRING(['coffee', 'tea', 'milk', NULL], '--', 'MISSING'), ARRAY_TO_STRING(['coffee', 'tea', 'milk', NULL], '--')",
      rows: [['coffee--tea--milk--MISSING', 'coffee--tea--milk']],
    },
    {
      name: 'GENERATE_ARRAY',
      sql: 'SELECT GENERATE_ARRAY(1, 5), GENERATE_ARRAY(0, 10, 3), GENERATE_ARRAY(10, 0, -3), GENERATE_ARRAY(4, 4, 10), GENERATE_ARRAY(10, 0, 3)',
      rows: [[['1', '2', '3', '4', '5'], ['0', '3', '6', '9'], ['10', '7', '4', '1'], ['4'], []]],
    },
    { name: 'GENERATE_ARRAY step 0 is an error', sql: 'SELECT GENERATE_ARRAY(1, 5, 0)', error: /step/ },
    {
      name: 'OFFSET / ORDINAL / SAFE_OFFSET / SAFE_ORDINAL',
      sql: "SELECT ['coffee', 'tea', 'milk'][OFFSET(1)], ['coffee', 'tea', 'milk'][ORDINAL(1)], ['coffee', 'tea', 'milk'][SAFE_OFFSET(6)], ['coffee', 'tea', 'milk'][SAFE_ORDINAL(0)], ['coffee', 'tea', 'milk'][2]",
      rows: [['tea', 'coffee', null, null, 'milk']],
    },
    { name: 'OFFSET out of range is an error', sql: 'SELECT [1, 2, 3][OFFSET(3)]', error: /out of bounds/ },
    { name: 'negative OFFSET is an error', sql: 'SELECT [1, 2, 3][OFFSET(-1)]', error: /out of bounds/ },
    { name: 'SAFE_OFFSET(-1) is NULL', sql: 'SELECT [1, 2, 3][SAFE_OFFSET(-1)]', rows: [[null]] },
    {
      name: 'subscript of a field path',
      sql: 'SELECT s.arr[OFFSET(1)] FROM (SELECT STRUCT([5, 6, 7] AS arr) AS s)',
      rows: [['6']],
    },
    {
      name: 'ARRAY subquery',
      sql: 'SELECT ARRAY(SELECT x * 2 FROM UNNEST([3, 1, 2]) AS x ORDER BY x)',
      rows: [[['2', '4', '6']]],
    },
    {
      name: 'UNNEST WITH OFFSET',
      sql: "SELECT x, off FROM UNNEST(['a', 'b', 'c']) AS x WITH OFFSET AS off ORDER BY off",
      rows: [
        ['a', '0'],
        ['b', '1'],
        ['c', '2'],
      ],
    },
    { name: 'IN UNNEST', sql: 'SELECT 2 IN UNNEST([1, 2, 3]), 5 IN UNNEST([1, 2, 3])', rows: [['true', 'false']] },
    {
      name: 'typed array literal',
      sql: 'SELECT ARRAY<INT64>[1, 2], ARRAY<STRING>[]',
      rows: [[['1', '2'], []]],
      types: ['INTEGER', 'STRING'],
    },
    {
      name: 'correlated UNNEST of an array column',
      sql: 'SELECT id, x FROM (SELECT 1 AS id, [10, 20] AS arr UNION ALL SELECT 2, [30]) AS t, t.arr AS x ORDER BY x',
      rows: [
        ['1', '10'],
        ['1', '20'],
        ['2', '30'],
      ],
    },
  ],
};
