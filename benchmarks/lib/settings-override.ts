/**
 * Pass-through settings for the component under benchmark: `--set=sync.decodeIn=worker` sets
 * `sync.decodeIn` of the sync settings block, `--set=table.sync.initialBatchSize=5000` sets it
 * on every table of `bigquery.tables`. Values are JSON when they parse (numbers, booleans,
 * objects), text otherwise. The benchmark knows nothing of the settings it passes on, so a
 * new switch can be measured without changing it.
 */
export type Settings = Record<string, unknown>;

export interface SettingOverride {
  path: string[];
  value: unknown;
  /** Applies to each entry of `bigquery.tables` (the path started with `table.`). */
  perTable: boolean;
}

export function parseOverride(text: string): SettingOverride {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--set=${text}: expected path=value, e.g. --set=sync.decodeIn=worker`);
  const path = text.slice(0, eq).split('.');
  if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
    throw new Error(`--set=${text}: bad path`);
  }
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // plain text
  }
  const perTable = path[0] === 'table';
  if (perTable && path.length < 2) throw new Error(`--set=${text}: table.<setting> needs a setting`);
  return { path: perTable ? path.slice(1) : path, value, perTable };
}

function setPath(target: Settings, path: readonly string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) at[key] = {};
    at = at[key] as Settings;
  }
  at[path[path.length - 1]!] = value;
}

/** A deep copy of `settings` with every override applied, in order. */
export function applyOverrides(settings: Settings, overrides: readonly SettingOverride[]): Settings {
  const out = structuredClone(settings);
  for (const o of overrides) {
    if (!o.perTable) {
      setPath(out, o.path, o.value);
      continue;
    }
    const tables = (out.bigquery as { tables?: Settings[] } | undefined)?.tables ?? [];
    for (const table of tables) setPath(table, o.path, o.value);
  }
  return out;
}
