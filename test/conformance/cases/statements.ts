/** DDL, DML and query clauses on stored tables. */
import type { Family } from '../case.js';
import { NOT_SUPPORTED } from '../case.js';

/** A table several cases read; IF NOT EXISTS keeps them independent of each other's order. */
const SHARED = 'CREATE TABLE IF NOT EXISTS conf.shared (id INT64, n INT64)';

export const statements: Family = {
  family: 'statements and clauses',
  cases: [
    {
      name: 'CREATE TABLE with PRIMARY KEY NOT ENFORCED',
      setup: ['CREATE TABLE conf.pk (id INT64, name STRING, PRIMARY KEY (id) NOT ENFORCED)'],
      sql: "INSERT INTO conf.pk (id, name) VALUES (1, 'a')",
      rows: [],
    },
    {
      name: 'CREATE TABLE with PARTITION BY / CLUSTER BY / OPTIONS',
      setup: [
        "CREATE TABLE conf.part (id INT64, ts TIMESTAMP) PARTITION BY DATE(ts) CLUSTER BY id OPTIONS (description = 'x')",
        "INSERT INTO conf.part (id, ts) VALUES (1, TIMESTAMP '2024-01-01 10:00:00+00'), (2, TIMESTAMP '2024-01-02 10:00:00+00')",
      ],
      sql: 'SELECT id FROM conf.part ORDER BY id',
      rows: [['1'], ['2']],
    },
    {
      name: 'MERGE with a table source (update, insert)',
      setup: [
        'CREATE TABLE conf.tgt (id INT64, name STRING)',
        'CREATE TABLE conf.src (id INT64, name STRING)',
        "INSERT INTO conf.tgt (id, name) VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO conf.src (id, name) VALUES (1, 'A'), (3, 'C')",
        'MERGE conf.tgt T USING conf.src S ON T.id = S.id WHEN MATCHED THEN UPDATE SET name = S.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (S.id, S.name)',
      ],
      sql: 'SELECT id, name FROM conf.tgt ORDER BY id',
      rows: [
        ['1', 'A'],
        ['2', 'b'],
        ['3', 'C'],
      ],
    },
    {
      name: 'MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE with a subquery source',
      setup: [
        'CREATE TABLE conf.tgt2 (id INT64)',
        'INSERT INTO conf.tgt2 (id) VALUES (1), (2)',
        'MERGE conf.tgt2 T USING (SELECT 1 AS id) S ON T.id = S.id WHEN NOT MATCHED BY SOURCE THEN DELETE',
      ],
      sql: 'SELECT id FROM conf.tgt2',
      rows: [['1']],
    },
    {
      name: 'UPDATE / DELETE',
      setup: [
        'CREATE TABLE conf.ud (id INT64, n INT64)',
        'INSERT INTO conf.ud (id, n) VALUES (1, 10), (2, 20), (3, 30)',
        'UPDATE conf.ud SET n = n + 1 WHERE id = 2',
        'DELETE FROM conf.ud WHERE id = 3',
      ],
      sql: 'SELECT id, n FROM conf.ud ORDER BY id',
      rows: [
        ['1', '10'],
        ['2', '21'],
      ],
    },
    { name: 'UPDATE needs a WHERE clause', setup: [SHARED], sql: 'UPDATE conf.shared SET n = 0', error: /WHERE/ },
    {
      name: 'LIMIT CAST(@n AS INT64)',
      sql: 'SELECT x FROM UNNEST([1, 2, 3]) AS x ORDER BY x LIMIT CAST(@n AS INT64)',
      rows: [['1'], ['2']],
    },
    {
      name: 'WITH, window functions, QUALIFY',
      sql: 'WITH t AS (SELECT x, MOD(x, 2) AS g FROM UNNEST([1, 2, 3, 4]) AS x) SELECT g, x FROM t WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY g ORDER BY x DESC) = 1 ORDER BY g',
      rows: [
        ['0', '4'],
        ['1', '3'],
      ],
    },
    {
      name: 'UNION ALL / EXCEPT DISTINCT',
      sql: 'SELECT 1 AS x UNION ALL SELECT 2 EXCEPT DISTINCT SELECT 2',
      rows: [['1']],
    },
    {
      name: 'ORDER BY puts NULLs first ascending',
      sql: 'SELECT x FROM UNNEST([2, NULL, 1]) AS x ORDER BY x',
      rows: [[null], ['1'], ['2']],
    },
    {
      name: 'multi-statement script',
      sql: 'DECLARE x INT64 DEFAULT 3; SELECT x',
      notSupported: NOT_SUPPORTED,
    },
    { name: 'SELECT AS STRUCT', sql: 'SELECT AS STRUCT 1 AS a', notSupported: NOT_SUPPORTED },
    {
      name: 'TABLESAMPLE',
      setup: [SHARED],
      sql: 'SELECT * FROM conf.shared TABLESAMPLE SYSTEM (10 PERCENT)',
      notSupported: NOT_SUPPORTED,
    },
    {
      name: 'FOR SYSTEM_TIME AS OF',
      setup: [SHARED],
      sql: 'SELECT * FROM conf.shared FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()',
      notSupported: NOT_SUPPORTED,
    },
  ],
};
