import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'bq-sync-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module resolve hook (module.register, off-thread) that writes every resolved URL to a file:
// it sees what an import really loads, packages imported by packages included.
const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.BQ_SYNC_LOAD_LOG, r.url + '\\n');
  return r;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

/** Imports `specifier` by the package's own name in a fresh Node process; returns every URL it resolved. */
async function loadedBy(specifier: string): Promise<string[]> {
  const log = join(dir, `${specifier.replace(/\W/g, '_')}.log`);
  writeFileSync(log, '');
  await run(
    process.execPath,
    [
      '--import',
      pathToFileURL(register).href,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)});`,
    ],
    { cwd: packageRoot(), env: { ...process.env, BQ_SYNC_LOAD_LOG: log } },
  );
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const DUCKDB = /\/node_modules\/@duckdb\//;
const FAKER = /\/node_modules\/@faker-js\/faker\//;

describe('the package entry points', () => {
  it('the main entry (the sync library Harper loads) loads neither DuckDB nor faker', async () => {
    const urls = await loadedBy('harper-bigquery-sync');
    expect(urls.some((u) => u.endsWith('/dist/src/index.js'))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/rxjs\//.test(u))).toBe(true);
    expect(urls.filter((u) => DUCKDB.test(u))).toEqual([]);
    expect(urls.filter((u) => FAKER.test(u))).toEqual([]);
  });

  it('the local BigQuery server is its own subpath, and it is what loads DuckDB', async () => {
    const urls = await loadedBy('harper-bigquery-sync/local-bigquery');
    expect(urls.some((u) => DUCKDB.test(u))).toBe(true);
  });

  it('the synthesizer is its own subpath, and it is what loads faker', async () => {
    const urls = await loadedBy('harper-bigquery-sync/synthesizer');
    expect(urls.some((u) => FAKER.test(u))).toBe(true);
    expect(urls.filter((u) => DUCKDB.test(u))).toEqual([]);
  });

  it('the Harper harness is its own subpath and loads neither', async () => {
    const urls = await loadedBy('harper-bigquery-sync/harper-process');
    expect(urls.filter((u) => DUCKDB.test(u) || FAKER.test(u))).toEqual([]);
  });
});
