/** A table a GraphQL schema file declares with `type X @table`. */
export interface SchemaTable {
  name: string;
  /** Harper's database for the table: the `@table(database: "...")` argument, else `data`. */
  database: string;
  file: string;
  line: number;
}

export const DEFAULT_DATABASE = 'data';

// `type Name @dir @dir(args) ... {` — directives may carry parenthesised arguments.
const TYPE_DECLARATION = /\btype\s+([A-Za-z_][A-Za-z0-9_]*)\s*((?:@[A-Za-z_][A-Za-z0-9_]*\s*(?:\([^)]*\))?\s*)*)\{/g;
const TABLE_DIRECTIVE = /@table\b\s*(\(([^)]*)\))?/;
const DATABASE_ARGUMENT = /\bdatabase\s*:\s*"([^"]*)"/;

/**
 * The tables a Harper GraphQL schema declares. Only what Harper needs to create a table is
 * read (the type name and `@table`'s database); fields are not this check's business.
 */
export function tablesInSchema(text: string, file: string): SchemaTable[] {
  // Comments are blanked, not removed, so offsets (and line numbers) stay those of the file.
  const code = text.replace(/#[^\n]*/g, (comment) => ' '.repeat(comment.length));
  const tables: SchemaTable[] = [];
  for (const match of code.matchAll(TYPE_DECLARATION)) {
    const table = TABLE_DIRECTIVE.exec(match[2] ?? '');
    if (!table) continue;
    const database = DATABASE_ARGUMENT.exec(table[2] ?? '')?.[1] ?? DEFAULT_DATABASE;
    const line = code.slice(0, match.index).split('\n').length;
    tables.push({ name: match[1]!, database, file, line });
  }
  return tables;
}
