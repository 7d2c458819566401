import { describeValue } from './describe.js';

/**
 * Every name from config ends up inside SQL text or a Harper schema. Accepting only what
 * BigQuery/Harper themselves accept means no quote, backtick, dot or semicolon can ever
 * reach the query builder, whatever it does with the name.
 */
export type IdentifierKind = 'projectId' | 'datasetId' | 'tableName' | 'columnName' | 'tableId' | 'targetTable';

// GCP: 6-30 chars of [a-z0-9-], starting with a letter, not ending with '-'; old
// domain-scoped projects carry a 'example.com:' prefix.
const PROJECT_ID = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
// BigQuery table names: Unicode letters, marks, numbers, connectors (incl. '_'), dashes and
// spaces, at most 1024 UTF-8 bytes.
const TABLE_NAME = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$/u;
const TABLE_NAME_MAX_BYTES = 1024;
// Classic column names only: flexible (Unicode/punctuation) names are deliberately not
// accepted because the same names become Harper attribute names.
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
const RESERVED_COLUMN_PREFIXES = ['_TABLE_', '_FILE_', '_PARTITION', '_ROW_TIMESTAMP', '__ROOT__', '_COLIDENTIFIER'];
// GraphQL Name; a leading '__' is reserved for introspection.
const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

const RULES: Record<IdentifierKind, string> = {
  projectId:
    'a Google Cloud project ID has 6-30 lowercase letters, digits or hyphens, starts with a letter and does not end with a hyphen',
  datasetId: 'a BigQuery dataset ID has only letters, digits and underscores (at most 1024)',
  tableName:
    'a BigQuery table name has only letters, marks, numbers, underscores, dashes and spaces (at most 1024 bytes)',
  columnName:
    'a BigQuery column name has only letters, digits and underscores, starts with a letter or underscore (at most 300)',
  tableId:
    'a table id has only letters, digits and underscores, starts with a letter or underscore, not "__" (at most 255)',
  targetTable:
    'a Harper table name has only letters, digits and underscores, starts with a letter or underscore, not "__" (at most 255)',
};

/** Why `value` is not a valid identifier of this kind, or undefined when it is. */
export function identifierProblem(kind: IdentifierKind, value: string): string | undefined {
  if (value === '') return 'must not be empty';
  if (isValidIdentifier(kind, value)) return undefined;
  if (kind === 'columnName' && COLUMN_NAME.test(value)) {
    const prefix = reservedPrefix(value);
    return `${describeValue(value)} is not allowed: the column name prefix "${prefix}" is reserved by BigQuery`;
  }
  return `${describeValue(value)} is not valid: ${RULES[kind]}`;
}

export function isValidIdentifier(kind: IdentifierKind, value: string): boolean {
  switch (kind) {
    case 'projectId':
      return PROJECT_ID.test(value);
    case 'datasetId':
      return DATASET_ID.test(value);
    case 'tableName':
      return TABLE_NAME.test(value) && Buffer.byteLength(value, 'utf8') <= TABLE_NAME_MAX_BYTES;
    case 'columnName':
      return COLUMN_NAME.test(value) && reservedPrefix(value) === undefined;
    case 'tableId':
    case 'targetTable':
      return GRAPHQL_NAME.test(value) && !value.startsWith('__');
  }
}

function reservedPrefix(value: string): string | undefined {
  const upper = value.toUpperCase();
  return RESERVED_COLUMN_PREFIXES.find((prefix) => upper.startsWith(prefix));
}
