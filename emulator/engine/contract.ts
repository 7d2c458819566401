/**
 * The contract between the local BigQuery server's HTTP layer (emulator/server) and its
 * storage/query engine (emulator/engine, DuckDB). Shapes follow the BigQuery REST API v2
 * JSON so that the HTTP layer passes them through without reshaping.
 */

/** BigQuery legacy and standard type names as they appear in REST schemas. */
export type BqTypeName =
  | 'BOOL'
  | 'BOOLEAN'
  | 'INT64'
  | 'INTEGER'
  | 'FLOAT64'
  | 'FLOAT'
  | 'NUMERIC'
  | 'BIGNUMERIC'
  | 'STRING'
  | 'BYTES'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'TIMESTAMP'
  | 'GEOGRAPHY'
  | 'JSON'
  | 'STRUCT'
  | 'RECORD';

/** tables.insert schema field (REST TableFieldSchema). */
export interface FieldSchema {
  name: string;
  type: BqTypeName;
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  fields?: FieldSchema[];
  description?: string;
}

export interface TableSchema {
  fields: FieldSchema[];
}

/** REST QueryParameterType. */
export interface QueryParameterType {
  type: string;
  arrayType?: QueryParameterType;
  structTypes?: { name?: string; type: QueryParameterType }[];
}

/** REST QueryParameterValue. */
export interface QueryParameterValue {
  value?: string | null;
  arrayValues?: QueryParameterValue[];
  structValues?: Record<string, QueryParameterValue>;
}

/** REST QueryParameter; `name` is absent in POSITIONAL mode. */
export interface QueryParameter {
  name?: string;
  parameterType: QueryParameterType;
  parameterValue?: QueryParameterValue;
}

/** A row in REST wire format: `{ f: [{ v }] }`, nested for RECORD, `[{v}]` for REPEATED. */
export interface RestRow {
  f: { v: unknown }[];
}

export interface TableRef {
  projectId: string;
  datasetId: string;
  tableId: string;
}

/** One error the way BigQuery reports it (ErrorProto). */
export interface ErrorProto {
  reason: string;
  message: string;
  location?: string;
}

/** An engine failure that the HTTP layer turns into Google's error JSON. */
export class BigQueryError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
    readonly location?: string,
  ) {
    super(message);
    this.name = 'BigQueryError';
  }
}

export interface InsertOptions {
  skipInvalidRows?: boolean;
  ignoreUnknownValues?: boolean;
}

export interface InsertResult {
  /** Per-row errors, BigQuery insertAll shape. Empty when every row was stored. */
  insertErrors: { index: number; errors: ErrorProto[] }[];
  /** Rows actually written. */
  inserted: number;
}

export interface QueryOptions {
  defaultDataset?: { projectId?: string; datasetId: string };
  defaultProjectId: string;
  parameterMode?: 'NAMED' | 'POSITIONAL';
  queryParameters?: QueryParameter[];
  /** Encode TIMESTAMP as int64 microseconds strings (the client asks for this) instead of float seconds. */
  useInt64Timestamp?: boolean;
  dryRun?: boolean;
}

export interface QueryResult {
  statementType:
    'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'CREATE_TABLE' | 'DROP_TABLE' | 'TRUNCATE_TABLE' | string;
  /** Result schema (SELECT); absent for DML/DDL. */
  schema?: TableSchema;
  /** Encoded rows; empty for dry runs and DML/DDL. */
  rows: RestRow[];
  totalRows: number;
  numDmlAffectedRows?: number;
  referencedTables: TableRef[];
  /** Estimated the way BigQuery documents on-demand billing: stored bytes of referenced columns. */
  totalBytesProcessed: number;
  /** The same bytes per referenced table, in `referencedTables` order (billing's 10 MB minimum is per table). */
  bytesPerTable?: number[];
}

export interface ListRowsOptions {
  startIndex?: number;
  maxResults?: number;
  selectedFields?: string[];
  useInt64Timestamp?: boolean;
}

export interface TableStats {
  numRows: number;
  /** Logical bytes as BigQuery documents data size per type. */
  numBytes: number;
}

/** One chunk of a SELECT's result in the engine's own typed values (see Engine.selectChunks). */
export interface ResultChunk {
  /** The engine's column types (DuckDB's DuckDBType for the DuckDB engine). */
  types: readonly unknown[];
  /** Column-major values (DuckDB's DuckDBValue for the DuckDB engine). */
  columns: readonly (readonly unknown[])[];
  rowCount: number;
}

/**
 * Storage and query engine. Catalog metadata (dataset and table resources as JSON) is
 * persisted by the engine beside the data so a file-backed server survives restarts.
 */
export interface Engine {
  createDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void>;
  getDataset(projectId: string, datasetId: string): Promise<Record<string, unknown> | undefined>;
  listDatasets(projectId: string): Promise<Record<string, unknown>[]>;
  updateDataset(projectId: string, datasetId: string, resource: Record<string, unknown>): Promise<void>;
  /** Throws BigQueryError 400 resourceInUse when not empty and !deleteContents. */
  deleteDataset(projectId: string, datasetId: string, deleteContents: boolean): Promise<void>;

  createTable(ref: TableRef, schema: TableSchema, resource: Record<string, unknown>): Promise<void>;
  getTable(ref: TableRef): Promise<{ resource: Record<string, unknown>; schema: TableSchema } | undefined>;
  listTables(
    projectId: string,
    datasetId: string,
  ): Promise<{ resource: Record<string, unknown>; schema: TableSchema }[]>;
  /** Only adding NULLABLE/REPEATED columns (and changing descriptions) is allowed, like BigQuery. */
  patchTable(ref: TableRef, schema: TableSchema | undefined, resource: Record<string, unknown>): Promise<void>;
  deleteTable(ref: TableRef): Promise<void>;
  truncateTable(ref: TableRef): Promise<void>;
  tableStats(ref: TableRef): Promise<TableStats>;

  /** Rows as JSON values the way insertAll/NDJSON load accept them (strings for INT64 allowed, etc.). */
  insertRows(ref: TableRef, rows: Record<string, unknown>[], options: InsertOptions): Promise<InsertResult>;
  listRows(
    ref: TableRef,
    options: ListRowsOptions,
  ): Promise<{ rows: RestRow[]; totalRows: number; schema: TableSchema }>;

  query(sql: string, options: QueryOptions): Promise<QueryResult>;

  /**
   * Optional: runs a SELECT (translated like `query`) and hands its result chunk by chunk in
   * the engine's typed values, without REST encoding. The Storage Read service builds Arrow
   * batches from them; `query` stays the reference for values.
   */
  selectChunks?(sql: string, options: QueryOptions, onChunk: (chunk: ResultChunk) => void): Promise<void>;

  close(): Promise<void>;
}
