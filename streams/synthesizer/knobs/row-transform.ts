import { Observable, type OperatorFunction } from 'rxjs';

/**
 * A stateful row-by-row rewrite (reorder, duplicate, alter). Each knob is written once
 * against this interface and exposed both as an RxJS operator and as an iterable
 * transform, so push consumers (RxJS) and pull consumers with backpressure (a loader
 * reading an iterator) see identical rows.
 */
export interface RowTransform<T> {
  push(row: T, emit: (row: T) => void): void;
  /** Called once at the end of input: emit anything still held back. */
  flush(emit: (row: T) => void): void;
}

/** Creates fresh state per subscription / iteration: knobs stay cold and repeatable. */
export type RowTransformFactory<T> = () => RowTransform<T>;

export function toOperator<T>(factory: RowTransformFactory<T>): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const transform = factory();
      const emit = (row: T): void => subscriber.next(row);
      return source.subscribe({
        next: (row) => transform.push(row, emit),
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          transform.flush(emit);
          subscriber.complete();
        },
      });
    });
}

export function* transformIterable<T>(
  source: Iterable<T>,
  factories: readonly RowTransformFactory<T>[],
): Generator<T, void, undefined> {
  if (factories.length === 0) {
    yield* source;
    return;
  }
  // Chain the transforms: each emits into the next; the last one fills `out`.
  const out: T[] = [];
  const stages = factories.map((f) => f());
  const emitters: ((row: T) => void)[] = [];
  emitters[stages.length] = (row) => out.push(row);
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i] as RowTransform<T>;
    const next = emitters[i + 1] as (row: T) => void;
    emitters[i] = (row) => stage.push(row, next);
  }
  const first = emitters[0] as (row: T) => void;
  for (const row of source) {
    first(row);
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
  for (let i = 0; i < stages.length; i++) (stages[i] as RowTransform<T>).flush(emitters[i + 1] as (row: T) => void);
  yield* out;
}
