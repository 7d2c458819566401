#!/usr/bin/env node
/**
 * Writes the figures of benchmarks/results/*.json into README.md's "## Benchmarks" section,
 * between the `bench:table` markers (the prose around them is kept). Without the section it
 * is appended. `npm run bench:readme` after `npm run bench` (or after single benchmarks).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { packageRoot } from '../src/util/package-root.js';
import { resultsDir, type BenchRecord } from './lib/context.js';
import { renderTable } from './lib/readme-table.js';

const START = '<!-- bench:table:start -->';
const END = '<!-- bench:table:end -->';
const NAMES = [
  'initial-sync',
  'three-tables',
  'freshness',
  'breakdown',
  'local-bigquery',
  'bytes-billed',
  'soak',
  'validate',
  'storage-read',
  'storage-read-worker',
  'rest-encoding',
  'cluster',
];

function load(name: string): BenchRecord | undefined {
  const file = join(resultsDir(), `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchRecord) : undefined;
}

/** README text with the generated block replaced (or a new section appended). */
function updateReadme(readme: string, block: string): string {
  const generated = `${START}\n\n${block.trim()}\n\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) return readme.slice(0, start) + generated + readme.slice(end + END.length);
  return `${readme.trimEnd()}\n\n## Benchmarks\n\n${generated}\n`;
}

const records = Object.fromEntries(NAMES.map((n) => [n, load(n)]));
const readmeFile = join(packageRoot(), 'README.md');
// Only the generated block is formatted (prettier's markdown style): the rest is left as written.
const options = (await prettier.resolveConfig(readmeFile)) ?? {};
const block = await prettier.format(renderTable(records), { ...options, parser: 'markdown' });
writeFileSync(readmeFile, updateReadme(readFileSync(readmeFile, 'utf8'), block));
console.log(`README.md: benchmark table written from ${resultsDir()}`);
