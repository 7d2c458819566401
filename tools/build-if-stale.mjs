#!/usr/bin/env node
// Builds dist/ only when a compiled input changed since the last build made by this script,
// so `npm start -- --help` answers at once instead of after a full tsc run. The inputs are
// the folders tsconfig.json includes plus the files that steer the build; each is recorded
// by path, size and modification time (an edit, a new file and a deleted file all count).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = join('dist', '.build-inputs.json');
const EXTRA_INPUTS = ['tsconfig.json', 'package.json'];

/** `path size mtime` of every build input under `root`, sorted. */
export function buildInputs(root) {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  const lines = [];
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else if (/\.(ts|mts|cts|json)$/.test(path)) {
      lines.push(`${relative(root, path)} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  for (const folder of tsconfig.include ?? []) visit(join(root, folder));
  for (const file of EXTRA_INPUTS) visit(join(root, file));
  return lines.sort();
}

/** Whether dist/ was built (by this script) from exactly the inputs present now. */
export function isCurrent(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(stamp, 'utf8'))) === JSON.stringify(buildInputs(root));
  } catch {
    return false;
  }
}

/** Records the inputs dist/ was built from (what `isCurrent` compares against). */
function writeStamp(root, inputs) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, STAMP), JSON.stringify(inputs));
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  // `npm run build` ends with `--stamp`: a plain build counts as current too, so a later
  // `npm start` (or a test of it) does not rebuild dist/ while other processes read it.
  if (process.argv.includes('--stamp')) return writeStamp(root, buildInputs(root));
  if (isCurrent(root)) return;
  // Taken before building: an edit made while tsc runs is seen next time.
  const inputs = buildInputs(root);
  process.stderr.write('Sources changed since the last build: building dist/ ...\n');
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeStamp(root, inputs);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
