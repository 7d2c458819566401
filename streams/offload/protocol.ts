import type { BigQueryConnection } from '../../config/types.js';
import type { SchemaField } from '../convert/wire-row.js';
import type { BigQueryRowConverterOptions } from '../convert/bigquery-row-converter.js';
import type { PageQueryTable } from '../query/page-query.js';
import type { BigQueryPageSourceOptions, WindowEstimate } from '../source/bigquery-page-source.js';
import type { PageRequest, PageStats } from '../model/index.js';
import type { EncodedPayload } from './record-codec.js';

/**
 * The messages between a table's pipeline (on Harper's thread) and its reader worker.
 * Request/response: the worker reads a page only when asked, so at most as many pages are
 * in flight as the pipeline asks for (readPages: one read, `prefetch` pages ahead); nothing
 * is read ahead unasked. Everything here survives structured clone (BigInt, Date).
 */

/** What the worker needs to build its own client, page source and converter (plain data). */
export interface ReaderSetup {
  connection: BigQueryConnection;
  table: PageQueryTable;
  source: Omit<BigQueryPageSourceOptions, 'beforeWindow'>;
  /** Ask the pipeline before each window query (the daily budget lives on Harper's thread). */
  checkWindows: boolean;
  convert: Omit<BigQueryRowConverterOptions, 'fields'> & { fields: SchemaField[] };
}

export type ToWorker =
  { type: 'read'; id: number; request: PageRequest } | { type: 'window-answer'; id: number; error?: SerializedError };

export type FromWorker =
  | { type: 'page'; id: number; payload: EncodedPayload; stats: PageStats }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'window-check'; id: number; estimate: WindowEstimate };

/**
 * A row as it arrives: converted records, and the rows the converter refused with the
 * reason (sent raw, so the skipped-row entry keeps the row exactly as the in-thread path).
 */
export interface ConvertedRows {
  /** In source order: the record, or the raw row when `errors` names its index. */
  rows: { cursor: { timestampMicros: bigint; key: string[] }; row: Record<string, unknown> }[];
  errors: [index: number, reason: string][];
}

/**
 * An error as data: what the actor's classification (actors/errors.ts) reads — name, code,
 * reason list, `fatal`, `kind`, file path — kept as it was, so a failure in the worker is
 * retried or fails the table exactly as the same failure on Harper's thread.
 */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
}

const KEPT = [
  'code',
  'errors',
  'fatal',
  'kind',
  'path',
  'syscall',
  'reason',
  'status',
  'details',
  'resumesAtMs',
] as const;

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), props: {} };
  const props: Record<string, unknown> = {};
  const source = error as unknown as Record<string, unknown>;
  for (const key of KEPT) {
    const value = source[key];
    if (value === undefined) continue;
    try {
      props[key] = structuredClone(value);
    } catch {
      // A value that cannot cross threads (a function, a socket) is not one the classifier reads.
    }
  }
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), props };
}

/** An Error with the same name, message and classified properties as the one serialized. */
export function reviveError(e: SerializedError): Error {
  const error = new Error(e.message);
  Object.defineProperty(error, 'name', { value: e.name, enumerable: false, writable: true, configurable: true });
  if (e.stack) error.stack = e.stack;
  Object.assign(error, e.props);
  return error;
}
