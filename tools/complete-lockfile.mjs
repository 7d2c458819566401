#!/usr/bin/env node
// Completes package-lock.json for `npm ci` on machines whose registry lacks some optional
// platform binaries of Harper's dependency tree (@cbor-extract/*, node-unix-socket-*) and
// cannot reach a git dependency (parse-columns, under the optional hdd-space). `npm install`
// quietly leaves those out of the lock, and then `npm ci` refuses the lock as out of sync.
// This adds an optional entry for each one, taken from harperdb's own npm-shrinkwrap.json
// (with its os/cpu, so other platforms skip it); installing one that cannot be fetched is
// then an optional failure that npm ci tolerates. Run after `npm install` changes the lock:
//   node tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const shrinkPath = new URL('../node_modules/harperdb/npm-shrinkwrap.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const shrink = JSON.parse(readFileSync(shrinkPath, 'utf8')).packages;
const packages = lock.packages;

function resolves(fromPath, name) {
  // Node's lookup: the package's own node_modules, then each ancestor's, then the top.
  let path = fromPath;
  for (;;) {
    if (packages[`${path ? `${path}/` : ''}node_modules/${name}`]) return true;
    const cut = path.lastIndexOf('/node_modules/');
    if (path === '') return false;
    path = cut < 0 ? '' : path.slice(0, cut);
  }
}

let added = 0;
for (const [path, entry] of Object.entries({ ...packages })) {
  const wanted = [
    ...Object.entries(entry.optionalDependencies ?? {}).map(([name, spec]) => [name, spec]),
    ...(entry.optional ? Object.entries(entry.dependencies ?? {}) : []),
  ];
  for (const [name, spec] of wanted) {
    if (resolves(path, name)) continue;
    const source = shrink[`node_modules/${name}`];
    if (!source) {
      console.warn(`no shrinkwrap entry for ${name} (wanted by ${path || 'the project'}): left out`);
      continue;
    }
    const exact = /^\d+\.\d+\.\d+$/.test(spec);
    const version = exact ? spec : source.version;
    const item = {
      version,
      resolved: exact ? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${spec}.tgz` : source.resolved,
      optional: true,
    };
    if (entry.dev) item.dev = true;
    for (const key of ['os', 'cpu', 'libc']) if (source[key]) item[key] = source[key];
    packages[`node_modules/${name}`] = item;
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional entr${added === 1 ? 'y' : 'ies'}`);
