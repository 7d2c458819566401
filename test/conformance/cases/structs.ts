/** STRUCT values: literals, field access, comparison, arrays of structs. */
import type { Family } from '../case.js';

const ARR = "[STRUCT(1 AS a, 'x' AS b), STRUCT(2, 'y')]";

export const structs: Family = {
  family: 'structs',
  cases: [
    {
      name: "later array elements take the first element's field names",
      sql: `SELECT TO_JSON_STRING(${ARR})`,
      rows: [['[{"a":1,"b":"x"},{"a":2,"b":"y"}]']],
    },
    {
      name: 'GROUP BY a field of an array-of-STRUCT element',
      sql: `SELECT s.a, COUNT(*) FROM UNNEST(${ARR}) AS s GROUP BY s.a ORDER BY s.a`,
      rows: [
        ['1', '1'],
        ['2', '1'],
      ],
    },
    {
      name: 'UNNEST of an array field of each struct keeps every row',
      sql: 'SELECT x FROM UNNEST([STRUCT([1, 2] AS arr), STRUCT([3])]) AS s, UNNEST(s.arr) AS x ORDER BY x',
      rows: [['1'], ['2'], ['3']],
    },
    {
      name: 'UNNEST of STRUCTs is a value table: * and bare names see the fields',
      sql: `SELECT * FROM UNNEST(${ARR})`,
      rows: [
        ['1', 'x'],
        ['2', 'y'],
      ],
      types: ['INTEGER', 'STRING'],
    },
    {
      name: 'UNNEST of STRUCTs: the alias is the whole struct',
      sql: `SELECT a, s, TO_JSON_STRING(s) FROM UNNEST(${ARR}) AS s ORDER BY a`,
      rows: [
        ['1', ['1', 'x'], '{"a":1,"b":"x"}'],
        ['2', ['2', 'y'], '{"a":2,"b":"y"}'],
      ],
    },
    {
      name: 'STRUCT equality is by position, names ignored',
      sql: 'SELECT STRUCT(1 AS a, 2 AS b) = STRUCT(1 AS x, 2 AS y), STRUCT(1, 2) = STRUCT(1 AS x, 3 AS y), STRUCT(1 AS a) != STRUCT(2 AS b)',
      rows: [['true', 'false', 'true']],
    },
    {
      name: 'field access on literals and subscripts',
      sql: 'SELECT STRUCT(1 AS a).a, [STRUCT(7 AS a)][OFFSET(0)].a, (SELECT AS_s.b FROM (SELECT STRUCT(5 AS b) AS AS_s))',
      rows: [['1', '7', '5']],
    },
    {
      name: 'STRUCT in the result is a RECORD',
      sql: "SELECT STRUCT(1 AS a, 'x' AS b) AS s",
      rows: [[['1', 'x']]],
      types: ['RECORD'],
    },
    {
      name: 'typed STRUCT literal',
      sql: "SELECT STRUCT<a INT64, b STRING>(1, 'x').b",
      rows: [['x']],
    },
    {
      name: 'tuple comparison',
      sql: 'SELECT (1, 2) < (1, 3), (2, 1) > (1, 9), (1, 2) = (1, 2)',
      rows: [['true', 'true', 'true']],
    },
  ],
};
