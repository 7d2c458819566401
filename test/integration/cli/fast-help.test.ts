import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build tool without type declarations
import { buildInputs } from '../../../tools/build-if-stale.mjs';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const buildInputsOf = buildInputs as (root: string) => string[];
const MAIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

function npmStart(args: string[]) {
  return spawnSync('npm', ['start', '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('npm start answers --help and argument errors without rebuilding', () => {
  beforeAll(() => {
    // Brings dist/ and its stamp up to date once (builds only if the sources changed).
    const first = spawnSync(process.execPath, ['tools/build-if-stale.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
  }, 180_000);

  it('prints usage with exit 0 and leaves dist/ as it was', () => {
    const before = statSync(MAIN).mtimeMs;
    const result = npmStart(['--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: harper-bigquery-sync start [options]');
    expect(result.stdout).toContain('--scenario <name>');
    expect(result.stderr).not.toContain('building dist');
    expect(statSync(MAIN).mtimeMs).toBe(before);
  });

  it('reports a bad argument without rebuilding or starting anything', () => {
    const before = statSync(MAIN).mtimeMs;
    const result = npmStart(['--http-port', 'eighty']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('expected a TCP port number (1-65535), got "eighty"');
    expect(result.stderr).not.toContain('building dist');
    expect(result.stdout).not.toContain('Starting the local BigQuery server');
    expect(statSync(MAIN).mtimeMs).toBe(before);
  });
});

describe('build inputs (what decides a rebuild)', () => {
  const root = mkdtempSync(join(tmpdir(), 'build-inputs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ include: ['src'] }));
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');

  it('changes when a source is edited, added or deleted, and not otherwise', () => {
    const initial = buildInputsOf(root);
    expect(initial.map((line) => line.split(' ')[0])).toEqual(['package.json', join('src', 'a.ts'), 'tsconfig.json']);
    expect(buildInputsOf(root)).toEqual(initial);
    writeFileSync(join(root, 'src', 'notes.txt'), 'not compiled');
    expect(buildInputsOf(root)).toEqual(initial);

    utimesSync(join(root, 'src', 'a.ts'), new Date(), new Date(Date.now() + 5000));
    const edited = buildInputsOf(root);
    expect(edited).not.toEqual(initial);
    writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 2;\n');
    const added = buildInputsOf(root);
    expect(added).not.toEqual(edited);
    rmSync(join(root, 'src', 'b.ts'));
    expect(buildInputsOf(root)).toEqual(edited);
  });
});
