/**
 * Pulls the next item of `source` as soon as the consumer has taken one, so reading and
 * decoding chunk k+1 overlaps the consumer's await on chunk k (a Harper commit, whose write
 * runs off this thread). At most one item is read ahead: memory stays one chunk above the
 * consumer's. When the consumer stops early, the source is ended without waiting for it (its
 * pending read settles first; its failure then is of no interest).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let ended = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        ended = true;
        return;
      }
      next = iterator.next();
      // A failure of the read ahead surfaces when the consumer asks for that item.
      next.catch(() => undefined);
      yield result.value;
    }
  } catch (error) {
    ended = true;
    throw error;
  } finally {
    if (!ended) void iterator.return?.()?.catch(() => undefined);
  }
}
