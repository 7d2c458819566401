/** DuckDB failures -> BigQuery errors with BigQuery-like wording where the cause is clear. */
import { BigQueryError } from './contract.js';

export function fromDuckDb(e: unknown): BigQueryError {
  if (e instanceof BigQueryError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const msg = raw.replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
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
