/**
 * Writes staged rows (see types/input.ts) with DuckDB's appender: typed appends for scalar
 * columns, DuckDB values for STRUCT/ARRAY columns. GEOGRAPHY and JSON reach DuckDB as text
 * (the appender casts text to GEOMETRY/JSON); inside nested values the node API cannot build
 * GEOMETRY values, so such tables are appended to a staging table with text in those
 * places and copied over with INSERT ... SELECT, which applies the casts.
 */
import {
  BIGINT,
  BIGNUM,
  BLOB,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  INTERVAL,
  LIST,
  STRUCT,
  TIME,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  blobValue,
  dateValue,
  decimalValue,
  listValue,
  structValue,
  timeValue,
  timestampTZValue,
  timestampValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { physicalTable, schemaName } from '../sql/naming.js';
import { duckColumnDefs, quoteIdent, type Field } from '../types/schema.js';
import type { Staged } from '../types/input.js';
import type { TableRef } from './contract.js';

/** The DuckDB type used to append values of `f`; text stands in for GEOGRAPHY/JSON. */
function appendType(f: Field): DuckDBType {
  let t: DuckDBType;
  switch (f.type) {
    case 'BOOL':
      t = BOOLEAN;
      break;
    case 'INT64':
      t = BIGINT;
      break;
    case 'FLOAT64':
      t = DOUBLE;
      break;
    case 'NUMERIC':
      t = DECIMAL(38, 9);
      break;
    case 'BIGNUMERIC':
      t = BIGNUM;
      break;
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
      t = VARCHAR;
      break;
    case 'BYTES':
      t = BLOB;
      break;
    case 'DATE':
      t = DATE;
      break;
    case 'DATETIME':
      t = TIMESTAMP;
      break;
    case 'TIME':
      t = TIME;
      break;
    case 'TIMESTAMP':
      t = TIMESTAMPTZ;
      break;
    case 'INTERVAL':
      t = INTERVAL;
      break;
    case 'STRUCT': {
      const entries: Record<string, DuckDBType> = {};
      for (const c of f.fields) entries[c.name] = appendType(c);
      t = STRUCT(entries);
      break;
    }
  }
  return f.mode === 'REPEATED' ? LIST(t) : t;
}

/** A staged value as a DuckDB value of appendType(f). */
function duckValue(f: Field, v: Staged, repeatedLevel = true): DuckDBValue {
  if (v === null || v === undefined) return null;
  if (repeatedLevel && f.mode === 'REPEATED') return listValue((v as Staged[]).map((x) => duckValue(f, x, false)));
  switch (f.type) {
    case 'NUMERIC':
      return decimalValue(v as bigint, 38, 9);
    case 'BYTES':
      return blobValue(v as Uint8Array);
    case 'DATE':
      return dateValue(v as number);
    case 'DATETIME':
      return timestampValue(v as bigint);
    case 'TIME':
      return timeValue(v as bigint);
    case 'TIMESTAMP':
      return timestampTZValue(v as bigint);
    case 'STRUCT': {
      const vals = v as Staged[];
      const out: Record<string, DuckDBValue> = {};
      f.fields.forEach((c, i) => {
        out[c.name] = duckValue(c, vals[i] ?? null);
      });
      return structValue(out);
    }
    default:
      return v as DuckDBValue;
  }
}

type ColumnAppend = (a: DuckDBAppender, v: Staged) => void;

function columnAppender(f: Field): ColumnAppend {
  const nullable =
    (fn: ColumnAppend): ColumnAppend =>
    (a, v) => {
      if (v === null || v === undefined) a.appendNull();
      else fn(a, v);
    };
  if (f.mode === 'REPEATED' || f.type === 'STRUCT') {
    const type = appendType(f);
    return nullable((a, v) => a.appendValue(duckValue(f, v), type));
  }
  switch (f.type) {
    case 'BOOL':
      return nullable((a, v) => a.appendBoolean(v as boolean));
    case 'INT64':
      return nullable((a, v) => a.appendBigInt(v as bigint));
    case 'FLOAT64':
      return nullable((a, v) => a.appendDouble(v as number));
    case 'BIGNUMERIC':
      return nullable((a, v) => a.appendBigNum(v as bigint));
    case 'STRING':
    case 'GEOGRAPHY':
    case 'JSON':
    case 'INTERVAL':
      return nullable((a, v) => a.appendVarchar(v as string));
    case 'BYTES':
      return nullable((a, v) => a.appendBlob(v as Uint8Array));
    case 'DATE':
      return nullable((a, v) => a.appendDate(dateValue(v as number)));
    case 'DATETIME':
      return nullable((a, v) => a.appendTimestamp(timestampValue(v as bigint)));
    case 'TIME':
      return nullable((a, v) => a.appendTime(timeValue(v as bigint)));
    default: {
      const type = appendType(f);
      return nullable((a, v) => a.appendValue(duckValue(f, v), type));
    }
  }
}

/** GEOGRAPHY/JSON inside STRUCT or ARRAY values. */
function needsStaging(fields: readonly Field[], nested = false): boolean {
  return fields.some(
    (f) =>
      ((f.type === 'GEOGRAPHY' || f.type === 'JSON') && (nested || f.mode === 'REPEATED')) ||
      (f.type === 'STRUCT' && needsStaging(f.fields, true)),
  );
}

/** Column definitions for the staging table: nested GEOGRAPHY/JSON as VARCHAR. */
function stagingFields(fields: readonly Field[], nested = false): Field[] {
  return fields.map((f) => {
    if ((f.type === 'GEOGRAPHY' || f.type === 'JSON') && (nested || f.mode === 'REPEATED'))
      return { ...f, type: 'STRING' };
    if (f.type === 'STRUCT') return { ...f, fields: stagingFields(f.fields, true) };
    return f;
  });
}

const compiled = new WeakMap<readonly Field[], ColumnAppend[]>();

function appendersFor(fields: readonly Field[]): ColumnAppend[] {
  let a = compiled.get(fields);
  if (!a) {
    a = fields.map((f) => columnAppender(f));
    compiled.set(fields, a);
  }
  return a;
}

let stagingCounter = 0;

/**
 * Appends rows inside one transaction on the (exclusively held) writer connection: either
 * every row is stored or none.
 */
export async function appendRows(
  conn: DuckDBConnection,
  ref: TableRef,
  fields: readonly Field[],
  rows: readonly Staged[][],
  /** The table stores more columns than `fields` (ingestion time): write them by name. */
  hiddenColumns = false,
): Promise<void> {
  if (rows.length === 0) return;
  const appenders = appendersFor(fields);
  // The appender fills every column in order: a table with a hidden column goes through a
  // staging table and an INSERT naming the columns, so the hidden one takes its DEFAULT.
  const staging = hiddenColumns || needsStaging(fields);
  const stageName = `__bq_stage_${++stagingCounter}`;
  await conn.run('BEGIN TRANSACTION');
  try {
    let appender: DuckDBAppender;
    if (staging) {
      await conn.run(
        `CREATE TEMP TABLE ${quoteIdent(stageName)} (${duckColumnDefs(stagingFields(fields)).replace(/ NOT NULL/g, '')})`,
      );
      appender = await conn.createAppender(stageName, 'main', 'temp');
    } else {
      appender = await conn.createAppender(ref.tableId, schemaName(ref.projectId, ref.datasetId));
    }
    try {
      for (const row of rows) {
        for (let c = 0; c < appenders.length; c++) (appenders[c] as ColumnAppend)(appender, row[c] ?? null);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    if (staging) {
      const cols = fields.map((f) => quoteIdent(f.name)).join(', ');
      await conn.run(`INSERT INTO ${physicalTable(ref)} (${cols}) SELECT * FROM temp.main.${quoteIdent(stageName)}`);
      await conn.run(`DROP TABLE temp.main.${quoteIdent(stageName)}`);
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
