/** Starts the HTTP layer on a free loopback port with a fake engine. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppOptions } from '../../../emulator/server/app.js';
import { FakeEngine } from './fake-engine.js';

export interface FakeServer {
  url: string;
  engine: FakeEngine;
  app: App;
  close(): Promise<void>;
  /** fetch relative to the server, JSON in and out. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code inspects JSON freely
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startFakeServer(options: Partial<AppOptions> = {}): Promise<FakeServer> {
  const engine = new FakeEngine();
  const app = createApp({ engine, admin: true, ...options });
  const server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.context.baseUrl = url;
  return {
    url,
    engine,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        /* keep text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}
