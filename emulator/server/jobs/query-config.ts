/**
 * Normalises the query settings that arrive either as a jobs.query request body or as a
 * jobs.insert `configuration.query`, so both paths run the same code.
 */
import type { QueryParameter, QueryParameterValue, TableRef } from '../../engine/contract.js';
import { invalid } from '../errors.js';
import { intField } from '../paging.js';

export interface QueryConfig {
  query: string;
  parameterMode?: 'NAMED' | 'POSITIONAL';
  queryParameters?: QueryParameter[];
  defaultDataset?: { projectId?: string; datasetId: string };
  maximumBytesBilled?: number;
  destinationTable?: TableRef;
  createDisposition: 'CREATE_IF_NEEDED' | 'CREATE_NEVER';
  writeDisposition: 'WRITE_EMPTY' | 'WRITE_APPEND' | 'WRITE_TRUNCATE';
}

const LEGACY_MESSAGE =
  'Legacy SQL is not supported by the local BigQuery server; send GoogleSQL with useLegacySql: false ' +
  '(the official client libraries do this by default).';

export function parseQueryConfig(src: Record<string, unknown>, where: string): QueryConfig {
  const query = src.query;
  if (typeof query !== 'string' || query.trim() === '') {
    throw invalid(`Required parameter is missing: ${where}.query`, 'query');
  }
  // The REST default for useLegacySql is true; explicit legacy requests are refused, an
  // absent flag is treated as GoogleSQL because nothing here can run legacy SQL.
  if (src.useLegacySql === true || src.useLegacySql === 'true' || /^\s*#legacySQL\b/i.test(query)) {
    throw invalid(LEGACY_MESSAGE, 'useLegacySql');
  }
  const cfg: QueryConfig = {
    query,
    createDisposition: parseEnum(
      src.createDisposition,
      ['CREATE_IF_NEEDED', 'CREATE_NEVER'],
      'CREATE_IF_NEEDED',
      'createDisposition',
    ),
    writeDisposition: parseEnum(
      src.writeDisposition,
      ['WRITE_EMPTY', 'WRITE_APPEND', 'WRITE_TRUNCATE'],
      'WRITE_EMPTY',
      'writeDisposition',
    ),
  };
  if (src.queryParameters !== undefined && src.queryParameters !== null) {
    if (!Array.isArray(src.queryParameters)) throw invalid('queryParameters must be an array.', 'queryParameters');
    cfg.queryParameters = (src.queryParameters as unknown[]).map((p, i) => {
      if (typeof p !== 'object' || p === null)
        throw invalid(`queryParameters[${i}] must be an object.`, 'queryParameters');
      const param = p as QueryParameter;
      if (typeof param.parameterType !== 'object' || param.parameterType === null) {
        throw invalid(`queryParameters[${i}] needs a parameterType.`, 'queryParameters');
      }
      const out: QueryParameter = { ...param };
      if (param.parameterValue !== undefined && param.parameterValue !== null) {
        out.parameterValue = normaliseValue(param.parameterValue, `query_parameters[${i}].parameter_value`);
      }
      return out;
    });
  }
  if (typeof src.parameterMode === 'string' && src.parameterMode !== '') {
    const mode = src.parameterMode.toUpperCase();
    if (mode !== 'NAMED' && mode !== 'POSITIONAL')
      throw invalid(`Invalid parameterMode: ${src.parameterMode}`, 'parameterMode');
    cfg.parameterMode = mode;
  } else if (cfg.queryParameters && cfg.queryParameters.length > 0) {
    cfg.parameterMode = cfg.queryParameters.every((p) => typeof p.name === 'string' && p.name !== '')
      ? 'NAMED'
      : 'POSITIONAL';
  }
  if (cfg.parameterMode === 'NAMED' && cfg.queryParameters?.some((p) => typeof p.name !== 'string' || p.name === '')) {
    throw invalid('Named query parameters must all have a name.', 'queryParameters');
  }
  const dd = src.defaultDataset as { projectId?: unknown; datasetId?: unknown } | undefined | null;
  if (dd !== undefined && dd !== null) {
    if (typeof dd.datasetId !== 'string' || dd.datasetId === '')
      throw invalid('defaultDataset.datasetId is required.', 'defaultDataset');
    cfg.defaultDataset = {
      datasetId: dd.datasetId,
      ...(typeof dd.projectId === 'string' && dd.projectId ? { projectId: dd.projectId } : {}),
    };
  }
  const cap = intField(src.maximumBytesBilled, 'maximumBytesBilled');
  if (cap !== undefined) cfg.maximumBytesBilled = cap;
  const dest = src.destinationTable as Partial<TableRef> | undefined | null;
  if (dest !== undefined && dest !== null) {
    if (typeof dest.datasetId !== 'string' || typeof dest.tableId !== 'string') {
      throw invalid('destinationTable needs datasetId and tableId.', 'destinationTable');
    }
    cfg.destinationTable = { projectId: dest.projectId ?? '', datasetId: dest.datasetId, tableId: dest.tableId };
  }
  return cfg;
}

/**
 * QueryParameterValue.value is a proto string: JSON numbers and booleans are accepted (the
 * client sends INT64/FLOAT64/BOOL params that way) and become strings, as the engine
 * contract expects. Anything else is refused the way Google's JSON parser refuses it —
 * e.g. a Node Buffer, which the client serialises as {"type":"Buffer","data":[...]}.
 */
function normaliseValue(v: unknown, path: string): QueryParameterValue {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw invalid(`Invalid value at '${path}': expected an object.`, 'queryParameters');
  const src = v as Record<string, unknown>;
  const out: QueryParameterValue = {};
  if ('value' in src) {
    const value = src.value;
    if (value === null || value === undefined) out.value = null;
    else if (typeof value === 'string') out.value = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out.value = String(value);
    else {
      throw invalid(
        `Invalid value at '${path}.value' (TYPE_STRING), ${JSON.stringify(value).slice(0, 80)}. ` +
          'Parameter values must be strings; pass BYTES as a base64 string.',
        'queryParameters',
      );
    }
  }
  if (Array.isArray(src.arrayValues))
    out.arrayValues = src.arrayValues.map((a, j) => normaliseValue(a, `${path}.array_values[${j}]`));
  if (typeof src.structValues === 'object' && src.structValues !== null) {
    out.structValues = Object.fromEntries(
      Object.entries(src.structValues as Record<string, unknown>).map(([k, sv]) => [
        k,
        normaliseValue(sv, `${path}.struct_values[${k}]`),
      ]),
    );
  }
  return out;
}

export function parseEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === null || value === '') return fallback;
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if (!(allowed as readonly string[]).includes(upper)) {
    throw invalid(`Invalid value for ${name}: ${String(value)} (expected one of ${allowed.join(', ')})`, name);
  }
  return upper as T;
}
