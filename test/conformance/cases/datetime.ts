/** Date, datetime, time and timestamp functions (BigQuery function reference examples). */
import type { Family } from '../case.js';

const ts = (iso: string): string => String(BigInt(Date.parse(iso)) * 1000n);

export const datetime: Family = {
  family: 'date and time',
  cases: [
    { name: 'DATE_DIFF DAY', sql: "SELECT DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY)", rows: [['559']] },
    {
      name: 'DATE_DIFF WEEK counts Sunday-start week boundaries',
      sql: "SELECT DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', DAY), DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', WEEK)",
      rows: [['1', '1']],
    },
    {
      name: 'DATE_DIFF WEEK / WEEK(MONDAY) / ISOWEEK',
      sql: "SELECT DATE_DIFF(DATE '2017-12-18', DATE '2017-12-17', WEEK), DATE_DIFF(DATE '2017-12-18', DATE '2017-12-17', WEEK(MONDAY)), DATE_DIFF(DATE '2017-12-18', DATE '2017-12-17', ISOWEEK)",
      rows: [['0', '1', '1']],
    },
    {
      name: 'DATE_DIFF YEAR / ISOYEAR',
      sql: "SELECT DATE_DIFF('2017-12-30', '2014-12-30', YEAR), DATE_DIFF('2017-12-30', '2014-12-30', ISOYEAR)",
      rows: [['3', '2']],
    },
    {
      name: 'DATE_DIFF MONTH counts boundaries',
      sql: "SELECT DATE_DIFF(DATE '2018-01-01', DATE '2017-12-31', MONTH), DATE_DIFF(DATE '2017-12-31', DATE '2018-01-01', DAY)",
      rows: [['1', '-1']],
    },
    {
      name: 'DATE_DIFF WEEK before 1970',
      sql: "SELECT DATE_DIFF(DATE '1969-12-28', DATE '1969-12-27', WEEK), DATE_DIFF(DATE '1969-12-27', DATE '1969-12-21', WEEK)",
      rows: [['1', '0']],
    },
    {
      name: 'DATE_TRUNC',
      sql: "SELECT DATE_TRUNC(DATE '2008-12-25', MONTH), DATE_TRUNC(DATE '2017-11-05', WEEK(MONDAY)), DATE_TRUNC(DATE '2015-06-15', ISOYEAR)",
      rows: [['2008-12-01', '2017-10-30', '2014-12-29']],
    },
    {
      name: 'DATE_ADD / DATE_SUB',
      sql: "SELECT DATE_ADD(DATE '2008-12-25', INTERVAL 5 DAY), DATE_SUB(DATE '2008-12-25', INTERVAL 5 DAY), DATE_ADD(DATE '2024-01-31', INTERVAL 1 MONTH)",
      rows: [['2008-12-30', '2008-12-20', '2024-02-29']],
      types: ['DATE', 'DATE', 'DATE'],
    },
    {
      name: 'LAST_DAY',
      sql: "SELECT LAST_DAY(DATE '2008-11-25'), LAST_DAY(DATE '2008-11-25', YEAR), LAST_DAY(DATE '2008-11-10', WEEK(MONDAY)), LAST_DAY(DATE '2008-11-10', WEEK), LAST_DAY(DATE '2008-11-25', QUARTER)",
      rows: [['2008-11-30', '2008-12-31', '2008-11-16', '2008-11-15', '2008-12-31']],
    },
    {
      name: 'EXTRACT week parts',
      sql: `SELECT d, EXTRACT(ISOYEAR FROM d), EXTRACT(ISOWEEK FROM d), EXTRACT(YEAR FROM d), EXTRACT(WEEK FROM d)
            FROM UNNEST([DATE '2005-01-03', DATE '2007-12-31', DATE '2009-01-01', DATE '2009-12-31', DATE '2017-01-02', DATE '2017-05-26']) AS d ORDER BY d`,
      rows: [
        ['2005-01-03', '2005', '1', '2005', '1'],
        ['2007-12-31', '2008', '1', '2007', '52'],
        ['2009-01-01', '2009', '1', '2009', '0'],
        ['2009-12-31', '2009', '53', '2009', '52'],
        ['2017-01-02', '2017', '1', '2017', '1'],
        ['2017-05-26', '2017', '21', '2017', '21'],
      ],
    },
    { name: 'EXTRACT DAYOFWEEK', sql: "SELECT EXTRACT(DAYOFWEEK FROM DATE '2008-12-25')", rows: [['5']] },
    {
      name: 'FORMAT_DATE',
      sql: "SELECT FORMAT_DATE('%x', DATE '2008-12-25'), FORMAT_DATE('%b-%d-%Y', DATE '2008-12-25'), FORMAT_DATE('%b %Y', DATE '2008-12-25')",
      rows: [['12/25/08', 'Dec-25-2008', 'Dec 2008']],
    },
    {
      name: 'PARSE_DATE',
      sql: "SELECT PARSE_DATE('%Y%m%d', '20081225'), PARSE_DATE('%A %b %e %Y', 'Thursday Dec 25 2008')",
      rows: [['2008-12-25', '2008-12-25']],
    },
    {
      name: 'UNIX_DATE / DATE_FROM_UNIX_DATE',
      sql: "SELECT UNIX_DATE(DATE '2008-12-25'), DATE_FROM_UNIX_DATE(14238)",
      rows: [['14238', '2008-12-25']],
    },
    {
      name: 'DATE constructors',
      sql: "SELECT DATE(2016, 12, 25), DATE(DATETIME '2016-12-25 23:59:59'), DATE(TIMESTAMP '2016-12-25 05:30:00+07', 'America/Los_Angeles')",
      rows: [['2016-12-25', '2016-12-25', '2016-12-24']],
    },
    {
      name: 'TIMESTAMP_DIFF truncates elapsed units',
      sql: "SELECT TIMESTAMP_DIFF(TIMESTAMP '2010-07-07 10:20:00+00', TIMESTAMP '2008-12-25 15:30:00+00', HOUR), TIMESTAMP_DIFF(TIMESTAMP '2018-08-14', TIMESTAMP '2018-10-14', DAY), TIMESTAMP_DIFF(TIMESTAMP '2001-02-01 01:00:00', TIMESTAMP '2001-02-01 00:00:01', HOUR)",
      rows: [['13410', '-61', '0']],
    },
    {
      name: 'TIMESTAMP_TRUNC with a time zone',
      sql: "SELECT TIMESTAMP_TRUNC(TIMESTAMP '2008-12-25 15:30:00+00', DAY, 'UTC'), TIMESTAMP_TRUNC(TIMESTAMP '2008-12-25 15:30:00+00', DAY, 'America/Los_Angeles')",
      rows: [[ts('2008-12-25T00:00:00Z'), ts('2008-12-25T08:00:00Z')]],
    },
    {
      name: 'TIMESTAMP_ADD / TIMESTAMP_SUB',
      sql: "SELECT TIMESTAMP_ADD(TIMESTAMP '2008-12-25 15:30:00+00', INTERVAL 10 MINUTE), TIMESTAMP_SUB(TIMESTAMP '2008-12-25 15:30:00+00', INTERVAL 10 MINUTE)",
      rows: [[ts('2008-12-25T15:40:00Z'), ts('2008-12-25T15:20:00Z')]],
    },
    {
      name: 'TIMESTAMP_SECONDS / MILLIS / MICROS',
      sql: 'SELECT TIMESTAMP_SECONDS(1230219000), TIMESTAMP_MILLIS(1230219000000), TIMESTAMP_MICROS(1230219000000000)',
      rows: [[ts('2008-12-25T15:30:00Z'), ts('2008-12-25T15:30:00Z'), ts('2008-12-25T15:30:00Z')]],
      types: ['TIMESTAMP', 'TIMESTAMP', 'TIMESTAMP'],
    },
    {
      name: 'TIMESTAMP_FROM_UNIX_SECONDS / MILLIS / MICROS',
      sql: 'SELECT TIMESTAMP_FROM_UNIX_SECONDS(1230219000), TIMESTAMP_FROM_UNIX_MILLIS(1230219000000), TIMESTAMP_FROM_UNIX_MICROS(1230219000000000)',
      rows: [[ts('2008-12-25T15:30:00Z'), ts('2008-12-25T15:30:00Z'), ts('2008-12-25T15:30:00Z')]],
      types: ['TIMESTAMP', 'TIMESTAMP', 'TIMESTAMP'],
    },
    {
      name: 'UNIX_SECONDS / MILLIS / MICROS',
      sql: "SELECT UNIX_SECONDS(TIMESTAMP '2008-12-25 15:30:00+00'), UNIX_MILLIS(TIMESTAMP '2008-12-25 15:30:00+00'), UNIX_MICROS(TIMESTAMP '2008-12-25 15:30:00+00')",
      rows: [['1230219000', '1230219000000', '1230219000000000']],
    },
    {
      name: 'STRING(timestamp[, zone])',
      sql: "SELECT STRING(TIMESTAMP '2008-12-25 15:30:00+00', 'UTC'), STRING(TIMESTAMP '2008-12-25 15:30:00+00', 'America/Los_Angeles'), STRING(TIMESTAMP '2008-12-25 15:30:00+00', 'Asia/Kolkata')",
      rows: [['2008-12-25 15:30:00+00', '2008-12-25 07:30:00-08', '2008-12-25 21:00:00+05:30']],
    },
    {
      name: 'FORMAT_TIMESTAMP',
      sql: "SELECT FORMAT_TIMESTAMP('%c', TIMESTAMP '2050-12-25 15:30:55+00', 'UTC'), FORMAT_TIMESTAMP('%b-%d-%Y', TIMESTAMP '2050-12-25 15:30:55+00'), FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', TIMESTAMP '2050-12-25 15:30:55+00', 'UTC')",
      rows: [['Sun Dec 25 15:30:55 2050', 'Dec-25-2050', '2050-12-25T15:30:55Z']],
    },
    {
      name: 'PARSE_TIMESTAMP',
      sql: "SELECT PARSE_TIMESTAMP('%c', 'Thu Dec 25 07:30:00 2008')",
      rows: [[ts('2008-12-25T07:30:00Z')]],
    },
    {
      name: 'DATETIME_DIFF counts boundaries',
      sql: "SELECT DATETIME_DIFF(DATETIME '2010-07-07 10:20:00', DATETIME '2008-12-25 15:30:00', DAY), DATETIME_DIFF(DATETIME '2017-10-15 00:00:00', DATETIME '2017-10-14 00:00:00', WEEK), DATETIME_DIFF(DATETIME '2017-12-30 00:00:00', DATETIME '2014-12-30 00:00:00', ISOYEAR)",
      rows: [['559', '1', '2']],
    },
    {
      name: 'DATETIME_TRUNC / DATETIME_ADD',
      sql: "SELECT DATETIME_TRUNC(DATETIME '2008-12-25 15:30:00', DAY), DATETIME_TRUNC(DATETIME '2017-11-05 00:00:00', WEEK(MONDAY)), DATETIME_ADD(DATETIME '2008-12-25 15:30:00', INTERVAL 10 MINUTE)",
      rows: [['2008-12-25T00:00:00', '2017-10-30T00:00:00', '2008-12-25T15:40:00']],
    },
    {
      name: 'DATETIME constructors',
      sql: "SELECT DATETIME(2008, 12, 25, 05, 30, 00), DATETIME(TIMESTAMP '2008-12-25 05:30:00+00', 'America/Los_Angeles')",
      rows: [['2008-12-25T05:30:00', '2008-12-24T21:30:00']],
      types: ['DATETIME', 'DATETIME'],
    },
    {
      name: 'FORMAT_DATETIME / PARSE_DATETIME',
      sql: "SELECT FORMAT_DATETIME('%c', DATETIME '2008-12-25 15:30:00'), PARSE_DATETIME('%Y-%m-%d %H:%M:%S', '1998-10-18 13:45:55')",
      rows: [['Thu Dec 25 15:30:00 2008', '1998-10-18T13:45:55']],
    },
    {
      name: 'TIME constructors',
      sql: "SELECT TIME(15, 30, 00), TIME(TIMESTAMP '2008-12-25 15:30:00+08', 'America/Los_Angeles'), TIME(DATETIME '2008-12-25 15:30:00.000000')",
      rows: [['15:30:00', '23:30:00', '15:30:00']],
      types: ['TIME', 'TIME', 'TIME'],
    },
    {
      name: 'TIME_ADD / TIME_SUB',
      sql: "SELECT TIME_ADD(TIME '15:30:00', INTERVAL 10 MINUTE), TIME_SUB(TIME '15:30:00', INTERVAL 10 MINUTE)",
      rows: [['15:40:00', '15:20:00']],
    },
    { name: 'TIME_DIFF', sql: "SELECT TIME_DIFF(TIME '15:30:00', TIME '14:35:00', MINUTE)", rows: [['55']] },
    { name: 'TIME_TRUNC', sql: "SELECT TIME_TRUNC(TIME '15:30:00', HOUR)", rows: [['15:00:00']] },
    { name: 'FORMAT_TIME', sql: "SELECT FORMAT_TIME('%R', TIME '15:30:00')", rows: [['15:30']] },
    { name: 'PARSE_TIME', sql: "SELECT PARSE_TIME('%H', '15')", rows: [['15:00:00']], types: ['TIME'] },
    {
      name: 'CURRENT_* functions',
      sql: 'SELECT CURRENT_TIME() IS NOT NULL, CURRENT_DATE() IS NOT NULL, CURRENT_DATETIME() IS NOT NULL, CURRENT_TIMESTAMP() IS NOT NULL, CURRENT_DATE',
      rows: [['true', 'true', 'true', 'true', new Date().toISOString().slice(0, 10)]],
    },
    {
      name: 'GENERATE_DATE_ARRAY',
      sql: "SELECT GENERATE_DATE_ARRAY('2016-10-05', '2016-10-08'), GENERATE_DATE_ARRAY('2016-10-05', '2016-10-09', INTERVAL 2 DAY), ARRAY_LENGTH(GENERATE_DATE_ARRAY('2016-01-01', '2016-12-31', INTERVAL 1 MONTH))",
      rows: [
        [['2016-10-05', '2016-10-06', '2016-10-07', '2016-10-08'], ['2016-10-05', '2016-10-07', '2016-10-09'], '12'],
      ],
    },
    {
      name: 'GENERATE_TIMESTAMP_ARRAY',
      sql: "SELECT GENERATE_TIMESTAMP_ARRAY('2016-10-05 00:00:00', '2016-10-05 00:00:02', INTERVAL 1 SECOND)",
      rows: [[[ts('2016-10-05T00:00:00Z'), ts('2016-10-05T00:00:01Z'), ts('2016-10-05T00:00:02Z')]]],
    },
  ],
};
