/**
 * Load jobs from uploaded NEWLINE_DELIMITED_JSON. A failing load stores nothing: rows are
 * first offered to the engine all-or-nothing, bad records are counted against
 * maxBadRecords, and only then are the good rows written. WRITE_TRUNCATE validates in a
 * hidden staging table first so a failed load leaves the old contents in place.
 */
import type { ErrorProto, InsertResult, TableRef, TableSchema } from '../../engine/contract.js';
import { BigQueryError, duplicate, invalid, notFound, tableName, toBigQueryError } from '../errors.js';
import type { ServerContext } from '../context.js';
import { InsertIdCache } from '../insert-dedupe.js';
import { intField } from '../paging.js';
import { newTableResource, storableTable } from '../resources.js';
import { parseSchema } from '../schema.js';
import { inferSchema } from './autodetect.js';
import { csvOptions, parseCsv, type CsvOptions } from './csv.js';
import { markDone, markRunning } from './lifecycle.js';
import { parseEnum } from './query-config.js';
import type { JobRecord } from './store.js';

/** Tables with this prefix are the server's own scratch space and are hidden from tables.list. */
export const STAGING_PREFIX = '_bq_local_staging_';

export interface LoadConfig {
  destination: TableRef;
  sourceFormat: string;
  schema?: TableSchema;
  autodetect: boolean;
  createDisposition: 'CREATE_IF_NEEDED' | 'CREATE_NEVER';
  writeDisposition: 'WRITE_APPEND' | 'WRITE_TRUNCATE' | 'WRITE_EMPTY';
  maxBadRecords: number;
  ignoreUnknownValues: boolean;
  allowFieldAddition: boolean;
  sourceUris: string[];
  /** Table settings applied when the load creates the table. */
  tableSettings: Record<string, unknown>;
  csv: CsvOptions;
}

export function parseLoadConfig(projectId: string, load: Record<string, unknown>): LoadConfig {
  const dest = load.destinationTable as Partial<TableRef> | undefined;
  if (!dest || typeof dest.datasetId !== 'string' || typeof dest.tableId !== 'string') {
    throw invalid(
      'Load configuration must specify destinationTable.datasetId and destinationTable.tableId.',
      'destinationTable',
    );
  }
  const cfg: LoadConfig = {
    destination: { projectId: dest.projectId || projectId, datasetId: dest.datasetId, tableId: dest.tableId },
    sourceFormat: typeof load.sourceFormat === 'string' && load.sourceFormat ? load.sourceFormat.toUpperCase() : 'CSV',
    autodetect: load.autodetect === true,
    createDisposition: parseEnum(
      load.createDisposition,
      ['CREATE_IF_NEEDED', 'CREATE_NEVER'],
      'CREATE_IF_NEEDED',
      'createDisposition',
    ),
    writeDisposition: parseEnum(
      load.writeDisposition,
      ['WRITE_APPEND', 'WRITE_TRUNCATE', 'WRITE_EMPTY'],
      'WRITE_APPEND',
      'writeDisposition',
    ),
    maxBadRecords: intField(load.maxBadRecords, 'maxBadRecords') ?? 0,
    ignoreUnknownValues: load.ignoreUnknownValues === true,
    allowFieldAddition:
      Array.isArray(load.schemaUpdateOptions) && load.schemaUpdateOptions.includes('ALLOW_FIELD_ADDITION'),
    sourceUris: Array.isArray(load.sourceUris) ? (load.sourceUris as unknown[]).map(String) : [],
    tableSettings: {},
    csv: csvOptions(load),
  };
  if (load.schema !== undefined && load.schema !== null)
    cfg.schema = parseSchema(load.schema, 'configuration.load.schema');
  for (const key of ['timePartitioning', 'clustering', 'rangePartitioning', 'destinationTableProperties'] as const) {
    if (load[key] !== undefined) cfg.tableSettings[key] = load[key];
  }
  const props = cfg.tableSettings.destinationTableProperties as Record<string, unknown> | undefined;
  if (props) {
    delete cfg.tableSettings.destinationTableProperties;
    for (const key of ['description', 'friendlyName', 'labels'] as const)
      if (props[key] !== undefined) cfg.tableSettings[key] = props[key];
  }
  return cfg;
}

interface BadRecord {
  /** 0-based line among non-empty lines. */
  row: number;
  message: string;
}

