import { DEFAULT_SYNC_SETTINGS } from './defaults.js';
import { formatDuration } from './durations.js';
import { formatPath, isPlainObject, type KeyPath, type PathIssue } from './paths.js';
import { BACKOFF_FIELDS, SYNC_FIELDS, type SyncField } from './sync-fields.js';

/**
 * Rules that relate several values (uniqueness, min <= max). They run on the raw,
 * substituted input rather than on zod's output so they still report when some unrelated
 * field is invalid; values that do not parse are skipped, since the schema already
 * reports them.
 */
export function crossCheck(root: unknown): PathIssue[] {
  if (!isPlainObject(root)) return [];
  const issues: PathIssue[] = [];
  const global = root['sync'];
  const globalLayer: Layer | undefined = isPlainObject(global) ? { path: ['sync'], block: global } : undefined;
  if (globalLayer !== undefined) issues.push(...checkRelations([globalLayer]));

  const bigquery = root['bigquery'];
  const tables = isPlainObject(bigquery) ? bigquery['tables'] : undefined;
  if (!Array.isArray(tables)) return issues;

  issues.push(...checkUnique(tables, 'id', (value) => `duplicate table id ${JSON.stringify(value)}`));
  issues.push(...checkUnique(tables, 'targetTable', (value) => `duplicate targetTable ${JSON.stringify(value)}`));
  const ids = new Set(
    tables.map((t) => (isPlainObject(t) ? t['id'] : undefined)).filter((id) => typeof id === 'string'),
  );
  tables.forEach((table, index) => {
    if (!isPlainObject(table)) return;
    const at: KeyPath = ['bigquery', 'tables', index];
    for (const key of ['columns', 'primaryKey']) issues.push(...checkColumnList(table[key], [...at, key], key));
    issues.push(...checkReferences(table['validation'], [...at, 'validation', 'references'], ids));
    const sync = table['sync'];
    // A broken global block would make every table's comparison meaningless.
    if (isPlainObject(sync) && (global === undefined || globalLayer !== undefined)) {
      const layers = globalLayer === undefined ? [] : [globalLayer];
      issues.push(...checkRelations([...layers, { path: [...at, 'sync'], block: sync }]));
    }
  });
  return issues;
}

function checkUnique(tables: unknown[], key: string, describe: (value: string) => string): PathIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PathIssue[] = [];
  tables.forEach((table, index) => {
    const value = isPlainObject(table) ? table[key] : undefined;
    if (typeof value !== 'string') return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else {
      issues.push({
        path: ['bigquery', 'tables', index, key],
        message: `${describe(value)} (also used by ${formatPath(['bigquery', 'tables', first])})`,
      });
    }
  });
  return issues;
}

/** A cross-table reference names a table of this config by its id. */
function checkReferences(validation: unknown, path: KeyPath, ids: Set<unknown>): PathIssue[] {
  const references = isPlainObject(validation) ? validation['references'] : undefined;
  if (!Array.isArray(references)) return [];
  const issues: PathIssue[] = [];
  references.forEach((reference, index) => {
    const table = isPlainObject(reference) ? reference['table'] : undefined;
    if (typeof table === 'string' && !ids.has(table))
      issues.push({
        path: [...path, index, 'table'],
        message: `no table with id ${JSON.stringify(table)} in bigquery.tables`,
      });
  });
  return issues;
}

/** BigQuery compares column names case-insensitively, so `MMSI` repeats `mmsi`. */
function checkColumnList(list: unknown, path: KeyPath, key: string): PathIssue[] {
  if (!Array.isArray(list)) return [];
  const seen = new Map<string, { index: number; name: string }>();
  const issues: PathIssue[] = [];
  list.forEach((name, index) => {
    if (typeof name !== 'string') return;
    const earlier = seen.get(name.toLowerCase());
    if (earlier === undefined) seen.set(name.toLowerCase(), { index, name });
    else {
      const note = earlier.name === name ? '' : ` ${JSON.stringify(earlier.name)}; column names are case-insensitive`;
      issues.push({
        path: [...path, index],
        message: `duplicate column ${JSON.stringify(name)} (same as ${key}[${earlier.index}]${note})`,
      });
    }
  });
  return issues;
}

interface Layer {
  /** Where this `sync:` block sits. */
  path: KeyPath;
  block: Record<string, unknown>;
}

interface Setting {
  label: string;
  keyPath: readonly string[];
  field: SyncField;
  fallback: number;
}

