import type { BqField } from '../schema/tables.js';
import { SYNTHESIZER_TABLES } from '../schema/tables.js';
import type { TableName } from '../rows.js';
import { SchemaMismatchError } from './errors.js';
import type { SynthesizerTarget } from './target.js';

/** The legacy and standard names BigQuery uses for one type (the API answers with the legacy ones). */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  BOOL: 'BOOLEAN',
  STRUCT: 'RECORD',
};

const canonicalType = (type: string | undefined): string => {
  const t = (type ?? '').toUpperCase();
  return TYPE_ALIASES[t] ?? t;
};

export interface ExistingField {
  readonly name?: string | null;
  readonly type?: string | null;
  readonly mode?: string | null;
}

/** Human-readable differences between the expected schema and an existing table's; empty when equal. */
export function schemaDifferences(expected: readonly BqField[], actual: readonly ExistingField[]): string[] {
  const out: string[] = [];
  // BigQuery column names are case-insensitive.
  const byName = new Map(actual.map((f) => [(f.name ?? '').toLowerCase(), f]));
  for (const want of expected) {
    const have = byName.get(want.name.toLowerCase());
    if (!have) {
      out.push(`missing column ${want.name} ${want.type} ${want.mode}`);
      continue;
    }
    byName.delete(want.name.toLowerCase());
    if (canonicalType(have.type ?? undefined) !== canonicalType(want.type)) {
      out.push(`column ${want.name} is ${have.type ?? '?'}, expected ${want.type}`);
    }
    const mode = (have.mode ?? 'NULLABLE').toUpperCase();
    if (mode !== want.mode) out.push(`column ${want.name} is ${mode}, expected ${want.mode}`);
  }
  for (const extra of byName.values()) out.push(`unexpected column ${extra.name ?? '?'} ${extra.type ?? ''}`.trim());
  return out;
}

const isCode = (error: unknown, code: number): boolean => (error as { code?: unknown } | null)?.code === code;

/** Creates the dataset when it does not exist. Returns whether it was created. */
export async function ensureDataset(target: SynthesizerTarget): Promise<boolean> {
  const dataset = target.bigquery.dataset(target.datasetId);
  const [exists] = await dataset.exists();
  if (exists) return false;
  try {
    await dataset.create(target.location ? { location: target.location } : {});
    return true;
  } catch (error) {
    if (isCode(error, 409)) return false; // created concurrently
    throw error;
  }
}

export interface EnsuredTable {
  readonly table: TableName;
  readonly created: boolean;
}

/**
 * Creates each missing table with the synthesizer's schema, daily partitioning on its time
 * column and clustering on the vessel; checks the schema of each existing one and throws
 * SchemaMismatchError listing every difference.
 */
export async function ensureTables(target: SynthesizerTarget, tables: readonly TableName[]): Promise<EnsuredTable[]> {
  await ensureDataset(target);
  const dataset = target.bigquery.dataset(target.datasetId);
  const out: EnsuredTable[] = [];
  for (const name of tables) {
    const def = SYNTHESIZER_TABLES[name];
    const table = dataset.table(name);
    let created = false;
    const [exists] = await table.exists();
    if (!exists) {
      try {
        await dataset.createTable(name, {
          description: def.description,
          schema: { fields: def.schema.fields.map((f) => ({ ...f })) },
          timePartitioning: { ...def.timePartitioning },
          clustering: { fields: [...def.clustering.fields] },
        });
        created = true;
      } catch (error) {
        if (!isCode(error, 409)) throw error;
      }
    }
    if (!created) {
      const [metadata] = await table.getMetadata();
      const fields = (metadata as { schema?: { fields?: ExistingField[] } }).schema?.fields ?? [];
      const diff = schemaDifferences(def.schema.fields, fields);
      if (diff.length > 0) throw new SchemaMismatchError(`${target.datasetId}.${name}`, diff);
    }
    out.push({ table: name, created });
  }
  return out;
}
