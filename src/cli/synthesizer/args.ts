/**
 * Parsers for the synthesizer's command-line values. Each throws commander's
 * InvalidArgumentError, which commander reports with the flag and the offending value
 * (`option '--rates <list>' argument 'positions=x' is invalid. ...`) and exit code 2.
 */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../../../config/durations.js';
import type { TableRates } from '../../../streams/synthesizer/writer/continuous.js';
import { tableByAlias } from '../../../streams/synthesizer/writer/table-names.js';
import type { TableName } from '../../../streams/synthesizer/rows.js';

const MAX_DURATION_MS = 366 * 86_400_000;

/** A whole number >= 0; `_` and `,` separators allowed (`100_000`). */
export function parseCount(value: string): number {
  const text = value.trim().replace(/[_,]/g, '');
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a whole number >= 0.');
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('number is too large.');
  return n;
}

/** A whole number >= 1. */
export function parsePositiveCount(value: string): number {
  const n = parseCount(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number >= 1.');
  return n;
}

/** A 32-bit unsigned seed. */
export function parseSeed(value: string): number {
  const n = parseCount(value);
  if (n > 0xffffffff) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295.');
  return n;
}

/** `24h`, `90m`, `7d`, `1h30m` or plain milliseconds; must be > 0. */
export function parseDurationMs(value: string): number {
  const r = parseDuration(value, { min: 1, max: MAX_DURATION_MS });
  if (!r.ok) throw new InvalidArgumentError(`${r.message} (e.g. 24h, 90m, 7d).`);
  return r.value;
}

/** An RFC 3339 / ISO 8601 time with a date; a bare date means midnight UTC. */
export function parseIsoTime(value: string): string {
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) {
    throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-01-01T00:00:00Z.');
  }
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text) || /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone.length === 10 ? `${withZone}T00:00:00Z` : withZone);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('not a valid date and time.');
  return new Date(ms).toISOString();
}

/** `positions,events` or full table names; at least one, no unknown names. */
export function parseTables(value: string): TableName[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new InvalidArgumentError('expected a list such as positions,events,metadata.');
  const out: TableName[] = [];
  for (const part of parts) {
    const table = tableByAlias(part);
    if (!table) throw new InvalidArgumentError(`unknown table "${part}": use positions, events and/or metadata.`);
    if (!out.includes(table)) out.push(table);
  }
  return out;
}

/** `positions=50,events=2,metadata=0.1`: rows per second per table, each >= 0. */
export function parseRates(value: string): TableRates {
  const out: Partial<Record<TableName, number>> = {};
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new InvalidArgumentError('expected a list such as positions=50,events=2,metadata=0.1.');
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new InvalidArgumentError(`"${part}" is not name=rate (e.g. positions=50).`);
    const name = part.slice(0, eq);
    const table = tableByAlias(name);
    if (!table) throw new InvalidArgumentError(`unknown table "${name}": use positions, events and/or metadata.`);
    const text = part.slice(eq + 1).trim();
    const rate = Number(text);
    if (text === '' || !Number.isFinite(rate) || rate < 0) {
      throw new InvalidArgumentError(`rate for ${name} must be a number of rows per second >= 0, got "${text}".`);
    }
    out[table] = rate;
  }
  return out;
}

/** An http(s) URL without credentials or query. */
export function parseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError('expected a URL such as http://127.0.0.1:9050.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('expected an http:// or https:// URL.');
  }
  return url.toString().replace(/\/+$/, '');
}

/** BigQuery dataset ids: letters, digits and underscores, at most 1024. */
export function parseDatasetId(value: string): string {
  if (!/^[A-Za-z0-9_]{1,1024}$/.test(value)) {
    throw new InvalidArgumentError('a dataset id has only letters, digits and underscores.');
  }
  return value;
}

/** A positive number (days, rates...). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}
