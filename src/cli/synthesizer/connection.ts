import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../../../emulator/client.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9050';
export const DEFAULT_PROJECT = 'local-project';

export interface ConnectionOptions {
  /** Local or compatible server; ignored when credentials are given. */
  readonly endpoint: string;
  readonly project?: string;
  /** Service-account key file: talk to Google BigQuery itself. */
  readonly credentials?: string;
  readonly location?: string;
}

/** A failure the user can act on (unreachable server, bad key file): printed without a stack. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** The official client: against Google with a key file, or against an endpoint with no credential lookup at all. */
export function createClient(options: ConnectionOptions): BigQuery {
  if (options.credentials !== undefined) {
    return new BigQuery({
      keyFilename: options.credentials,
      ...(options.project !== undefined ? { projectId: options.project } : {}),
      ...(options.location !== undefined ? { location: options.location } : {}),
    });
  }
  return createLocalBigQueryClient({
    url: options.endpoint,
    projectId: options.project ?? DEFAULT_PROJECT,
    ...(options.location !== undefined ? { location: options.location } : {}),
  });
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
};

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function unreachableMessage(endpoint: string, why: string): string {
  return (
    `Could not reach BigQuery at ${endpoint} (${why}). ` +
    `Start the local server with "npx bigquery-local" (listens on ${DEFAULT_ENDPOINT}; --port to change), ` +
    'or pass --endpoint URL, or --credentials <key file> for Google BigQuery.'
  );
}

/**
 * Fails fast with a readable message when nothing answers at the endpoint, instead of the
 * client's retries and a raw socket error. Any HTTP answer counts as reachable.
 */
export async function checkReachable(endpoint: string, project: string, timeoutMs = 5000): Promise<void> {
  const url = `${endpoint}/bigquery/v2/projects/${encodeURIComponent(project)}/datasets?maxResults=1`;
  // node:http rather than fetch: fetch refuses some ports outright ("bad port") with no code.
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  await new Promise<void>((resolve, reject) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve();
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  }).catch((error: unknown) => {
    const code = networkCode(error);
    const why = (code && REASONS[code]) ?? code ?? (error as Error).message;
    throw new ConnectionError(
      unreachableMessage(endpoint, code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : why),
    );
  });
}

/** Rewrites a connection failure that happens mid-command into the same readable form. */
export function describeFailure(error: unknown, endpoint: string | undefined): string {
  const code = networkCode(error);
  if (endpoint !== undefined && code !== undefined && REASONS[code] !== undefined && code !== 'ECONNRESET') {
    return unreachableMessage(endpoint, REASONS[code]);
  }
  return error instanceof Error ? error.message : String(error);
}
