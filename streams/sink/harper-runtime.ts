import type { HarperAttribute } from './record-validator.js';

/** The part of a Harper table class the sink uses (static Resource API). */
export interface HarperTable {
  get(
    id: string,
    context?: unknown,
  ): Promise<Record<string, unknown> | undefined | null> | Record<string, unknown> | undefined | null;
  put(record: Record<string, unknown>, context?: unknown): unknown;
  delete(id: string, context?: unknown): unknown;
  /** Declared attributes (from the GraphQL schema); absent in stand-ins. */
  attributes?: readonly HarperAttribute[];
}

/** Harper's runtime: its globals inside a worker thread, or a stand-in with the same shape. */
export interface HarperRuntime {
  databases: Record<string, Record<string, HarperTable | undefined> | undefined>;
  transaction<T>(callback: (txn: unknown) => Promise<T> | T): Promise<T>;
}

/** Harper's globals, looked up when used: this module is also imported outside Harper. */
export function harperGlobals(): HarperRuntime {
  const g = globalThis as unknown as Partial<HarperRuntime>;
  if (!g.databases || !g.transaction) {
    throw new Error(
      'Harper globals (databases, transaction) are missing: the Harper sink runs only inside a Harper worker',
    );
  }
  return { databases: g.databases, transaction: g.transaction.bind(globalThis) };
}
