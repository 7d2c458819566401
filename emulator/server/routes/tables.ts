/** tables.* methods. */
import type { TableRef, TableSchema } from '../../engine/contract.js';
import type { Handler, ServerContext } from '../context.js';
import { requireDataset, requireTable, tableRefOf } from '../context.js';
import { duplicate, invalid, tableName, toBigQueryError } from '../errors.js';
import { json } from '../http.js';
import { checkTableId } from '../ids.js';
import { InsertIdCache } from '../insert-dedupe.js';
import { STAGING_PREFIX } from '../jobs/load-runner.js';
import { pageList } from '../paging.js';
import {
  applyMutable,
  newTableResource,
  storableTable,
  TABLE_MUTABLE,
  tableForResponse,
  tableListEntry,
} from '../resources.js';
import { findField, parseSchema } from '../schema.js';
import { checkEtag } from './datasets.js';

const UNSUPPORTED_KINDS = [
  'view',
  'materializedView',
  'externalDataConfiguration',
  'snapshotDefinition',
  'cloneDefinition',
] as const;

export const listTables: Handler = async (ctx, req) => {
  const { projectId, datasetId } = req.match.params;
  await requireDataset(ctx, projectId, datasetId);
  const tables = (await ctx.engine.listTables(projectId, datasetId))
    .map((t) => ({ t, tableId: tableIdOf(t.resource) }))
    .filter((e) => e.tableId !== '' && !e.tableId.startsWith(STAGING_PREFIX))
    .sort((a, b) => (a.tableId < b.tableId ? -1 : a.tableId > b.tableId ? 1 : 0));
  const page = pageList(tables, `tables:${projectId}:${datasetId}`, req.url.searchParams, 1000);
  const body: Record<string, unknown> = {
    kind: 'bigquery#tableList',
    etag: String(tables.length),
    totalItems: tables.length,
  };
  if (page.items.length > 0) {
    body.tables = page.items.map((e) => tableListEntry(e.t.resource, { projectId, datasetId, tableId: e.tableId }));
  }
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  return json(200, body);
};

export const insertTable: Handler = async (ctx, req) => {
  const { projectId, datasetId } = req.match.params;
  const body = await req.json();
  const tref = body.tableReference as { tableId?: unknown; datasetId?: unknown } | undefined;
  if (!tref || typeof tref.tableId !== 'string')
    throw invalid('Required parameter is missing: tableReference.tableId', 'tableReference');
  checkTableId(tref.tableId);
  const ref: TableRef = { projectId, datasetId, tableId: tref.tableId };
  for (const kind of UNSUPPORTED_KINDS) {
    if (body[kind] !== undefined)
      throw invalid(`Tables with ${kind} are not supported by the local BigQuery server.`, kind);
  }
  const ds = await requireDataset(ctx, projectId, datasetId);
  const schema: TableSchema =
    body.schema === undefined || body.schema === null ? { fields: [] } : parseSchema(body.schema);
  checkTableSettings(body, schema);
  if (await ctx.engine.getTable(ref))
    throw duplicate(`Already Exists: Table ${tableName(projectId, datasetId, ref.tableId)}`);
  const resource = newTableResource(ref, body, String(ds.location ?? 'US'));
  try {
    await ctx.engine.createTable(ref, schema, storableTable(resource));
  } catch (err) {
    throw toBigQueryError(err);
  }
  ctx.insertIds.forget(InsertIdCache.key(projectId, datasetId, ref.tableId));
  return json(200, tableForResponse(resource, schema, { numRows: 0, numBytes: 0 }, ctx.baseUrl, ref));
};

export const getTable: Handler = async (ctx, req) => {
  const ref = tableRefOf(req.match);
  const table = await requireTable(ctx, ref);
  return json(200, await tableResponse(ctx, ref, table.resource, table.schema));
};

function makeUpdate(replace: boolean): Handler {
  return async (ctx, req) => {
    const ref = tableRefOf(req.match);
    const body = await req.json();
    const table = await requireTable(ctx, ref);
    checkEtag(req.headers['if-match'], table.resource.etag, tableName(ref.projectId, ref.datasetId, ref.tableId));
    const schema = body.schema === undefined || body.schema === null ? undefined : parseSchema(body.schema);
    checkTableSettings(body, schema ?? table.schema);
    const next = applyMutable(table.resource, body, TABLE_MUTABLE, replace);
    try {
      await ctx.engine.patchTable(ref, schema, storableTable(next));
    } catch (err) {
      throw toBigQueryError(err);
    }
    const updated = await requireTable(ctx, ref);
    return json(200, await tableResponse(ctx, ref, updated.resource, updated.schema));
  };
}

export const patchTable = makeUpdate(false);
export const updateTable = makeUpdate(true);

export const deleteTable: Handler = async (ctx, req) => {
  const ref = tableRefOf(req.match);
  await requireTable(ctx, ref);
  await ctx.engine.deleteTable(ref);
  ctx.insertIds.forget(InsertIdCache.key(ref.projectId, ref.datasetId, ref.tableId));
  return { status: 204 };
};

async function tableResponse(
  ctx: ServerContext,
  ref: TableRef,
  resource: Record<string, unknown>,
  schema: TableSchema,
): Promise<Record<string, unknown>> {
  const stats = await ctx.engine.tableStats(ref);
  return tableForResponse(resource, schema, stats, ctx.baseUrl, ref);
}

function tableIdOf(resource: Record<string, unknown>): string {
  const ref = resource.tableReference as { tableId?: unknown } | undefined;
  return typeof ref?.tableId === 'string' ? ref.tableId : '';
}

/** Partitioning and clustering are kept as metadata, but must name real columns like in BigQuery. */
function checkTableSettings(body: Record<string, unknown>, schema: TableSchema): void {
  const tp = body.timePartitioning as { type?: unknown; field?: unknown } | undefined | null;
  if (tp) {
    if (tp.type !== undefined && !['DAY', 'HOUR', 'MONTH', 'YEAR'].includes(String(tp.type))) {
      throw invalid(`Invalid value for timePartitioning.type: ${String(tp.type)}`, 'timePartitioning');
    }
    if (typeof tp.field === 'string') {
      const field = findField(schema, tp.field);
      if (!field)
        throw invalid(
          `The field specified for time partitioning can only be found in the schema if it is a top-level field: ${tp.field}`,
          'timePartitioning',
        );
      if (!['DATE', 'TIMESTAMP', 'DATETIME'].includes(field.type) || field.mode === 'REPEATED') {
        throw invalid(
          `Partitioning field ${tp.field} must be of type DATE, TIMESTAMP or DATETIME, not ${field.type}.`,
          'timePartitioning',
        );
      }
    }
  }
  const cl = body.clustering as { fields?: unknown } | undefined | null;
  if (cl && cl.fields !== undefined) {
    if (!Array.isArray(cl.fields) || cl.fields.length === 0 || cl.fields.length > 4) {
      throw invalid('clustering.fields must list between 1 and 4 top-level columns.', 'clustering');
    }
    for (const name of cl.fields) {
      const field = typeof name === 'string' ? findField(schema, name) : undefined;
      if (!field)
        throw invalid(
          `The field specified for clustering cannot be found in the schema: ${String(name)}`,
          'clustering',
        );
      if (field.mode === 'REPEATED' || field.type === 'RECORD' || field.type === 'STRUCT' || field.type === 'JSON') {
        throw invalid(`Field ${field.name} of type ${field.type} cannot be used for clustering.`, 'clustering');
      }
    }
  }
}
