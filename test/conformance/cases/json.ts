/** JSON functions (BigQuery function reference examples). */
import type { Family } from '../case.js';
import { NOT_SUPPORTED } from '../case.js';

export const json: Family = {
  family: 'JSON',
  cases: [
    {
      name: 'JSON_VALUE: scalars as STRING, NULL for objects and arrays',
      sql: `SELECT JSON_VALUE(JSON '{"name": "Jakob", "age": "6"}', '$.age'), JSON_VALUE('{"fruits": ["apple", "banana"]}', '$.fruits'), JSON_VALUE('{"a": {"b": 1}}', '$.a'), JSON_VALUE('{"a": null}', '$.a'), JSON_VALUE('{"a": 1.5}', '$.a'), JSON_VALUE('"x"')`,
      rows: [['6', null, null, null, '1.5', 'x']],
      types: ['STRING', 'STRING', 'STRING', 'STRING', 'STRING', 'STRING'],
    },
    {
      name: 'JSON_EXTRACT_SCALAR',
      sql: `SELECT JSON_EXTRACT_SCALAR('{"a": {"b": 1}}', '$.a.b'), JSON_EXTRACT_SCALAR('{"a": {"b": 1}}', '$.a')`,
      rows: [['1', null]],
    },
    {
      name: 'JSON_QUERY on JSON returns JSON',
      sql: `SELECT JSON_QUERY(JSON '{"class": {"students": [{"name": "Jane"}]}}', '$.class')`,
      rows: [['{"students":[{"name":"Jane"}]}']],
      types: ['JSON'],
    },
    {
      name: 'JSON_QUERY / JSON_EXTRACT on STRING return STRING',
      sql: `SELECT JSON_QUERY('{"a": {"b": 1}}', '$.a'), JSON_EXTRACT('{"a": [1, 2]}', '$.a')`,
      rows: [['{"b":1}', '[1,2]']],
      types: ['STRING', 'STRING'],
    },
    {
      name: 'JSON_VALUE_ARRAY',
      sql: `SELECT JSON_VALUE_ARRAY(JSON '{"fruits": ["apples", "oranges", "grapes"]}', '$.fruits'), JSON_VALUE_ARRAY('["foo", "bar", "baz"]'), JSON_VALUE_ARRAY('{"a": 1}', '$.a')`,
      rows: [[['apples', 'oranges', 'grapes'], ['foo', 'bar', 'baz'], []]],
    },
    {
      name: 'JSON_QUERY_ARRAY',
      sql: `SELECT JSON_QUERY_ARRAY(JSON '{"fruits": ["apples", "oranges"]}', '$.fruits'), JSON_QUERY_ARRAY('[1, 2, 3]')`,
      rows: [
        [
          ['"apples"', '"oranges"'],
          ['1', '2', '3'],
        ],
      ],
    },
    {
      name: 'JSON_TYPE',
      sql: `SELECT JSON_TYPE(JSON '"apple"'), JSON_TYPE(JSON '10'), JSON_TYPE(JSON '3.14'), JSON_TYPE(JSON 'true'), JSON_TYPE(JSON 'null'), JSON_TYPE(JSON '{"a": 1}'), JSON_TYPE(JSON '[1, 2]')`,
      rows: [['string', 'number', 'number', 'boolean', 'null', 'object', 'array']],
    },
    {
      name: 'INT64 / FLOAT64 / BOOL / STRING of JSON',
      sql: `SELECT INT64(JSON '2005'), FLOAT64(JSON '9.8'), BOOL(JSON 'true'), STRING(JSON '"purple"'), INT64(JSON 'null')`,
      rows: [['2005', '9.8', 'true', 'purple', null]],
      types: ['INTEGER', 'FLOAT', 'BOOLEAN', 'STRING', 'INTEGER'],
    },
    { name: 'INT64 of a JSON string is an error', sql: `SELECT INT64(JSON '"10"')`, error: /JSON/ },
    { name: 'BOOL of a JSON number is an error', sql: `SELECT BOOL(JSON '1')`, error: /JSON/ },
    {
      name: 'JSON field access and subscripts',
      sql: `SELECT JSON '{"a": [10, 20]}'['a'][1], JSON_VALUE(JSON '{"a": [10, 20]}'['a'][0])`,
      rows: [['20', '10']],
    },
    {
      name: 'TO_JSON_STRING',
      sql: 'SELECT TO_JSON_STRING(STRUCT(1 AS id, [10, 20] AS coordinates)), TO_JSON_STRING(TO_JSON(42)), TO_JSON_STRING(JSON \'{"b": 1, "a": 2}\')',
      rows: [['{"id":1,"coordinates":[10,20]}', '42', '{"a":2,"b":1}']],
    },
    {
      name: 'TO_JSON / PARSE_JSON',
      sql: `SELECT TO_JSON(STRUCT(1 AS id, 'x' AS name)), PARSE_JSON('{"coordinates": [10, 20], "id": 1}')`,
      rows: [['{"id":1,"name":"x"}', '{"coordinates":[10,20],"id":1}']],
      types: ['JSON', 'JSON'],
    },
    {
      name: 'JSON_OBJECT / JSON_ARRAY',
      sql: `SELECT JSON_OBJECT('foo', 10, 'bar', TRUE), JSON_OBJECT(), JSON_ARRAY(10, 'foo', NULL), JSON_ARRAY(), JSON_OBJECT('a', JSON '{"b": 1}')`,
      rows: [['{"bar":true,"foo":10}', '{}', '[10,"foo",null]', '[]', '{"a":{"b":1}}']],
      types: ['JSON', 'JSON', 'JSON', 'JSON', 'JSON'],
    },
    {
      name: 'JSONPath with quoted keys',
      sql: `SELECT JSON_VALUE(JSON '{"a.b": 1}', '$."a.b"'), JSON_EXTRACT('{"a.b": {"c": 2}}', "$['a.b']")`,
      rows: [['1', '{"c":2}']],
    },
    {
      name: 'TO_JSON_STRING quotes INT64 beyond 2^53',
      sql: 'SELECT TO_JSON_STRING(9007199254740993), TO_JSON_STRING(9007199254740992), TO_JSON_STRING([-9007199254740993])',
      rows: [['"9007199254740993"', '9007199254740992', '["-9007199254740993"]']],
    },
    { name: 'JSON_SET', sql: `SELECT JSON_SET(JSON '{"a": 1}', '$.a', 2)`, notSupported: NOT_SUPPORTED },
    { name: 'JSON_REMOVE', sql: `SELECT JSON_REMOVE(JSON '{"a": 1}', '$.a')`, notSupported: NOT_SUPPORTED },
    { name: 'LAX_INT64', sql: `SELECT LAX_INT64(JSON '"10"')`, notSupported: NOT_SUPPORTED },
    { name: 'JSON_KEYS', sql: `SELECT JSON_KEYS(JSON '{"a": 1}')`, notSupported: NOT_SUPPORTED },
  ],
};
