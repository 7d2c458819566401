import { Argument, Command, CommanderError, Option } from 'commander';
import {
  SCENARIO_PRESETS,
  type ScenarioCounts,
  type ScenarioName,
} from '../../../streams/synthesizer/scenarios/presets.js';
import type { TableName } from '../../../streams/synthesizer/rows.js';
import { DEFAULT_DATASET, type TableRates } from '../../../streams/synthesizer/writer/index.js';
import {
  parseCount,
  parseDatasetId,
  parseDurationMs,
  parseEndpoint,
  parseIsoTime,
  parsePositiveCount,
  parseRates,
  parseSeed,
  parseTables,
} from './args.js';
import { DEFAULT_ENDPOINT } from './connection.js';
import { DEFAULT_RATES, type CommonOptions, type Invocation } from './invocation.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export type ParseOutcome =
  { readonly kind: 'run'; readonly invocation: Invocation } | { readonly kind: 'exit'; readonly code: number };

class UsageError extends Error {}

interface RawCommon {
  endpoint: string;
  project?: string;
  dataset: string;
  location?: string;
  seed?: number;
  tables?: TableName[];
  streaming?: boolean;
  credentials?: string;
  quiet?: boolean;
  json?: boolean;
}

interface RawCounts {
  positions?: number;
  events?: number;
  metadata?: number;
}

const SCENARIOS = Object.keys(SCENARIO_PRESETS) as ScenarioName[];

function withCommon(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--endpoint <url>', 'BigQuery-compatible server (not with --credentials)')
        .default(DEFAULT_ENDPOINT)
        .env('BIGQUERY_API_ENDPOINT')
        .argParser(parseEndpoint),
    )
    .option('--project <id>', "project id (default local-project, or the key file's project)")
    .option('--dataset <id>', 'dataset', parseDatasetId, DEFAULT_DATASET)
    .option('--location <name>', 'location for a dataset that gets created (e.g. US, EU)')
    .option('--seed <n>', 'random seed: same seed, same rows', parseSeed)
    .option('--tables <list>', 'subset of positions,events,metadata (default all three)', parseTables)
    .option('--streaming', 'write with streaming inserts (insertAll) instead of load jobs')
    .option('--credentials <keyfile>', 'service-account key file: write to Google BigQuery')
    .option('--quiet', 'no progress output')
    .option('--json', 'print the result as JSON');
}

function withCounts(cmd: Command): Command {
  return cmd
    .option('--positions <n>', 'vessel_positions rows (overrides the scenario)', parseCount)
    .option('--events <n>', 'port_events rows (overrides the scenario)', parseCount)
    .option('--metadata <n>', 'vessel_metadata rows (overrides the scenario)', parseCount);
}

function common(cmd: Command): CommonOptions {
  const o = cmd.opts<RawCommon>();
  if (o.credentials !== undefined && cmd.getOptionValueSource('endpoint') === 'cli') {
    throw new UsageError('--endpoint and --credentials cannot be used together: a key file means Google BigQuery.');
  }
  return {
    endpoint: o.endpoint,
    dataset: o.dataset,
    streaming: o.streaming === true,
    quiet: o.quiet === true,
    json: o.json === true,
    ...(o.project !== undefined ? { project: o.project } : {}),
    ...(o.location !== undefined ? { location: o.location } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.tables !== undefined ? { tables: o.tables } : {}),
    ...(o.credentials !== undefined ? { credentials: o.credentials } : {}),
  };
}

function counts(cmd: Command): Partial<ScenarioCounts> {
  const o = cmd.opts<RawCounts>();
  return {
    ...(o.positions !== undefined ? { positions: o.positions } : {}),
    ...(o.events !== undefined ? { events: o.events } : {}),
    ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
  };
}

/**
 * Parses argv (without node and script) into an Invocation. Help and version print and
 * exit 0; any usage problem prints commander's message (naming the flag and value) and
 * exits 2. Nothing here touches the network.
 */
