export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface ShutdownSignal {
  /** Resolves with the first of SIGINT, SIGTERM or SIGHUP (a closed terminal). */
  readonly received: Promise<NodeJS.Signals>;
  /** The signal, once one came. */
  readonly signal: NodeJS.Signals | undefined;
  /**
   * Waits for `step` unless a shutdown signal comes first; then rejects with
   * ShutdownRequested (and a later failure of the abandoned step is ignored).
   */
  race<T>(step: Promise<T>): Promise<T>;
  dispose(): void;
}

export class ShutdownRequested extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`${signal}: stopping`);
    this.name = 'ShutdownRequested';
  }
}

/**
 * Listens for the signals that end a CLI run from the moment it is called, so a Ctrl-C or a
 * closed terminal during startup stops what was started instead of killing the CLI under
 * its children. A second signal exits at once (the exit hooks still kill the children).
 */
export function listenForShutdown(
  onSecond: (signal: NodeJS.Signals) => void = () => process.exit(130),
): ShutdownSignal {
  let first: NodeJS.Signals | undefined;
  let resolveReceived!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((r) => (resolveReceived = r));
  const handler = (signal: NodeJS.Signals) => {
    if (first !== undefined) return onSecond(signal);
    first = signal;
    resolveReceived(signal);
  };
  for (const name of SHUTDOWN_SIGNALS) process.on(name, handler);
  return {
    received,
    get signal() {
      return first;
    },
    race<T>(step: Promise<T>): Promise<T> {
      step.catch(() => undefined);
      return Promise.race([
        step,
        received.then((signal) => {
          throw new ShutdownRequested(signal);
        }),
      ]);
    },
    dispose() {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, handler);
    },
  };
}
