/**
 * Serves the dashboard (the package's `web/` folder) at `/dashboard/`.
 *
 * Not Harper's `static` component: Harper 4.7 hands each file to `send` with its absolute
 * path and no options, and `send` refuses (404) any path with a segment that starts with a
 * dot. So the dashboard vanished whenever the package sat under a hidden folder: a clone in
 * `~/.cache`, `node_modules/.pnpm/...`. Here the file list is read once from the package
 * folder and only those files are served, so the install path does not matter and no
 * request path can reach anything else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export const DASHBOARD_URL_PATH = '/dashboard';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The part of Harper's HTTP request a handler reads. */
export interface HttpRequestLike {
  readonly method?: string;
  readonly pathname?: string;
  readonly isWebSocket?: boolean;
}

export interface HttpResponseLike {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string;
}

export type HttpHandler = (request: HttpRequestLike, next: (request: HttpRequestLike) => unknown) => unknown;

/** URL path (under `urlPath`) -> absolute file, for every regular file below `dir`. */
export function dashboardFiles(dir: string, urlPath = DASHBOARD_URL_PATH): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string, url: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = join(folder, entry.name);
      const at = `${url}/${entry.name}`;
      if (entry.isDirectory()) walk(file, at);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(file).isFile())) files.set(at, file);
    }
  };
  walk(dir, urlPath);
  const index = files.get(`${urlPath}/index.html`);
  if (index) files.set(`${urlPath}/`, index);
  return files;
}

/**
 * A Harper `server.http` layer for the dashboard files: GET and HEAD of a known file answer
 * it (read on each request, so a rebuilt web/ shows on reload); `/dashboard` redirects to
 * `/dashboard/`; everything else goes to the next layer.
 */
export function dashboardHandler(dir: string, urlPath = DASHBOARD_URL_PATH): HttpHandler {
  const files = dashboardFiles(dir, urlPath);
  return (request, next) => {
    const method = request.method ?? 'GET';
    if ((method !== 'GET' && method !== 'HEAD') || request.isWebSocket) return next(request);
    const path = request.pathname ?? '';
    if (path === urlPath) return { status: 301, headers: { Location: `${urlPath}/` } } satisfies HttpResponseLike;
    const file = files.get(path);
    if (!file) return next(request);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return next(request);
    }
    const response: HttpResponseLike = {
      status: 200,
      headers: {
        'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(body.length),
        // The page is small and changes with the package: always revalidate.
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      },
      ...(method === 'GET' ? { body } : {}),
    };
    return response;
  };
}