/** Runs the load to completion; never throws (failures end up in the job's status). */
export async function runLoadJob(
  ctx: ServerContext,
  job: JobRecord,
  cfg: LoadConfig,
  data: Buffer | undefined,
): Promise<void> {
  markRunning(job);
  const bad: BadRecord[] = [];
  try {
    if (data === undefined) {
      throw invalid(
        cfg.sourceUris.length > 0
          ? `Loading from ${cfg.sourceUris[0] ?? 'sourceUris'} is not supported by the local server; upload the file instead (table.load(localPath) or table.createWriteStream()).`
          : 'The load job has no data: upload it with the job (multipart or resumable upload).',
      );
    }
    if (cfg.sourceFormat !== 'NEWLINE_DELIMITED_JSON' && cfg.sourceFormat !== 'CSV') {
      throw invalid(
        `Source format ${cfg.sourceFormat} is not supported by the local server; use NEWLINE_DELIMITED_JSON ` +
          `(give the file a .json extension or pass { sourceFormat: 'NEWLINE_DELIMITED_JSON' }) or CSV.`,
      );
    }
    const input = data;
    const parse = (schema: TableSchema | undefined): Parsed =>
      cfg.sourceFormat === 'CSV' ? parseCsvInput(input, schema, cfg, bad) : parseNdjson(input, bad);
    const stats = job.resource.statistics;
    const loadStats: Record<string, unknown> = {
      inputFiles: '1',
      inputFileBytes: String(data.length),
      outputRows: '0',
      outputBytes: '0',
      badRecords: '0',
    };
    stats.load = loadStats;
    const outcome = await writeRows(ctx, job, cfg, parse, bad);
    loadStats.outputRows = String(outcome.written);
    loadStats.outputBytes = String(Math.max(0, outcome.bytesAfter - outcome.bytesBefore));
    loadStats.badRecords = String(bad.length);
    markDone(
      job,
      undefined,
      bad.map((b) => rowError(b)),
    );
  } catch (err) {
    const e = toBigQueryError(err);
    markDone(
      job,
      e,
      bad.map((b) => rowError(b)),
    );
  }
}

interface Parsed {
  rows: Record<string, unknown>[];
  /** Line number (among non-empty lines) of each parsed row. */
  lineOf: number[];
  /** Non-empty lines, parsed or not. */
  lines: number;
}

function parseNdjson(data: Buffer, bad: BadRecord[]): Parsed {
  const text = data.toString('utf8');
  const rows: Record<string, unknown>[] = [];
  const lineOf: number[] = [];
  let row = 0;
  let start = 0;
  while (start <= text.length) {
    const lineStart = start;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('a row must be a JSON object');
      rows.push(value as Record<string, unknown>);
      lineOf.push(row);
    } catch (err) {
      bad.push({
        row,
        message: `JSON parsing error in row starting at position ${lineStart}: ${(err as Error).message}`,
      });
    }
    row++;
  }
  return { rows, lineOf, lines: row };
}

