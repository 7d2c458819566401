/**
 * Runs steps one at a time, in the order they were queued; a failed step does not stop the
 * ones after it (its caller gets the failure).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
