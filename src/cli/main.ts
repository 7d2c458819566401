#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { parseRates } from './synthesizer/args.js';
import type { StartOptions } from './start-command.js';

// The commands load their modules (Harper harness, BigQuery client, synthesizer) only when
// they run, so --help and argument errors answer without loading any of them.

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InvalidArgumentError(`expected a TCP port number (1-65535), got "${value}"`);
  }
  return n;
}

// A closed terminal turns writes into EIO/EPIPE errors; they must not crash the CLI before
// it has stopped the servers it started.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const program = new Command()
  .name('harper-bigquery-sync')
  .description('Keep Harper tables in sync with Google BigQuery.')
  .showHelpAfterError();

program
  .command('dev')
  .description('Start a local Harper with this component and a sync config; Ctrl-C stops it.')
  .requiredOption('--config <file>', 'sync config file (YAML or JSON)')
  .option('--root <dir>', 'folder for Harper data, home and log', '.data/dev')
  .option('--http-port <n>', 'Harper HTTP (REST) port; free port when omitted', port)
  .option('--ops-port <n>', 'Harper operations API port; free port when omitted', port)
  .action(async (options: { config: string; root: string; httpPort?: number; opsPort?: number }) => {
    const { runDev } = await import('./dev-command.js');
    await runDev(options);
  });

program
  .command('start')
  .description(
    'Run everything locally: a file-backed BigQuery server, the maritime dataset, Harper syncing it, and live new rows.',
  )
  .option('--root <dir>', 'folder for the local BigQuery data, Harper and logs', '.data/local')
  .option('--config <file>', 'sync config (relative to the package)', 'config/examples/local-maritime.yaml')
  .option('--http-port <n>', 'Harper HTTP port (a free one if taken)', port, 9926)
  .option('--ops-port <n>', 'Harper operations API port (a free one if taken)', port, 9925)
  .option('--bigquery-port <n>', 'local BigQuery port (a free one if taken)', port, 9050)
  .option('--scenario <name>', 'dataset to fill an empty BigQuery with: small, realistic or stress', 'realistic')
  .option(
    '--rates <list>',
    'new rows per second while running',
    parseRates,
    parseRates('positions=20,events=0.5,metadata=0.1'),
  )
  .option('--no-generate', 'do not generate new rows while running')
  .action(async (options: StartOptions) => {
    if (!['small', 'realistic', 'stress'].includes(options.scenario)) {
      throw new InvalidArgumentError(`--scenario: expected small, realistic or stress, got "${options.scenario}"`);
    }
    const { runStart } = await import('./start-command.js');
    await runStart(options);
  });

program
  .command('credentials')
  .description('Show the Harper admin login generated for a local data root (by start or dev).')
  .option('--root <dir>', 'the data root given to start or dev', '.data/local')
  .action(async (options: { root: string }) => {
    const { runCredentials } = await import('./credentials-command.js');
    runCredentials(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`harper-bigquery-sync: ${(error as Error).message}\n`);
  process.exit(1);
});
