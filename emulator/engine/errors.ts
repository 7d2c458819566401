/** DuckDB failures -> BigQuery errors with BigQuery-like wording where the cause is clear. */
import { BigQueryError, type TableRef } from './contract.js';

/**
 * @param tables the tables the failed statement refers to: a table or dataset dropped between
 *   the catalog check and DuckDB running the statement (a race with a concurrent delete)
 *   surfaces as a DuckDB catalog error, which BigQuery would have answered as 404 notFound.
 */
export function fromDuckDb(e: unknown, tables: readonly TableRef[] = []): BigQueryError {
  if (e instanceof BigQueryError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const msg = raw.replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
  const gone = droppedObject(msg, tables);
  if (gone) return gone;
  let m = /Referenced column "([^"]+)" not found|Column "([^"]+)" referenced that exists in the SELECT clause/.exec(
    msg,
  );
  if (m) return new BigQueryError(400, 'invalidQuery', `Unrecognized name: ${m[1] ?? m[2]}`, 'query');
  m = /Table Function with name (\w+) does not exist|Scalar Function with name (\w+) does not exist/.exec(msg);
  if (m) return new BigQueryError(400, 'invalidQuery', `Function not found: ${m[1] ?? m[2]}`, 'query');
  if (/NOT NULL constraint failed/.test(msg)) {
    const col = /constraint failed: [^.]*\.(\w+)/.exec(msg)?.[1];
    return new BigQueryError(
      400,
      'invalidQuery',
      `Required field ${col ?? ''} cannot be null`.replace('  ', ' '),
      'query',
    );
  }
  if (/Overflow|out of range/i.test(msg))
    return new BigQueryError(400, 'invalidQuery', msg.replace(/^\w+ Error: /, ''), 'query');
  if (/^Parser Error/.test(msg))
    return new BigQueryError(400, 'invalidQuery', `Syntax error: ${msg.replace(/^Parser Error: /, '')}`, 'query');
  return new BigQueryError(
    400,
    'invalidQuery',
    msg.replace(/^(Binder|Conversion|Invalid Input|Catalog|Not implemented|Constraint) Error: /, ''),
    'query',
  );
}

/** DuckDB's "no such table / schema" as BigQuery's notFound, named the way BigQuery names it. */
function droppedObject(msg: string, tables: readonly TableRef[]): BigQueryError | undefined {
  const schema =
    /does not exist because schema "([^"]+)" does not exist|Schema with name "?([^"\s!]+)"? does not exist/.exec(msg);
  if (schema) {
    const name = schema[1] ?? schema[2] ?? '';
    const dot = name.indexOf('.');
    const display = dot > 0 ? `${name.slice(0, dot)}:${name.slice(dot + 1)}` : name;
    return new BigQueryError(404, 'notFound', `Not found: Dataset ${display}`);
  }
  const table = /Table with name "?([^"\s!]+)"? does not exist/.exec(msg);
  if (!table) return undefined;
  const name = table[1]!;
  const ref = tables.find((t) => t.tableId.toLowerCase() === name.toLowerCase());
  const display = ref ? `${ref.projectId}:${ref.datasetId}.${ref.tableId}` : name;
  return new BigQueryError(404, 'notFound', `Not found: Table ${display}`);
}