export function parseCommandLine(argv: readonly string[], io: Io): ParseOutcome {
  let invocation: Invocation | undefined;
  const program = new Command()
    .name('maritime-data-synthesizer')
    .description('Fill BigQuery with related maritime test data: vessel positions, port events, vessel metadata.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  withCounts(
    withCommon(
      program
        .command('initialize')
        .description('create the dataset and tables if missing, empty them, and write a scenario')
        .addArgument(new Argument('<scenario>', 'size preset').choices(SCENARIOS)),
    ),
  )
    .option('--start <iso>', 'window start (default 2026-01-01T00:00:00Z)', parseIsoTime)
    .option('--duration <d>', "window length, e.g. 24h, 90m, 7d (default: the scenario's)", parseDurationMs)
    .option('--append', 'keep existing rows instead of emptying the tables first')
    .action((scenario: ScenarioName, _o: unknown, cmd: Command) => {
      const o = cmd.opts<{ start?: string; duration?: number; append?: boolean }>();
      invocation = {
        command: 'initialize',
        common: common(cmd),
        scenario,
        counts: counts(cmd),
        append: o.append === true,
        ...(o.start !== undefined ? { start: o.start } : {}),
        ...(o.duration !== undefined ? { durationMs: o.duration } : {}),
      };
    });

  withCommon(program.command('start').description('generate rows continuously in real time until Ctrl-C (or --for)'))
    .option('--rates <list>', 'rows per second per table', parseRates)
    .option('--flush <d>', 'how often buffered rows are written', parseDurationMs, 5000)
    .option('--vessels <n>', 'live fleet size (default: enough for the events rate)', parsePositiveCount)
    .option('--retention-days <n>', 'delete rows older than this many days', parsePositiveCount)
    .option('--retention-every <d>', 'how often retention runs', parseDurationMs, 3_600_000)
    .option('--for <d>', 'stop by itself after this long, e.g. 30s', parseDurationMs)
    .action((_o: unknown, cmd: Command) => {
      const o = cmd.opts<{
        rates?: TableRates;
        flush: number;
        vessels?: number;
        retentionDays?: number;
        retentionEvery: number;
        for?: number;
      }>();
      invocation = {
        command: 'start',
        common: common(cmd),
        rates: o.rates ?? DEFAULT_RATES,
        flushMs: o.flush,
        retentionIntervalMs: o.retentionEvery,
        ...(o.vessels !== undefined ? { vessels: o.vessels } : {}),
        ...(o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {}),
        ...(o.for !== undefined ? { forMs: o.for } : {}),
      };
    });

  withCommon(program.command('clear').description('empty the tables (or drop them with --drop)'))
    .option('--drop', 'drop the tables instead of truncating them')
    .action((_o: unknown, cmd: Command) => {
      invocation = { command: 'clear', common: common(cmd), drop: cmd.opts<{ drop?: boolean }>().drop === true };
    });

  withCommon(program.command('stats').description('rows, time range and vessels per table')).action(
    (_o: unknown, cmd: Command) => {
      invocation = { command: 'stats', common: common(cmd) };
    },
  );

  withCounts(
    withCommon(
      program
        .command('verify')
        .description('check counts and cross-table consistency; exit 1 when a check fails')
        .addArgument(new Argument('[scenario]', "expect this preset's row counts").choices(SCENARIOS)),
    ),
  ).action((scenario: ScenarioName | undefined, _o: unknown, cmd: Command) => {
    invocation = {
      command: 'verify',
      common: common(cmd),
      counts: counts(cmd),
      ...(scenario !== undefined ? { scenario } : {}),
    };
  });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return { kind: 'exit', code: error.exitCode === 0 ? EXIT_OK : EXIT_USAGE };
    }
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      return { kind: 'exit', code: EXIT_USAGE };
    }
    throw error;
  }
  if (!invocation) {
    // No subcommand: commander printed nothing for a bare program, so show help.
    io.stderr.write(program.helpInformation());
    return { kind: 'exit', code: EXIT_USAGE };
  }
  return { kind: 'run', invocation };
}
