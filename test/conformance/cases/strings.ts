/** String and bytes functions (BigQuery function reference examples). */
import type { Family } from '../case.js';
import { NOT_SUPPORTED } from '../case.js';

export const strings: Family = {
  family: 'strings',
  cases: [
    {
      name: 'CONCAT (NULL in, NULL out)',
      sql: "SELECT CONCAT('T.P.', ' ', 'Bar'), CONCAT('a', NULL), 'a' || 'b'",
      rows: [['T.P. Bar', null, 'ab']],
    },
    { name: 'LENGTH / BYTE_LENGTH', sql: "SELECT LENGTH('абвгд'), BYTE_LENGTH('абвгд')", rows: [['5', '10']] },
    { name: 'LOWER / UPPER', sql: "SELECT LOWER('FOO BAR'), UPPER('foo bar')", rows: [['foo bar', 'FOO BAR']] },
    {
      name: 'LPAD / RPAD',
      sql: "SELECT LPAD('abc', 5), LPAD('abc', 2), LPAD('abc', 8, 'def'), RPAD('abc', 8, 'def'), RPAD('abc', 5)",
      rows: [['  abc', 'ab', 'defdeabc', 'abcdefde', 'abc  ']],
    },
    {
      name: 'REPEAT / REVERSE / REPLACE',
      sql: "SELECT REPEAT('abc', 3), REVERSE('abc'), REPLACE('apple pie', 'pie', 'cobbler')",
      rows: [['abcabcabc', 'cba', 'apple cobbler']],
    },
    {
      name: 'SPLIT',
      sql: "SELECT SPLIT('a,b,c', ','), SPLIT('a b', ' '), SPLIT('', ',')",
      rows: [[['a', 'b', 'c'], ['a', 'b'], ['']]],
    },
    {
      name: 'STARTS_WITH / ENDS_WITH / STRPOS / INSTR',
      sql: "SELECT STARTS_WITH('foo', 'b'), ENDS_WITH('apple', 'e'), STRPOS('foo@example.com', '@'), INSTR('banana', 'an')",
      rows: [['false', 'true', '4', '2']],
    },
    {
      name: 'SUBSTR',
      sql: "SELECT SUBSTR('apple', 2), SUBSTR('apple', 2, 2), SUBSTR('apple', -2), SUBSTR('apple', 1, 123), SUBSTR('apple', 123), SUBSTR('apple', 0, 2)",
      rows: [['pple', 'pp', 'le', 'apple', '', 'ap']],
    },
    {
      name: 'SUBSTR before the start begins at 1',
      sql: "SELECT SUBSTR('apple', -10, 3), SUBSTR('apple', -123)",
      rows: [['app', 'apple']],
    },
    { name: 'SUBSTR with a negative length is an error', sql: "SELECT SUBSTR('apple', 2, -1)", error: /negative/ },
    { name: 'LEFT with a negative length is an error', sql: "SELECT LEFT('apple', -1)", error: /negative/ },
    { name: 'REPEAT with a negative count is an error', sql: "SELECT REPEAT('a', -1)", error: /negative/ },
    { name: 'LPAD with a negative length is an error', sql: "SELECT LPAD('abc', -1)", error: /negative/ },
    { name: 'INITCAP', sql: "SELECT INITCAP('Hello World-everyone!')", notSupported: NOT_SUPPORTED },
    {
      name: 'TRIM / LTRIM / RTRIM',
      sql: "SELECT TRIM('   apple   '), TRIM('***apple***', '*'), LTRIM('   apple'), RTRIM('apple***', '*')",
      rows: [['apple', 'apple', 'apple', 'apple']],
    },
    {
      name: 'LEFT / RIGHT',
      sql: "SELECT LEFT('apple', 3), RIGHT('apple', 3)",
      rows: [['app', 'ple']],
    },
    {
      name: 'REGEXP_CONTAINS',
      sql: "SELECT REGEXP_CONTAINS('foo@example.com', r'@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+'), REGEXP_CONTAINS('www.example.net', r'@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+')",
      rows: [['true', 'false']],
    },
    {
      name: 'REGEXP_EXTRACT (whole match, capture group, no match)',
      sql: "SELECT REGEXP_EXTRACT('foo@example.com', r'^[a-zA-Z0-9_.+-]+'), REGEXP_EXTRACT('foo@example.com', r'^([a-z]+)@'), REGEXP_EXTRACT('xyz', r'\\d+')",
      rows: [['foo', 'foo', null]],
    },
    {
      name: 'REGEXP_EXTRACT_ALL',
      sql: "SELECT REGEXP_EXTRACT_ALL('Try `func(x)` or `func(y)`', '`(.+?)`')",
      rows: [[['func(x)', 'func(y)']]],
    },
    {
      name: 'REGEXP_REPLACE',
      sql: "SELECT REGEXP_REPLACE('# Heading', r'^# ([a-zA-Z0-9\\s]+$)', '<h1>\\\\1</h1>'), REGEXP_REPLACE('a1b22', r'\\d', '#')",
      rows: [['<h1>Heading</h1>', 'a#b##']],
    },
    {
      name: 'FORMAT',
      sql: "SELECT FORMAT('%d', 10), FORMAT('%5d|', 10), FORMAT('%s-%s', 'a', 'b'), FORMAT('%.3f', 1.5)",
      rows: [['10', '   10|', 'a-b', '1.500']],
    },
    {
      name: 'TO_HEX / FROM_HEX / TO_BASE64 / FROM_BASE64',
      sql: "SELECT TO_HEX(b'\\x00\\x01\\x02\\x03\\xAA\\xEE\\xEF\\xFF'), FROM_HEX('00010203aaeeefff'), TO_BASE64(b'\\377\\340'), FROM_BASE64('/+A=')",
      rows: [['00010203aaeeefff', 'AAECA6ru7/8=', '/+A=', '/+A=']],
      types: ['STRING', 'BYTES', 'STRING', 'BYTES'],
    },
    {
      name: 'MD5 / SHA1 / SHA256',
      sql: "SELECT MD5('Hello World'), SHA1('Hello World'), SHA256('Hello World')",
      rows: [
        ['sQqNsWTgdUEFt6mb5y4/5Q==', 'Ck1VqNd45QIvq3AZd8XYQLvEhtA=', 'pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4='],
      ],
      types: ['BYTES', 'BYTES', 'BYTES'],
    },
    { name: 'ASCII / CHR', sql: "SELECT ASCII('abcd'), CHR(65)", rows: [['97', 'A']] },
    {
      name: 'FARM_FINGERPRINT',
      sql: "SELECT FARM_FINGERPRINT('1footrue'), FARM_FINGERPRINT('3true')",
      rows: [['-1541654101129638711', '-4880158226897771312']],
    },
    {
      name: 'CAST between STRING and BYTES',
      sql: "SELECT CAST(b'abc' AS STRING), CAST('abc' AS BYTES)",
      rows: [['abc', 'YWJj']],
    },
  ],
};