const scalar = (name: keyof typeof SYNC_FIELDS): Setting => {
  const field = SYNC_FIELDS[name];
  return { label: name, keyPath: [name], field, fallback: DEFAULT_SYNC_SETTINGS[field.setting] };
};
const backoff = (name: keyof typeof BACKOFF_FIELDS): Setting => ({
  label: `restartBackoff.${name}`,
  keyPath: ['restartBackoff', name],
  field: BACKOFF_FIELDS[name],
  fallback: DEFAULT_SYNC_SETTINGS.restartBackoffMs[name],
});

const MIN_MAX: [Setting, Setting] = [scalar('minBatchSize'), scalar('maxBatchSize')];
const PHASE_SIZES = [scalar('initialBatchSize'), scalar('catchupBatchSize'), scalar('steadyBatchSize')];
const ORDERED_PAIRS: Array<[Setting, Setting]> = [
  ...PHASE_SIZES.map((size): [Setting, Setting] => [MIN_MAX[0], size]),
  ...PHASE_SIZES.map((size): [Setting, Setting] => [size, MIN_MAX[1]]),
  [scalar('steadyThreshold'), scalar('catchupThreshold')],
  [backoff('initial'), backoff('max')],
];

type Effective = { value: number; layer: number | undefined } | 'invalid';

/** The value a setting ends up with after merging the layers; later layers win. */
function effective(setting: Setting, layers: readonly Layer[]): Effective {
  for (let i = layers.length - 1; i >= 0; i--) {
    const raw = lookup(layers[i]?.block, setting.keyPath);
    if (raw === 'invalid') return 'invalid';
    if (raw === undefined) continue;
    const parsed = setting.field.parse(raw.value);
    return parsed.ok ? { value: parsed.value, layer: i } : 'invalid';
  }
  return { value: setting.fallback, layer: undefined };
}

function lookup(block: unknown, keyPath: readonly string[]): { value: unknown } | undefined | 'invalid' {
  let node = block;
  for (const key of keyPath) {
    if (node === undefined) return undefined;
    if (!isPlainObject(node)) return 'invalid';
    node = node[key];
  }
  return node === undefined ? undefined : { value: node };
}

/**
 * Checks `lo <= hi` for each pair in the most specific layer. A violation is reported only
 * by the layer that set one of the two values, so a bad global value is reported once
 * at `sync.*` and not again for every table that inherits it.
 */
function checkRelations(layers: readonly Layer[]): PathIssue[] {
  const current = layers.length - 1;
  const layer = layers[current];
  if (layer === undefined) return [];
  const compare = (lo: Setting, hi: Setting): PathIssue | undefined => {
    const low = effective(lo, layers);
    const high = effective(hi, layers);
    if (low === 'invalid' || high === 'invalid' || low.value <= high.value) return undefined;
    const show = (setting: Setting, value: Effective & object, other: Effective & object) => {
      const text = setting.field.unit === 'duration' ? formatDuration(value.value) : String(value.value);
      if (value.layer === other.layer) return text;
      const source = value.layer === undefined ? undefined : layers[value.layer];
      return source === undefined
        ? `${text}, the default`
        : `${text}, from ${formatPath([...source.path, ...setting.keyPath])}`;
    };
    if (low.layer === current) {
      return {
        path: [...layer.path, ...lo.keyPath],
        message: `${show(lo, low, low)} is greater than ${hi.label} (${show(hi, high, low)})`,
      };
    }
    if (high.layer === current) {
      return {
        path: [...layer.path, ...hi.keyPath],
        message: `${show(hi, high, high)} is less than ${lo.label} (${show(lo, low, high)})`,
      };
    }
    return undefined;
  };

  const issues: PathIssue[] = [];
  const minMax = compare(...MIN_MAX);
  const [minSetting, maxSetting] = MIN_MAX;
  const [minValue, maxValue] = [effective(minSetting, layers), effective(maxSetting, layers)];
  const rangeBroken = minValue !== 'invalid' && maxValue !== 'invalid' && minValue.value > maxValue.value;
  if (minMax !== undefined) issues.push(minMax);
  for (const [lo, hi] of ORDERED_PAIRS) {
    // With min > max every phase size is out of range too; one message says it all.
    if (rangeBroken && (lo === minSetting || hi === maxSetting)) continue;
    const issue = compare(lo, hi);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}
