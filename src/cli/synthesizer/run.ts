import { runClear } from './commands/clear.js';
import { planScenario, runInitialize } from './commands/initialize.js';
import { runStart } from './commands/start.js';
import { runStats } from './commands/stats.js';
import { runVerify } from './commands/verify.js';
import { ConnectionError, describeFailure } from './connection.js';
import { openContext } from './context.js';
import { EXIT_FAILURE, EXIT_USAGE, parseCommandLine, type Io } from './program.js';

const NAME = 'maritime-data-synthesizer';

/**
 * Parses, connects, runs one command and maps the outcome to an exit code. SIGINT/SIGTERM
 * abort the command: `start` then flushes and exits 0; other commands stop and exit 1.
 * A second Ctrl-C exits at once.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, io);
  if (parsed.kind === 'exit') return parsed.code;
  const inv = parsed.invocation;

  // Planning validates counts and windows before any connection is made: a usage problem.
  let scenario;
  if (inv.command === 'initialize') {
    try {
      scenario = planScenario(inv);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
  }

  const abort = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) process.exit(130);
    io.stderr.write(`${NAME}: stopping (Ctrl-C again to quit at once)\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const ctx = await openContext(io, inv.common, abort.signal);
    switch (inv.command) {
      case 'initialize':
        return await runInitialize(ctx, inv, scenario as ReturnType<typeof planScenario>);
      case 'start':
        return await runStart(ctx, inv);
      case 'clear':
        return await runClear(ctx, inv);
      case 'stats':
        return await runStats(ctx, inv);
      case 'verify':
        return await runVerify(ctx, inv);
    }
  } catch (error) {
    const endpoint = inv.common.credentials === undefined ? inv.common.endpoint : undefined;
    const message =
      error instanceof ConnectionError
        ? error.message
        : abort.signal.aborted
          ? 'interrupted'
          : describeFailure(error, endpoint);
    io.stderr.write(`${NAME}: ${message}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
