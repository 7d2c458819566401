/**
 * The request dispatcher: routing, fault injection, error mapping, logging. Kept apart from
 * the listening socket so unit tests can drive it with any Engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine/contract.js';
import { FaultController, type FaultAction } from '../faults/controller.js';
import type { Handler, RequestInfo, ServerContext } from './context.js';
import { BigQueryError, toBigQueryError } from './errors.js';
import { errorReply, parseJsonObject, readBody, writeReply, type Reply } from './http.js';
import { InsertIdCache } from './insert-dedupe.js';
import { JobStore, type JobStoreOptions } from './jobs/store.js';
import { route, type RouteId } from './router.js';
import { handleAdmin, type StorageReadAdmin } from './routes/admin.js';
import * as datasets from './routes/datasets.js';
import * as jobs from './routes/jobs.js';
import * as queries from './routes/queries.js';
import * as tabledata from './routes/tabledata.js';
import * as tables from './routes/tables.js';
import { uploadJob } from './routes/upload.js';
import { UploadSessions } from './upload/sessions.js';

const HANDLERS: Record<RouteId, Handler> = {
  'projects.list': async () => ({ status: 200, body: { kind: 'bigquery#projectList', totalItems: 0, projects: [] } }),
  'datasets.list': datasets.listDatasets,
  'datasets.insert': datasets.insertDataset,
  'datasets.get': datasets.getDataset,
  'datasets.patch': datasets.patchDataset,
  'datasets.update': datasets.updateDataset,
  'datasets.delete': datasets.deleteDataset,
  'tables.list': tables.listTables,
  'tables.insert': tables.insertTable,
  'tables.get': tables.getTable,
  'tables.patch': tables.patchTable,
  'tables.update': tables.updateTable,
  'tables.delete': tables.deleteTable,
  'tabledata.insertAll': tabledata.insertAll,
  'tabledata.list': tabledata.listRows,
  'jobs.query': queries.query,
  'jobs.getQueryResults': queries.getQueryResults,
  'jobs.insert': jobs.insertJob,
  'jobs.list': jobs.listJobs,
  'jobs.get': jobs.getJob,
  'jobs.cancel': jobs.cancelJob,
  'jobs.delete': jobs.deleteJob,
};

export interface AppOptions {
  engine: Engine;
  faults?: FaultController;
  /** Serve /_admin/* (only ever to loopback peers). */
  admin?: boolean;
  /** Log one line per request to stderr. */
  log?: boolean;
  jobs?: JobStoreOptions;
  /** Streaming-insert de-duplication window. */
  insertIdWindowMs?: number;
  /** The Storage Read service for /_admin/storage-read/*, looked up per request (it starts after the app). */
  storageRead?: () => StorageReadAdmin | undefined;
}

export interface App {
  context: ServerContext;
  faults: FaultController;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createApp(options: AppOptions): App {
  const faults = options.faults ?? new FaultController();
  const context: ServerContext = {
    engine: options.engine,
    jobs: new JobStore(options.jobs),
    insertIds: new InsertIdCache(options.insertIdWindowMs),
    uploads: new UploadSessions(),
    baseUrl: 'http://127.0.0.1',
  };
  const admin = options.admin ?? false;
  const log = options.log ?? false;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://local');
    const r = route(method, url.pathname);

    if (r.kind === 'admin') {
      if (!admin || !isLoopback(req.socket.remoteAddress)) {
        await writeReply(res, errorReply(new BigQueryError(404, 'notFound', `Not found: ${url.pathname}`)));
        return 'admin';
      }
      await writeReply(
        res,
        await handleAdmin(faults, req, r.path, options.storageRead?.()).catch((err: unknown) =>
          errorReply(toBigQueryError(err)),
        ),
      );
      return 'admin';
    }
    if (r.kind === 'notFound') {
      await writeReply(
        res,
        errorReply(
          new BigQueryError(
            404,
            'notFound',
            `Not found: URL ${method} ${url.pathname} is not part of the BigQuery v2 API served here.`,
          ),
        ),
      );
      return 'unknown';
    }
    if (r.kind === 'methodNotAllowed') {
      await writeReply(
        res,
        errorReply(
          new BigQueryError(
            405,
            'methodNotAllowed',
            `Method ${method} is not allowed on ${url.pathname} (allowed: ${r.allowed.join(', ')}).`,
          ),
        ),
      );
      return 'unknown';
    }

    const { match } = r;
    const decision = faults.decide(match.id);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.action?.when === 'before') {
      applyFault(req, res, decision.action);
      return match.id;
    }

    let bodyPromise: Promise<Buffer> | undefined;
    const info: RequestInfo = {
      method,
      match,
      url,
      headers: req.headers,
      body: () => (bodyPromise ??= readBody(req)),
      json: async () => parseJsonObject(await info.body()),
    };
    const handler = match.upload ? uploadJob : HANDLERS[match.id];
    let reply: Reply;
    try {
      reply = await handler(context, info);
    } catch (err) {
      reply = errorReply(toBigQueryError(err));
    }
    if (decision.action) {
      // "after" faults: the work is done, the caller just never learns of it.
      applyFault(req, res, decision.action);
      return match.id;
    }
    await writeReply(res, reply);
    return match.id;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = log ? performance.now() : 0;
    dispatch(req, res)
      .then((routeId) => {
        if (log) {
          const ms = (performance.now() - started).toFixed(1);
          process.stderr.write(
            `[bigquery-local] ${req.method ?? ''} ${req.url ?? ''} ${routeId} -> ${res.statusCode} ${ms}ms\n`,
          );
        }
      })
      .catch((err: unknown) => {
        // Only a failure while writing the response gets here; the socket is of no more use.
        if (log) process.stderr.write(`[bigquery-local] ${req.method ?? ''} ${req.url ?? ''} failed: ${String(err)}\n`);
        res.destroy();
      });
  }

  return { context, faults, handle };
}

function applyFault(req: IncomingMessage, res: ServerResponse, action: FaultAction): void {
  if (action.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  void writeReply(res, errorReply(new BigQueryError(action.status, action.reason, action.message)));
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
