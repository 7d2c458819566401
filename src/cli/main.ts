#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { runDev } from './dev-command.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InvalidArgumentError(`expected a TCP port number (1-65535), got "${value}"`);
  }
  return n;
}

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
    await runDev(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`harper-bigquery-sync: ${(error as Error).message}\n`);
  process.exit(1);
});
