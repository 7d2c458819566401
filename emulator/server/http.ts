/**
 * Request-body reading and response writing. Handlers return a Reply instead of writing to
 * the socket themselves, so the dispatcher can apply "after" faults (drop or replace a
 * response that was already computed) and stream large row arrays in one place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BigQueryError, errorBody, invalid } from './errors.js';

export interface Reply {
  status: number;
  /** JSON object body; omitted for 204. */
  body?: Record<string, unknown>;
  /** Appended to `body` as its `rows` member, streamed in slices so 10k-row pages never build one huge string. */
  rows?: readonly unknown[];
  headers?: Record<string, string>;
}

/** teeny-request only JSON-parses bodies whose content type is exactly one of its two spellings. */
const JSON_TYPE = 'application/json; charset=utf-8';
/** Rows per write(): large enough to amortise syscalls, small enough to keep strings short. */
const ROWS_PER_SLICE = 2000;

export const DEFAULT_BODY_LIMIT = 256 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  let source: Readable = req;
  if (encoding === 'gzip') source = req.pipe(createGunzip());
  else if (encoding === 'deflate') source = req.pipe(createInflate());
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limit) {
        throw new BigQueryError(413, 'invalid', `Request body is larger than the ${limit} bytes this server accepts.`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof BigQueryError) throw err;
    throw invalid(`Could not read the request body: ${(err as Error).message}`);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/** Parses a JSON object body; an empty body is `{}` because several methods allow it. */
export function parseJsonObject(buf: Buffer): Record<string, unknown> {
  if (buf.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw invalid(`Invalid JSON payload received. ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Invalid JSON payload received. Expected a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function json(status: number, body: Record<string, unknown>, rows?: readonly unknown[]): Reply {
  return rows === undefined ? { status, body } : { status, body, rows };
}

export function errorReply(err: BigQueryError): Reply {
  return {
    status: err.httpStatus,
    body: errorBody(err.httpStatus, err.reason, err.message, err.location) as unknown as Record<string, unknown>,
  };
}

export async function writeReply(res: ServerResponse, reply: Reply): Promise<void> {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  headers['content-type'] = JSON_TYPE;
  const rows = reply.rows;
  if (rows === undefined || rows.length <= ROWS_PER_SLICE) {
    const text =
      rows === undefined ? JSON.stringify(reply.body) : withRows(JSON.stringify(reply.body), JSON.stringify(rows));
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(reply.status, headers);
    res.end(text);
    return;
  }
  res.writeHead(reply.status, headers);
  const head = JSON.stringify(reply.body);
  await write(res, head.length > 2 ? `${head.slice(0, -1)},"rows":[` : '{"rows":[');
  for (let i = 0; i < rows.length; i += ROWS_PER_SLICE) {
    const slice = JSON.stringify(rows.slice(i, i + ROWS_PER_SLICE));
    // Strip the slice's own brackets; join slices with a comma.
    await write(res, (i === 0 ? '' : ',') + slice.slice(1, -1));
    if (res.destroyed) return;
  }
  res.end(']}');
}

function withRows(bodyText: string, rowsText: string): string {
  return bodyText.length > 2 ? `${bodyText.slice(0, -1)},"rows":${rowsText}}` : `{"rows":${rowsText}}`;
}

function write(res: ServerResponse, text: string): Promise<void> {
  // A peer that went away will never drain; its 'close' may already have fired.
  if (res.destroyed) return Promise.resolve();
  if (res.write(text) || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
