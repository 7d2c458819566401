/** Harper's `databases` global, or a stand-in with the same shape. */
export type HarperDatabases = Record<string, Record<string, unknown> | undefined>;

/**
 * A table the sync needs is not in the schema Harper loaded. No retry adds it: the
 * supervisor reads `kind`/`fatal` and fails the table at once with this message.
 */
export class MissingTableError extends Error {
  readonly kind = 'schema';
  readonly fatal = true;
  constructor(
    readonly database: string,
    readonly table: string,
    hint: string,
  ) {
    super(`Harper has no table ${database}.${table}: ${hint}`);
    this.name = 'MissingTableError';
  }
}

/** A Harper table by database and name, or an error saying what to fix (`hint`). */
export function requireTable<T>(databases: HarperDatabases, database: string, name: string, hint: string): T {
  const table = databases[database]?.[name];
  if (!table) throw new MissingTableError(database, name, hint);
  return table as T;
}

/**
 * A plain copy of a Harper record. Records expose their fields through accessors, so
 * `{ ...record }` is empty; JSON is the copy Harper itself serves over REST.
 */
export function plainRecord(record: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}
