/**
 * DuckDB instance and connections. One connection writes (DDL, DML, appends, catalog) and
 * its work is strictly serialised, so multi-statement operations such as "create table +
 * catalog row" or "append rows in a transaction" never interleave. A small pool of reader
 * connections runs queries concurrently with it: DuckDB gives each connection a consistent
 * snapshot, and a single connection is never used by two operations at once.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Runs async jobs one at a time, in submission order. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  get depth(): number {
    return this.pending;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(job, job);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.pending--;
    });
  }
}

interface Lane {
  conn: DuckDBConnection;
  queue: SerialQueue;
}

export class Db {
  private closed = false;

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly writer: Lane,
    private readonly readers: Lane[],
    private readonly persistent: boolean,
  ) {}

  static async open(path: string | undefined, readerCount = 2): Promise<Db> {
    const instance = await DuckDBInstance.create(path ?? ':memory:');
    const lane = async (): Promise<Lane> => ({ conn: await instance.connect(), queue: new SerialQueue() });
    const writer = await lane();
    // BigQuery semantics that DuckDB makes settings: UTC for every TIMESTAMP <-> civil
    // conversion, and NULLs first on ASC / last on DESC.
    await writer.conn.run("SET GLOBAL TimeZone = 'UTC'");
    await writer.conn.run("SET GLOBAL default_null_order = 'nulls_first_on_asc_last_on_desc'");
    const readers: Lane[] = [];
    for (let i = 0; i < readerCount; i++) readers.push(await lane());
    return new Db(instance, writer, readers, path !== undefined);
  }

  /** The writer connection, exclusively, for the duration of `job`. */
  write<T>(job: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('engine is closed'));
    return this.writer.queue.run(() => job(this.writer.conn));
  }

  /** The least busy reader connection, exclusively, for the duration of `job`. */
  read<T>(job: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('engine is closed'));
    let best = this.readers[0] as Lane;
    for (const r of this.readers) if (r.queue.depth < best.queue.depth) best = r;
    return best.queue.run(() => job(best.conn));
  }

  /** A connection for one-time setup (function registration is instance-wide). */
  get setupConnection(): DuckDBConnection {
    return this.writer.conn;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued work finish before the connections go away.
    await Promise.all([
      this.writer.queue.run(async () => undefined),
      ...this.readers.map((r) => r.queue.run(async () => undefined)),
    ]);
    this.closed = true;
    // Fold the WAL into the database file so the next open starts clean.
    if (this.persistent) await this.writer.conn.run('CHECKPOINT').catch(() => undefined);
    for (const r of this.readers) r.conn.closeSync();
    this.writer.conn.closeSync();
    this.instance.closeSync();
  }
}
