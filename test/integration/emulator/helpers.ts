/** Shared setup for the conformance tests: a local server on a free loopback port + the official client. */
import type { BigQuery } from '@google-cloud/bigquery';
import { createLocalBigQueryClient } from '../../../emulator/client.js';
import { startLocalBigQuery, type LocalBigQuery, type LocalBigQueryOptions } from '../../../emulator/index.js';

// Belt and braces next to the auth stub: the auth library must never probe the metadata server.
process.env.METADATA_SERVER_DETECTION = 'none';

export const PROJECT = 'conformance-project';

export interface Local {
  server: LocalBigQuery;
  bq: BigQuery;
  /** A client whose retries wait milliseconds instead of seconds (fault tests). */
  fastRetryClient(maxRetries?: number): BigQuery;
}

export async function startLocal(options: LocalBigQueryOptions = {}): Promise<Local> {
  const server = await startLocalBigQuery({ port: 0, host: '127.0.0.1', ...options });
  return {
    server,
    bq: createLocalBigQueryClient({ url: server.url, projectId: PROJECT }),
    fastRetryClient: (maxRetries = 3) =>
      createLocalBigQueryClient({
        url: server.url,
        projectId: PROJECT,
        retryOptions: { retryDelayMultiplier: 0.001, maxRetries },
      }),
  };
}

/** The ApiError fields the tests look at. */
export interface ApiErrorLike {
  code?: number;
  message: string;
  errors?: { reason?: string; message?: string }[];
}

export async function errorOf(promise: Promise<unknown>): Promise<ApiErrorLike> {
  try {
    await promise;
  } catch (err) {
    return err as ApiErrorLike;
  }
  throw new Error('expected the call to fail');
}

/** Raw HTTP against the server, for what the client hides (status lines, bad JSON). */
export async function raw(
  url: string,
  method: string,
  path: string,
  body?: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code inspects JSON freely
): Promise<{ status: number; json: any }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = body;
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(url + path, init);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
