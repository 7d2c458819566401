#!/usr/bin/env node
/**
 * Benchmark runner: `npm run bench` runs every benchmark one after another (never two at
 * once: the machines have two cores); `npm run bench -- <name> [--flag=value ...]` runs one.
 * Each prints its figures with the machine and writes benchmarks/results/<name>.json.
 * Figures are reported, never asserted.
 */
import { Cleanup } from './lib/cleanup.js';
import { createContext, recordOutcome, type BenchContext, type BenchOutcome } from './lib/context.js';
import { describeMachine, formatMachine } from './lib/machine.js';
import { BenchOptions, joinSetFlags } from './lib/options.js';

type Benchmark = (ctx: BenchContext) => Promise<BenchOutcome>;

/** In run order; loaded lazily so one benchmark's imports cannot break another. */
const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  'local-bigquery': async () => (await import('./local-bigquery.js')).run,
  'initial-sync': async () => (await import('./initial-sync.js')).run,
  'three-tables': async () => (await import('./three-tables.js')).run,
  freshness: async () => (await import('./freshness.js')).run,
  breakdown: async () => (await import('./breakdown.js')).run,
  soak: async () => (await import('./soak.js')).run,
  'bytes-billed': async () => (await import('./bytes-billed.js')).run,
  validate: async () => (await import('./validate.js')).run,
  'storage-read': async () => (await import('./storage-read.js')).run,
  'storage-read-worker': async () => (await import('./storage-read.js')).runDecodeInWorker,
  'rest-encoding': async () => (await import('./rest-encoding.js')).run,
  offload: async () => (await import('./offload.js')).run,
  cluster: async () => (await import('./cluster.js')).run,
};

async function main(rawArgv: string[]): Promise<number> {
  const argv = joinSetFlags(rawArgv);
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  // Google's auth library must never probe the cloud metadata address from here.
  process.env.METADATA_SERVER_DETECTION = 'none';
  const options = new BenchOptions(argv);
  // The soak runs for half an hour: only when named.
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS).filter((n) => n !== 'soak');
  let failures = 0;
  for (const name of selected) {
    const cleanup = new Cleanup();
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping ${name} and cleaning up`);
      void cleanup.runAll().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const machine = describeMachine();
    const startedAt = new Date();
    console.log(`\n>> ${name} on ${formatMachine(machine)}`);
    try {
      const bench = await BENCHMARKS[name]!();
      const outcome = await bench(createContext(name, options, cleanup));
      await cleanup.runAll();
      recordOutcome(name, startedAt, machine, outcome);
    } catch (error) {
      failures++;
      console.error(`!! ${name} failed: ${(error as Error).stack ?? String(error)}`);
      await cleanup.runAll();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