function parseCsvInput(data: Buffer, schema: TableSchema | undefined, cfg: LoadConfig, bad: BadRecord[]): Parsed {
  if (!schema) {
    throw invalid(
      'CSV loads need a schema (in the job or on the table); autodetect is only supported for NEWLINE_DELIMITED_JSON here.',
    );
  }
  let records;
  try {
    records = parseCsv(data.toString('utf8'), schema, cfg.csv);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  const rows: Record<string, unknown>[] = [];
  const lineOf: number[] = [];
  for (const rec of records) {
    if (rec.values) {
      rows.push(rec.values);
      lineOf.push(rec.row);
    } else {
      bad.push({
        row: rec.row,
        message: `CSV processing encountered an error in row ${rec.row + 1}: ${rec.error ?? 'invalid row'}`,
      });
    }
  }
  return { rows, lineOf, lines: records.length };
}

async function writeRows(
  ctx: ServerContext,
  job: JobRecord,
  cfg: LoadConfig,
  parse: (schema: TableSchema | undefined) => Parsed,
  bad: BadRecord[],
): Promise<{ written: number; bytesBefore: number; bytesAfter: number }> {
  const ref = cfg.destination;
  const name = tableName(ref.projectId, ref.datasetId, ref.tableId);
  const ds = await ctx.engine.getDataset(ref.projectId, ref.datasetId);
  if (!ds) throw notFound(`Not found: Dataset ${ref.projectId}:${ref.datasetId}`);
  const existing = await ctx.engine.getTable(ref);
  if (!existing && cfg.createDisposition === 'CREATE_NEVER') throw notFound(`Not found: Table ${name}`);
  let schema = existing && !(cfg.writeDisposition === 'WRITE_TRUNCATE' && cfg.schema) ? existing.schema : cfg.schema;
  let parsed: Parsed | undefined;
  if (!schema && cfg.autodetect && cfg.sourceFormat === 'NEWLINE_DELIMITED_JSON') {
    parsed = parse(undefined);
    schema = inferSchema(parsed.rows);
  }
  if (!schema) throw invalid('No schema specified on job or table.');
  parsed ??= parse(schema);
  checkBadLimit(cfg, bad, parsed.lines);

  const options = { skipInvalidRows: false, ignoreUnknownValues: cfg.ignoreUnknownValues };
  const key = InsertIdCache.key(ref.projectId, ref.datasetId, ref.tableId);

  if (existing && cfg.writeDisposition === 'WRITE_EMPTY') {
    const stats = await ctx.engine.tableStats(ref);
    if (stats.numRows > 0) throw duplicate(`Already Exists: Table ${name}`);
  }

  if (existing && cfg.writeDisposition === 'WRITE_TRUNCATE') {
    const good = await validateInStaging(ctx, job, ref, schema, parsed, bad, cfg);
    if (cfg.schema) {
      await ctx.engine.deleteTable(ref);
      await ctx.engine.createTable(
        ref,
        schema,
        storableTable({ ...existing.resource, lastModifiedTime: String(Date.now()) }),
      );
    } else {
      await ctx.engine.truncateTable(ref);
    }
    ctx.insertIds.forget(key);
    const written = good.length > 0 ? await insertAll(ctx, ref, good, options, name) : 0;
    const after = await ctx.engine.tableStats(ref);
    return { written, bytesBefore: 0, bytesAfter: after.numBytes };
  }

  let created = false;
  if (!existing) {
    const resource = newTableResource(ref, cfg.tableSettings, String(ds.location ?? job.location));
    await ctx.engine.createTable(ref, schema, storableTable(resource));
    created = true;
  } else if (cfg.allowFieldAddition && cfg.schema) {
    await ctx.engine.patchTable(
      ref,
      cfg.schema,
      storableTable({ ...existing.resource, lastModifiedTime: String(Date.now()) }),
    );
  }
  try {
    const before = created ? { numBytes: 0 } : await ctx.engine.tableStats(ref);
    const first =
      parsed.rows.length > 0
        ? await ctx.engine.insertRows(ref, parsed.rows, options)
        : { insertErrors: [], inserted: 0 };
    let written = first.inserted;
    if (first.insertErrors.length > 0) {
      const good = splitBad(first, parsed, bad);
      checkBadLimit(cfg, bad, parsed.lines);
      written = good.length > 0 ? await insertAll(ctx, ref, good, options, name) : 0;
    }
    const after = await ctx.engine.tableStats(ref);
    return { written, bytesBefore: before.numBytes, bytesAfter: after.numBytes };
  } catch (err) {
    if (created) await ctx.engine.deleteTable(ref).catch(() => undefined);
    throw err;
  }
}

async function validateInStaging(
  ctx: ServerContext,
  job: JobRecord,
  ref: TableRef,
  schema: TableSchema,
  parsed: Parsed,
  bad: BadRecord[],
  cfg: LoadConfig,
): Promise<Record<string, unknown>[]> {
  const staging: TableRef = { ...ref, tableId: `${STAGING_PREFIX}${job.jobId}`.slice(0, 1024) };
  await ctx.engine.createTable(staging, schema, { type: 'TABLE', creationTime: String(Date.now()) });
  try {
    if (parsed.rows.length === 0) return [];
    const res = await ctx.engine.insertRows(staging, parsed.rows, {
      skipInvalidRows: false,
      ignoreUnknownValues: cfg.ignoreUnknownValues,
    });
    if (res.insertErrors.length === 0) return parsed.rows;
    const good = splitBad(res, parsed, bad);
    checkBadLimit(cfg, bad, parsed.lines);
    return good;
  } finally {
    await ctx.engine.deleteTable(staging).catch(() => undefined);
  }
}

/** Records the engine's per-row errors as bad records; returns the rows that were fine. */
function splitBad(res: InsertResult, parsed: Parsed, bad: BadRecord[]): Record<string, unknown>[] {
  const invalidRows = new Set<number>();
  for (const e of res.insertErrors) {
    // 'stopped' marks a good row that was not written because another row was bad.
    const real = e.errors.filter((x: ErrorProto) => x.reason !== 'stopped');
    if (real.length === 0) continue;
    invalidRows.add(e.index);
    const line = parsed.lineOf[e.index] ?? e.index;
    bad.push({
      row: line,
      message: `JSON processing encountered an error in row ${line + 1}: ${real.map((x) => x.message).join('; ')}`,
    });
  }
  bad.sort((a, b) => a.row - b.row);
  return parsed.rows.filter((_, i) => !invalidRows.has(i));
}

function checkBadLimit(cfg: LoadConfig, bad: BadRecord[], totalRows: number): void {
  if (bad.length <= cfg.maxBadRecords) return;
  throw new BigQueryError(
    400,
    'invalid',
    `Error while reading data, error message: ${cfg.sourceFormat === 'CSV' ? 'CSV' : 'JSON'} table encountered too many errors, giving up. Rows: ${totalRows}; errors: ${bad.length}; max bad: ${cfg.maxBadRecords}. Please look into the errors[] collection for more details.`,
  );
}

async function insertAll(
  ctx: ServerContext,
  ref: TableRef,
  rows: Record<string, unknown>[],
  options: { skipInvalidRows: boolean; ignoreUnknownValues: boolean },
  name: string,
): Promise<number> {
  const res = await ctx.engine.insertRows(ref, rows, options);
  if (res.insertErrors.length > 0) {
    const first = res.insertErrors[0]?.errors[0];
    throw new BigQueryError(
      500,
      'internalError',
      `Rows that passed validation were rejected when writing ${name}: ${first?.message ?? 'unknown error'}`,
    );
  }
  return res.inserted;
}

function rowError(b: BadRecord): Record<string, unknown> {
  return {
    reason: 'invalid',
    message: `Error while reading data, error message: ${b.message}`,
    location: `row ${b.row + 1}`,
  };
}
