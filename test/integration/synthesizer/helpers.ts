import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery } from '@google-cloud/bigquery';
import type { TableName } from '../../../streams/synthesizer/rows.js';
import { stats, type SynthesizerTarget } from '../../../streams/synthesizer/writer/index.js';

let datasets = 0;

/** A fresh dataset name per test, so tests in one file never see each other's rows. */
export function freshTarget(bigquery: BigQuery, label: string): SynthesizerTarget {
  return { bigquery, datasetId: `synth_${label}_${++datasets}` };
}

export async function counts(target: SynthesizerTarget): Promise<Record<TableName, number | 'missing'>> {
  const out = {} as Record<TableName, number | 'missing'>;
  for (const s of await stats(target)) out[s.table] = s.exists ? s.rows : 'missing';
  return out;
}

/** A private parent folder for the writer's temp folders, to check that nothing is left behind. */
export function tempParent(): { dir: string; entries(): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'synth-writer-test-'));
  return { dir, entries: () => readdirSync(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
