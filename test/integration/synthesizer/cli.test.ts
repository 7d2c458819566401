/**
 * The compiled CLI binary (dist/src/cli/synthesizer/main.js, built by `npm test` before
 * vitest runs) against a local BigQuery server started by this file.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../../support/spawn-cli.js';
import { useLocalBigQuery } from '../../support/local-bigquery.js';

const BIN = 'dist/src/cli/synthesizer/main.js';
const local = useLocalBigQuery();

async function cli(...args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  const run = spawnCli(BIN, args, {
    BIGQUERY_API_ENDPOINT: local.server.url,
    CI: 'true',
    METADATA_SERVER_DETECTION: 'none',
  });
  let stdout = '';
  run.child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await run.exited;
  return { code, output: run.output(), stdout };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('maritime-data-synthesizer CLI', () => {
  it('initialize, stats, verify, clear', async () => {
    const init = await cli('initialize', 'small', '--seed', '5', '--dataset', 'cli_a');
    expect(init.output).toMatch(/vessel_positions\s+100\/100 rows \(100%\)/);
    expect(init.stdout).toMatch(/^Wrote 130 rows: vessel_metadata 20, port_events 10, vessel_positions 100/);
    expect(init.code).toBe(0);

    const stats = await cli('stats', '--dataset', 'cli_a', '--json');
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { table: string; rows: number; minTime: string }[];
    expect(parsed.map((s) => [s.table, s.rows])).toEqual([
      ['vessel_metadata', 20],
      ['port_events', 10],
      ['vessel_positions', 100],
    ]);
    expect(parsed[2]?.minTime).toMatch(/^2026-01-01T00:\d\d:\d\d\.\d{6}Z$/);

    const ok = await cli('verify', 'small', '--dataset', 'cli_a');
    expect(ok.stdout).toContain('All 6 checks passed.');
    expect(ok.code).toBe(0);

    const bad = await cli('verify', 'realistic', '--dataset', 'cli_a');
    expect(bad.stdout).toContain('FAIL  vessel_positions row count: 100 rows, expected 10000');
    expect(bad.stdout).toContain('3 of 6 checks failed.');
    expect(bad.code).toBe(1);

    const cleared = await cli('clear', '--dataset', 'cli_a', '--tables', 'positions');
    expect(cleared.stdout).toBe('vessel_positions: truncated\n');
    expect(cleared.code).toBe(0);
  });

  it('start runs for a while and stops by itself', async () => {
    const run = await cli(
      'start',
      '--dataset',
      'cli_live',
      '--tables',
      'metadata',
      '--rates',
      'metadata=2',
      '--vessels',
      '20',
      '--flush',
      '300ms',
      '--for',
      '1500ms',
      '--streaming',
    );
    expect(run.stdout).toMatch(
      /^Stopped after [\d.]+ s \([\d.]+ s of rows\): wrote vessel_metadata \d+ \([\d.]+\/s\) in \d+ flushes\.\n$/,
    );
    expect(run.code).toBe(0);
  });

  it('a bad flag exits 2 naming the flag and the value', async () => {
    const run = await cli('initialize', 'small', '--positions', 'many');
    expect(run.output).toContain("option '--positions <n>' argument 'many' is invalid");
    expect(run.code).toBe(2);
    const counts = await cli('initialize', 'small', '--positions', '5', '--events', '50');
    expect(counts.output).toMatch(/positions \(5\) must be at least events \(50\)/);
    expect(counts.code).toBe(2);
  });

  it('an unreachable endpoint exits 1 naming the URL and how to start the local server', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await cli('stats', '--endpoint', url);
    expect(run.output).toContain(`Could not reach BigQuery at ${url} (connection refused)`);
    expect(run.output).toContain('bigquery-local');
    expect(run.code).toBe(1);
  });
});
