import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePorts, isPortFree } from '../../../src/harper-process/index.js';
import { processTree, survivors, type ProcInfo } from '../../support/process-tree.js';
import { spawnCli, type RunningCli } from '../../support/spawn-cli.js';
import { waitFor } from '../../support/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  cli: RunningCli;
  ports: number[];
}

async function startRun(name: string): Promise<Run> {
  const ports = await findFreePorts(3);
  const [http, ops, bigquery] = ports.map(String);
  const cli = spawnCli('dist/src/cli/main.js', [
    'start',
    '--root',
    join(dir, name),
    '--scenario',
    'small',
    '--no-generate',
    '--http-port',
    http!,
    '--ops-port',
    ops!,
    '--bigquery-port',
    bigquery!,
  ]);
  return { cli, ports };
}

/** The run's processes: the CLI's descendants, with their process groups. */
function snapshot(cli: RunningCli): { tree: ProcInfo[]; pids: number[]; pgids: number[] } {
  const tree = processTree(cli.child.pid!);
  return { tree, pids: tree.map((p) => p.pid), pgids: [...new Set(tree.map((p) => p.pgid))] };
}

async function expectNothingLeft(pids: number[], pgids: number[], ports: number[]): Promise<void> {
  await waitFor(
    'every process of the run to exit',
    async () => (survivors(pids, pgids).length === 0 ? true : undefined),
    30_000,
  ).catch(() => undefined);
  expect(survivors(pids, pgids).map((p) => `${p.pid} ${p.cmdline}`)).toEqual([]);
  for (const port of ports) expect(await isPortFree(port), `port ${port}`).toBe(true);
}

const harperIn = (tree: ProcInfo[]) => tree.some((p) => p.cmdline.includes('harperdb'));
const bigqueryIn = (tree: ProcInfo[]) => tree.some((p) => p.cmdline.includes('emulator/cli.js'));

describe('every process of `start` ends with it', () => {
  it('a closed terminal (SIGHUP) stops Harper and the local BigQuery server and frees the ports', async () => {
    const { cli, ports } = await startRun('hup');
    await cli.waitFor(/Press Ctrl-C to stop/, 180_000);
    const { tree, pids, pgids } = snapshot(cli);
    expect(harperIn(tree) && bigqueryIn(tree)).toBe(true);
    cli.child.kill('SIGHUP');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGHUP: stopping');
    await expectNothingLeft(pids, pgids, ports);
  }, 300_000);

  it('Ctrl-C (SIGINT) while Harper is starting stops everything started so far', async () => {
    const { cli, ports } = await startRun('int');
    await cli.waitFor(/Starting Harper with harper-bigquery-sync/, 180_000);
    const { pids, pgids } = await waitFor(
      'Harper to be spawned',
      async () => {
        const s = snapshot(cli);
        return harperIn(s.tree) ? s : undefined;
      },
      30_000,
    );
    expect(cli.output()).not.toContain('Press Ctrl-C to stop');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGINT: stopping');
    await expectNothingLeft(pids, pgids, ports);
  }, 300_000);

  it('when the CLI is killed with SIGKILL its servers notice and exit', async () => {
    const { cli, ports } = await startRun('kill');
    await cli.waitFor(/Press Ctrl-C to stop/, 180_000);
    const { tree, pids, pgids } = snapshot(cli);
    expect(harperIn(tree) && bigqueryIn(tree)).toBe(true);
    cli.child.kill('SIGKILL');
    await cli.exited;
    await expectNothingLeft(pids, pgids, ports);
  }, 300_000);
});
