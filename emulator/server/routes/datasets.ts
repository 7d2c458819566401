/** datasets.* methods. */
import type { Handler } from '../context.js';
import { requireDataset } from '../context.js';
import { BigQueryError, datasetName, duplicate, invalid, toBigQueryError } from '../errors.js';
import { json } from '../http.js';
import { checkDatasetId, checkProjectId } from '../ids.js';
import { boolParam, pageList } from '../paging.js';
import {
  applyMutable,
  DATASET_MUTABLE,
  datasetForResponse,
  datasetListEntry,
  newDatasetResource,
} from '../resources.js';

export const listDatasets: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  const all = await ctx.engine.listDatasets(projectId);
  const entries = all
    .map((ds) => {
      const ref = ds.datasetReference as { datasetId?: string } | undefined;
      return { ds, datasetId: String(ref?.datasetId ?? '') };
    })
    .filter((e) => e.datasetId !== '')
    .sort((a, b) => (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0));
  const page = pageList(entries, `datasets:${projectId}`, req.url.searchParams, 1000);
  const body: Record<string, unknown> = { kind: 'bigquery#datasetList', etag: String(entries.length) };
  if (page.items.length > 0) body.datasets = page.items.map((e) => datasetListEntry(e.ds, projectId, e.datasetId));
  if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
  return json(200, body);
};

export const insertDataset: Handler = async (ctx, req) => {
  const { projectId } = req.match.params;
  checkProjectId(projectId);
  const body = await req.json();
  const ref = body.datasetReference as { projectId?: unknown; datasetId?: unknown } | undefined;
  if (!ref || typeof ref.datasetId !== 'string')
    throw invalid('Required parameter is missing: datasetReference.datasetId', 'datasetReference');
  const datasetId = ref.datasetId;
  checkDatasetId(datasetId);
  if (typeof ref.projectId === 'string' && ref.projectId !== '' && ref.projectId !== projectId) {
    throw invalid(
      `datasetReference.projectId ${ref.projectId} does not match the project in the URL (${projectId}).`,
      'datasetReference',
    );
  }
  if (await ctx.engine.getDataset(projectId, datasetId))
    throw duplicate(`Already Exists: Dataset ${datasetName(projectId, datasetId)}`);
  const resource = newDatasetResource(projectId, datasetId, body);
  try {
    await ctx.engine.createDataset(projectId, datasetId, resource);
  } catch (err) {
    throw toBigQueryError(err);
  }
  return json(200, datasetForResponse(resource, ctx.baseUrl, projectId, datasetId));
};

export const getDataset: Handler = async (ctx, req) => {
  const { projectId, datasetId } = req.match.params;
  const ds = await requireDataset(ctx, projectId, datasetId);
  return json(200, datasetForResponse(ds, ctx.baseUrl, projectId, datasetId));
};

function makeUpdate(replace: boolean): Handler {
  return async (ctx, req) => {
    const { projectId, datasetId } = req.match.params;
    const body = await req.json();
    const stored = await requireDataset(ctx, projectId, datasetId);
    checkEtag(req.headers['if-match'], stored.etag, datasetName(projectId, datasetId));
    const next = applyMutable(stored, body, DATASET_MUTABLE, replace);
    await ctx.engine.updateDataset(projectId, datasetId, next);
    return json(200, datasetForResponse(next, ctx.baseUrl, projectId, datasetId));
  };
}

export const patchDataset = makeUpdate(false);
export const updateDataset = makeUpdate(true);

export const deleteDataset: Handler = async (ctx, req) => {
  const { projectId, datasetId } = req.match.params;
  const deleteContents = boolParam(req.url.searchParams, 'deleteContents') ?? false;
  await requireDataset(ctx, projectId, datasetId);
  if (!deleteContents) {
    const tables = await ctx.engine.listTables(projectId, datasetId);
    if (tables.length > 0) {
      throw new BigQueryError(400, 'resourceInUse', `Dataset ${datasetName(projectId, datasetId)} is still in use`);
    }
  }
  await ctx.engine.deleteDataset(projectId, datasetId, deleteContents);
  ctx.insertIds.forgetDataset(projectId, datasetId);
  return { status: 204 };
};

/** If-Match with a stale etag fails like BigQuery's optimistic concurrency check. */
export function checkEtag(ifMatch: string | string[] | undefined, etag: unknown, name: string): void {
  // Resources created by DDL carry no stored etag; there is nothing to compare against.
  if (ifMatch === undefined || ifMatch === '*' || etag === undefined) return;
  const wanted = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  if (wanted !== undefined && wanted !== etag) {
    throw new BigQueryError(412, 'conditionNotMet', `Precondition check failed: the etag of ${name} has changed.`);
  }
}
