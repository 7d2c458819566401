import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package-root.js';
import type { Cleanup } from './cleanup.js';
import { formatMachine, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';

/** What every benchmark gets from the runner. */
export interface BenchContext {
  name: string;
  options: BenchOptions;
  cleanup: Cleanup;
  /** A fresh temp dir, removed by cleanup. */
  tempDir(): string;
  log(message: string): void;
}

/** What a benchmark hands back: its parameters, its figures, and what a reader must know. */
export interface BenchOutcome {
  parameters: Record<string, unknown>;
  results: Record<string, unknown>;
  /** One line per figure worth reading in the console. */
  summary: string[];
  notes?: string[];
}

export interface BenchRecord extends BenchOutcome {
  name: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: Machine;
}

export function createContext(name: string, options: BenchOptions, cleanup: Cleanup): BenchContext {
  const started = Date.now();
  return {
    name,
    options,
    cleanup,
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
      cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    log(message) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
      process.stdout.write(`[${name} ${seconds}s] ${message}\n`);
    },
  };
}

export function resultsDir(): string {
  return join(packageRoot(), 'benchmarks', 'results');
}

/** Prints the outcome with the machine and writes benchmarks/results/<name>.json. */
export function recordOutcome(name: string, startedAt: Date, machine: Machine, outcome: BenchOutcome): BenchRecord {
  const finishedAt = new Date();
  const record: BenchRecord = {
    name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
    machine,
    ...outcome,
  };
  mkdirSync(resultsDir(), { recursive: true });
  const file = join(resultsDir(), `${name}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  const lines = [
    ``,
    `== ${name} (${record.durationSeconds} s) ==`,
    `machine: ${formatMachine(record.machine)}`,
    `parameters: ${JSON.stringify(outcome.parameters)}`,
    ...outcome.summary.map((l) => `  ${l}`),
    ...(outcome.notes ?? []).map((n) => `  note: ${n}`),
    `written: ${file}`,
    ``,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return record;
}
