import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Once per run: an empty folder where the first test file that starts Harper installs the
 * template root the others copy (test/support/harper-template.ts). Nothing is installed
 * for a run without Harper (e.g. the unit tests alone). Removed at the end of the run.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'harper-bq-sync-template-'));
  project.provide('harperTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
