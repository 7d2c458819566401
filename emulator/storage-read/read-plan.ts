/**
 * A CreateReadSession request's read options -> what to read: the selected fields (in table
 * order, as BigQuery orders the session schema) and the GoogleSQL query that materialises the
 * session's rows, with the row restriction as its WHERE so it goes through the same
 * translation as any query. Pure.
 */
import type { TableRef } from '../engine/contract.js';
import type { Field } from '../types/schema.js';
import { invalidArgument, unimplemented } from './errors.js';

export interface ReadPlan {
  fields: Field[];
  sql: string;
}

function quoteGoogleSql(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/** Selected top-level fields, validated and in table order; all fields when none are named. */
export function selectFields(tableFields: readonly Field[], selected: readonly string[]): Field[] {
  if (selected.length === 0) return [...tableFields];
  const wanted = new Set<string>();
  for (const raw of selected) {
    const name = raw.trim();
    if (name.includes('.')) {
      const top = name.split('.')[0] as string;
      const field = tableFields.find((f) => f.name.toLowerCase() === top.toLowerCase());
      if (!field || field.type !== 'STRUCT') throw invalidArgument(`request failed: Field ${name} not found in table`);
      throw unimplemented(
        `Selecting the nested field ${name} is not supported by the local Storage Read server; select ${field.name}`,
      );
    }
    const field = tableFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!field) throw invalidArgument(`request failed: Column ${name} not found in table`);
    wanted.add(field.name);
  }
  return tableFields.filter((f) => wanted.has(f.name));
}

export function buildReadPlan(
  table: TableRef,
  tableFields: readonly Field[],
  selected: readonly string[],
  rowRestriction: string,
): ReadPlan {
  const fields = selectFields(tableFields, selected);
  if (fields.length === 0) throw invalidArgument('request failed: the table has no columns to read');
  const columns = fields.map((f) => quoteGoogleSql(f.name)).join(', ');
  const from = quoteGoogleSql(`${table.projectId}.${table.datasetId}.${table.tableId}`);
  const restriction = rowRestriction.trim();
  // The restriction sits on its own lines so a trailing `--` comment cannot swallow the bracket.
  const where = restriction === '' ? '' : `\nWHERE (\n${restriction}\n)`;
  return { fields, sql: `SELECT ${columns} FROM ${from}${where}` };
}
