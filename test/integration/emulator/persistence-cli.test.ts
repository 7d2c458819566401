/** File-backed data across restarts, and the `bigquery-local` bin. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBigQueryClient } from '../../../emulator/client.js';
import { PROJECT, startLocal } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bq-persist-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('file-backed storage', () => {
  it('keeps datasets, tables, metadata and rows across a restart', async () => {
    const dataFile = join(dir, 'data.duckdb');
    const first = await startLocal({ dataFile });
    const [dataset] = await first.bq.createDataset('kept', { description: 'survives' });
    const [table] = await dataset.createTable('rows', {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'ts', type: 'TIMESTAMP' },
        ],
      },
      timePartitioning: { type: 'DAY', field: 'ts' },
    });
    await table.insert([
      { id: 1, ts: '2024-05-06T07:08:09.123456Z' },
      { id: 2, ts: null },
    ]);
    await first.server.stop();

    const second = await startLocal({ dataFile });
    try {
      const [meta] = await second.bq.dataset('kept').getMetadata();
      expect(meta.description).toBe('survives');
      const [tmeta] = await second.bq.dataset('kept').table('rows').getMetadata();
      expect(tmeta.timePartitioning).toEqual({ type: 'DAY', field: 'ts' });
      expect(tmeta.numRows).toBe('2');
      const [rows] = await second.bq.query('SELECT id, ts FROM kept.rows ORDER BY id');
      expect(rows.map((r: { id: number; ts: { value: string } | null }) => [r.id, r.ts?.value ?? null])).toEqual([
        [1, '2024-05-06T07:08:09.123456000Z'],
        [2, null],
      ]);
    } finally {
      await second.server.stop();
    }
  });
});

/**
 * The bin is the compiled emulator/cli.ts. Compile just its import graph with tsc into a
 * scratch folder under node_modules/.cache (so `commander` and DuckDB resolve) and run it.
 */
describe('bigquery-local CLI', () => {
  let cli: string;
  let out: string;

  beforeAll(() => {
    // A folder of this run's own: clones that share node_modules may run this file at the same time.
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    out = mkdtempSync(join(cache, 'bigquery-local-cli-test-'));
    writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        join(ROOT, 'emulator', 'cli.ts'),
        '--outDir',
        out,
        '--rootDir',
        ROOT,
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        '--esModuleInterop',
        '--types',
        'node',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    cli = join(out, 'emulator', 'cli.js');
  }, 120_000);

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  function run(args: string[]): {
    child: ChildProcess;
    url: Promise<string>;
    exit: Promise<{ code: number | null; stderr: string }>;
  } {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
    });
    let stdout = '';
    let stderr = '';
    const url = new Promise<string>((resolveUrl, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) resolveUrl(m[1]);
      });
      child.on('exit', () => reject(new Error(`CLI exited before listening: ${stderr}`)));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    url.catch(() => undefined); // a test expecting failure never awaits the URL
    const exit = new Promise<{ code: number | null; stderr: string }>((resolveExit) =>
      child.on('exit', (code) => resolveExit({ code, stderr })),
    );
    return { child, url, exit };
  }

  it('starts, prints its URL, answers the official client and stops cleanly on SIGTERM', async () => {
    const { child, url, exit } = run(['--port', '0', '--host', '127.0.0.1']);
    const base = await url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${base}/bigquery/v2/projects/${PROJECT}/datasets`);
    expect(res.status).toBe(200);
    const bq = createLocalBigQueryClient({ url: base, projectId: PROJECT });
    const [rows] = await bq.query('SELECT 40 + 2 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('explains a taken port and exits with status 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { exit } = run(['--port', String(port)]);
      const result = await exit;
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/already in use/);
    } finally {
      blocker.close();
    }
  });
});
