/**
 * The component works from any install path, hidden folders included: a clone inside
 * `~/.cache`, a pnpm store (`node_modules/.pnpm/<name>@<version>/node_modules/<name>`).
 * Harper's own `static` component answers 404 for every file under such a path (see
 * src/harper/dashboard-files.ts); the schema, the resources and the plugin must load too.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';
import { useHarper } from '../../support/harper.js';
import { waitFor } from '../../support/wait.js';

const source = packageRoot();
const outer = mkdtempSync(join(tmpdir(), 'bq-sync-hidden-'));
// Both kinds of hidden segment: a dot folder and a pnpm-style store path.
const installed = join(
  outer,
  '.cache',
  'node_modules',
  '.pnpm',
  'harper-bigquery-sync@0.1.0',
  'node_modules',
  'harper-bigquery-sync',
);
mkdirSync(installed, { recursive: true });
// What the published package holds (package.json `files`), as real copies; dependencies by link.
for (const entry of ['package.json', 'config.yaml', 'dist', 'schema', 'web']) {
  cpSync(join(source, entry), join(installed, entry), { recursive: true });
}
symlinkSync(realpathSync(join(source, 'node_modules')), join(installed, 'node_modules'), 'dir');
afterAll(() => rmSync(outer, { recursive: true, force: true }));

describe('installed under hidden folders', () => {
  const ctx = useHarper({ componentDir: installed, threads: 2 });

  it('serves every dashboard file, byte for byte, and redirects /dashboard to /dashboard/', async () => {
    const page = await fetch(`${ctx.harper.httpUrl}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>harper-bigquery-sync</title>');
    for (const file of readdirSync(join(installed, 'web'))) {
      const response = await fetch(`${ctx.harper.httpUrl}/dashboard/${file}`);
      expect(response.status, file).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(installed, 'web', file))), file).toBe(
        true,
      );
    }
    const bare = await fetch(`${ctx.harper.httpUrl}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');
  });

  it('serves nothing but the dashboard files under /dashboard/', async () => {
    for (const path of ['/dashboard/missing.js', '/dashboard/../config.yaml', '/dashboard/%2e%2e/package.json']) {
      expect((await fetch(`${ctx.harper.httpUrl}${path}`)).status, path).toBe(404);
    }
  });

  it('loads the resources (status needs and accepts a login) and the plugin', async () => {
    expect((await ctx.harper.rest('/SyncStatus/', { auth: false })).status).toBe(401);
    const status = await ctx.harper.rest('/SyncStatus/');
    expect(status.status).toBe(200);
    await waitFor('the plugin to log that it loaded', async () =>
      ctx.harper.tailLog(400).includes('harper-bigquery-sync loaded on worker 0') ? true : undefined,
    );
  });

  it("creates the schema's tables", async () => {
    for (const [database, table] of [
      ['data', 'VesselPositions'],
      ['data', 'SyncCheckpoint'],
      ['bigquery_sync', 'SyncTableStatus'],
    ]) {
      const described = await ctx.harper.operation<{ name: string }>({ operation: 'describe_table', database, table });
      expect(described.name).toBe(table);
    }
  });
});
