/** Harper's `databases` global, or a stand-in with the same shape. */
export type HarperDatabases = Record<string, Record<string, unknown> | undefined>;

/** A Harper table by database and name, or an error saying what to fix (`hint`). */
export function requireTable<T>(databases: HarperDatabases, database: string, name: string, hint: string): T {
  const table = databases[database]?.[name];
  if (!table) throw new Error(`Harper has no table ${database}.${name}: ${hint}`);
  return table as T;
}

/**
 * A plain copy of a Harper record. Records expose their fields through accessors, so
 * `{ ...record }` is empty; JSON is the copy Harper itself serves over REST.
 */
export function plainRecord(record: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}
