/**
 * A serial mailbox for an actor's commands: each runs after every command sent before it
 * finished, so a pause and a resync never interleave. A command of the same kind as the
 * last one sent, while that one still waits or runs, joins it instead of running again:
 * a pause sent twice while the first drains drains once.
 */
export class Mailbox<Kind extends string> {
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private last: { kind: Kind; done: Promise<void>; settled: boolean } | undefined;

  send(kind: Kind, work: () => Promise<void> | void): Promise<void> {
    const last = this.last;
    if (last && !last.settled && last.kind === kind) return last.done;
    const entry = { kind, done: Promise.resolve(), settled: false };
    const run = async (): Promise<void> => {
      try {
        await work();
      } finally {
        entry.settled = true;
        this.inFlight--;
      }
    };
    // An idle mailbox runs the command at once (synchronously up to its first await), so a
    // start is visible in the status before `send` returns.
    entry.done = this.inFlight++ === 0 ? run() : this.tail.then(run);
    this.tail = entry.done.catch(() => undefined);
    this.last = entry;
    return entry.done;
  }

  /** Resolves when every command sent so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
