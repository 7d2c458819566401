/**
 * One conformance case: GoogleSQL in, what BigQuery answers through the REST API out
 * (rows of `{f:[{v}]}` cells unwrapped: INT64 as decimal strings, TIMESTAMP as int64
 * microseconds because the official client asks for useInt64Timestamp, BYTES as base64,
 * DATETIME as `YYYY-MM-DDTHH:MM:SS`, FLOAT64 Java-style: `3.0`, `Infinity`).
 * Expected values come from BigQuery's public function reference, not from this engine.
 */
export interface ConformanceCase {
  /** What the case checks: a function or construct name. */
  name: string;
  sql: string;
  /** Statements run first, in order, on the shared engine (DDL/DML cases). */
  setup?: string[];
  /** Expected rows; cell values as BigQuery's REST API returns them. */
  rows?: unknown[][];
  /** Expected result column types as BigQuery names them in the schema (INTEGER, FLOAT, ...). */
  types?: string[];
  /** BigQuery raises an error too: the local server must do the same (HTTP 400). */
  error?: RegExp;
  /** BigQuery answers, the local server does not: it must say so clearly (400, naming the feature). */
  notSupported?: RegExp;
  /** Compare rows ignoring their order (no ORDER BY in the query). */
  unordered?: boolean;
}

export interface Family {
  family: string;
  cases: ConformanceCase[];
}

/** The message every not-supported answer carries. */
export const NOT_SUPPORTED = /not supported by the local BigQuery server/;
