/**
 * Opaque page tokens. A token names the row offset and the thing being paged (a job, a
 * table, a listing), so a token from one job cannot silently page through another.
 */
import { invalid } from './errors.js';

export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(`${offset}:${scope}`, 'utf8').toString('base64url');
}

export function decodePageToken(scope: string, token: string): number {
  let text: string;
  try {
    text = Buffer.from(token, 'base64url').toString('utf8');
  } catch {
    throw invalid(`Invalid page token: ${token}`, 'pageToken');
  }
  const colon = text.indexOf(':');
  const offset = Number(text.slice(0, colon));
  if (colon < 1 || text.slice(colon + 1) !== scope || !Number.isSafeInteger(offset) || offset < 0) {
    throw invalid(`Invalid page token: ${token}`, 'pageToken');
  }
  return offset;
}

/** Parses a non-negative integer query parameter; absent or empty gives undefined. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(`Invalid value for ${name}: "${raw}"`, name);
  return n;
}

/** Same for JSON body fields, which the REST API allows as numbers or decimal strings. */
export function intField(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(`Invalid value for ${name}: ${JSON.stringify(value)}`, name);
  return n;
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw invalid(`Invalid value for ${name}: "${raw}"`, name);
}

/** Pages an in-memory listing (datasets, tables, jobs). */
export function pageList<T>(
  items: readonly T[],
  scope: string,
  query: URLSearchParams,
  defaultMax: number,
): { items: T[]; nextPageToken?: string } {
  const token = query.get('pageToken');
  const start = token ? decodePageToken(scope, token) : 0;
  const max = intParam(query, 'maxResults') ?? defaultMax;
  const size = max === 0 ? defaultMax : max;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { items: page, nextPageToken: encodePageToken(scope, end) } : { items: page };
}
