/** Math and conditional functions, arithmetic errors (BigQuery function reference examples). */
import type { Family } from '../case.js';

export const math: Family = {
  family: 'math and conditionals',
  cases: [
    {
      name: 'MOD / DIV',
      sql: 'SELECT MOD(25, 12), MOD(-5, 3), DIV(20, 4), DIV(12, -7), DIV(-20, 3)',
      rows: [['1', '-2', '5', '-1', '-6']],
    },
    { name: 'DIV by zero is an error', sql: 'SELECT DIV(1, 0)', error: /division by zero/ },
    { name: 'MOD by zero is an error', sql: 'SELECT MOD(1, 0)', error: /division by zero/ },
    { name: '/ by zero is an error', sql: 'SELECT 1 / 0', error: /division by zero/ },
    {
      name: '/ by a zero column is an error',
      sql: 'SELECT 10 / x FROM UNNEST([2, 0]) AS x',
      error: /division by zero/,
    },
    {
      name: '/ returns FLOAT64',
      sql: 'SELECT 10 / 4, -(10 / -4), 1 / x.y FROM (SELECT STRUCT(2 AS y) AS x)',
      rows: [['2.5', '2.5', '0.5']],
      types: ['FLOAT', 'FLOAT', 'FLOAT'],
    },
    {
      name: 'IEEE_DIVIDE / SAFE_DIVIDE',
      sql: 'SELECT IEEE_DIVIDE(1, 0), IEEE_DIVIDE(0, 0), SAFE_DIVIDE(1, 0), SAFE_DIVIDE(6, 3)',
      rows: [['Infinity', 'NaN', null, '2.0']],
    },
    {
      name: 'ROUND / TRUNC / CEIL / FLOOR (halfway away from zero)',
      sql: "SELECT ROUND(2.5), ROUND(-2.5), ROUND(2.0), TRUNC(2.8), CEIL(2.1), FLOOR(-2.1), ROUND(NUMERIC '2.25', 1)",
      rows: [['3.0', '-3.0', '2.0', '2.0', '3.0', '-3.0', '2.3']],
    },
    {
      name: 'ABS / SIGN / SQRT / POW / EXP / LN / LOG / LOG10',
      sql: 'SELECT ABS(-5), SIGN(-3), SQRT(25), POW(2, 10), EXP(0), LN(1), LOG(100, 10), LOG10(100)',
      rows: [['5', '-1', '5.0', '1024.0', '1.0', '0.0', '2.0', '2.0']],
    },
    {
      name: 'GREATEST / LEAST (NULL if any argument is NULL)',
      sql: 'SELECT GREATEST(1, 5, 3), LEAST(1, 5, 3), GREATEST(1, NULL), LEAST(NULL, 2)',
      rows: [['5', '1', null, null]],
    },
    {
      name: 'SAFE_ADD / SAFE_SUBTRACT / SAFE_MULTIPLY / SAFE_NEGATE',
      sql: 'SELECT SAFE_ADD(9223372036854775807, 1), SAFE_ADD(1, 2), SAFE_SUBTRACT(5, 4), SAFE_MULTIPLY(3, 4), SAFE_NEGATE(1)',
      rows: [[null, '3', '1', '12', '-1']],
    },
    { name: 'INT64 overflow is an error', sql: 'SELECT 9223372036854775807 + 1', error: /overflow|out of range/i },
    {
      name: 'IS_NAN / IS_INF',
      sql: "SELECT IS_NAN(CAST('NaN' AS FLOAT64)), IS_INF(CAST('inf' AS FLOAT64)), IS_NAN(1.0)",
      rows: [['true', 'true', 'false']],
    },
    { name: 'RAND is in [0, 1)', sql: 'SELECT RAND() >= 0 AND RAND() < 1', rows: [['true']] },
    {
      name: 'IF / IFNULL / NULLIF / COALESCE / CASE',
      sql: "SELECT IF(1 > 0, 'a', 'b'), IFNULL(NULL, 0), NULLIF(0, 0), COALESCE(NULL, 'b', 'c'), CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
      rows: [['a', '0', null, 'b', 'two']],
    },
    {
      name: 'trigonometry',
      sql: 'SELECT SIN(0), COS(0), TAN(0), ATAN(0), ATAN2(0, 1)',
      rows: [['0.0', '1.0', '0.0', '0.0', '0.0']],
    },
  ],
};
