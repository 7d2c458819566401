/** tabledata.insertAll (streaming inserts) and tabledata.list. */
import type { ErrorProto, ListRowsOptions } from '../../engine/contract.js';
import type { Handler } from '../context.js';
import { requireTable, tableRefOf } from '../context.js';
import { invalid, toBigQueryError } from '../errors.js';
import { json } from '../http.js';
import { InsertIdCache } from '../insert-dedupe.js';
import { boolParam, decodePageToken, encodePageToken, intParam } from '../paging.js';

/** Rows per tabledata.list page when maxResults is absent (BigQuery cuts at ~10 MB). */
export const DEFAULT_LIST_ROWS = 100_000;

interface InsertRow {
  insertId?: unknown;
  json?: unknown;
}

export const insertAll: Handler = async (ctx, req) => {
  const ref = tableRefOf(req.match);
  const body = await req.json();
  const rows = body.rows;
  if (!Array.isArray(rows) || rows.length === 0) throw invalid('No rows present in the request.', 'rows');
  if (typeof body.templateSuffix === 'string' && body.templateSuffix !== '') {
    throw invalid('templateSuffix is not supported by the local BigQuery server.', 'templateSuffix');
  }
  await requireTable(ctx, ref);
  const skipInvalidRows = body.skipInvalidRows === true;
  const ignoreUnknownValues = body.ignoreUnknownValues === true;
  const key = InsertIdCache.key(ref.projectId, ref.datasetId, ref.tableId);

  // Rows to hand to the engine, with their index in the request.
  const toInsert: Record<string, unknown>[] = [];
  const origin: number[] = [];
  const insertIds: (string | undefined)[] = [];
  const errors = new Map<number, ErrorProto[]>();
  const seenHere = new Set<string>();
  (rows as InsertRow[]).forEach((row, index) => {
    const value = row?.json;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.set(index, [{ reason: 'invalid', message: 'Row must have a "json" member holding a JSON object.' }]);
      return;
    }
    const insertId = typeof row.insertId === 'string' && row.insertId !== '' ? row.insertId : undefined;
    if (insertId !== undefined) {
      // Seen recently (a retried request) or twice in this request: BigQuery keeps one copy.
      if (seenHere.has(insertId) || ctx.insertIds.has(key, insertId)) return;
      seenHere.add(insertId);
    }
    toInsert.push(value as Record<string, unknown>);
    origin.push(index);
    insertIds.push(insertId);
  });

  if (errors.size > 0 && !skipInvalidRows) {
    return json(200, insertResponse(withStopped(errors, origin)));
  }
  if (toInsert.length > 0) {
    let result;
    try {
      result = await ctx.engine.insertRows(ref, toInsert, { skipInvalidRows, ignoreUnknownValues });
    } catch (err) {
      throw toBigQueryError(err);
    }
    const failed = new Set<number>();
    for (const e of result.insertErrors) {
      const index = origin[e.index];
      if (index === undefined) continue;
      failed.add(e.index);
      errors.set(index, e.errors);
    }
    if (result.inserted > 0) {
      const stored: string[] = [];
      insertIds.forEach((id, i) => {
        if (id !== undefined && !failed.has(i)) stored.push(id);
      });
      if (stored.length > 0) ctx.insertIds.add(key, stored);
    }
  }
  return json(200, insertResponse(errors));
};

/** Without skipInvalidRows one bad row stops the request: every other row reports `stopped`. */
function withStopped(errors: Map<number, ErrorProto[]>, accepted: number[]): Map<number, ErrorProto[]> {
  const out = new Map(errors);
  for (const index of accepted) {
    if (!out.has(index)) out.set(index, [{ reason: 'stopped', message: '' }]);
  }
  return out;
}

function insertResponse(errors: Map<number, ErrorProto[]>): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'bigquery#tableDataInsertAllResponse' };
  if (errors.size > 0) {
    body.insertErrors = [...errors.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, errs]) => ({ index, errors: errs.map((e) => ({ ...e, domain: 'global' })) }));
  }
  return body;
}

export const listRows: Handler = async (ctx, req) => {
  const ref = tableRefOf(req.match);
  const q = req.url.searchParams;
  await requireTable(ctx, ref);
  const scope = `data:${ref.projectId}:${ref.datasetId}:${ref.tableId}`;
  const token = q.get('pageToken');
  const start = token ? decodePageToken(scope, token) : (intParam(q, 'startIndex') ?? 0);
  const maxResults = intParam(q, 'maxResults') ?? DEFAULT_LIST_ROWS;
  const options: ListRowsOptions = {
    startIndex: start,
    maxResults,
    useInt64Timestamp: boolParam(q, 'formatOptions.useInt64Timestamp') ?? false,
  };
  const selected = q.get('selectedFields');
  if (selected)
    options.selectedFields = selected
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  let page;
  try {
    page = await ctx.engine.listRows(ref, options);
  } catch (err) {
    throw toBigQueryError(err);
  }
  const body: Record<string, unknown> = {
    kind: 'bigquery#tableDataList',
    etag: String(page.totalRows),
    totalRows: String(page.totalRows),
  };
  const end = start + page.rows.length;
  if (end < page.totalRows && page.rows.length > 0) body.pageToken = encodePageToken(scope, end);
  return page.rows.length > 0 ? json(200, body, page.rows) : json(200, body);
};
