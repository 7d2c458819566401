import type { TableName } from '../rows.js';
import { createScenario, type Scenario, type ScenarioOptions } from '../scenarios/scenario.js';
import type { ScenarioCounts, ScenarioName } from '../scenarios/presets.js';
import { clear } from './clear.js';
import { ensureTables } from './ensure-tables.js';
import { selectTables, SHORT_NAME } from './table-names.js';
import type { SynthesizerTarget } from './target.js';
import { newRunId, writeRows, type WriteOptions } from './write-rows.js';

export interface InitializeOptions extends WriteOptions {
  /** A preset name, full scenario options (counts, start, duration, knobs...), or a scenario already planned. */
  readonly scenario: ScenarioName | ScenarioOptions | Scenario;
  readonly seed?: number;
  /** Subset to write; the scenario is still planned for all three so the rows are the same. */
  readonly tables?: readonly TableName[];
  /** Keep rows already in the tables. By default the selected tables are emptied first, so counts are exact. */
  readonly append?: boolean;
  /** Called once the scenario is planned and before any row is written (progress bars need the totals). */
  readonly onPlan?: (plan: { readonly scenario: Scenario; readonly tables: readonly TableName[] }) => void;
}

export interface TableWriteResult {
  readonly table: TableName;
  readonly rows: number;
  readonly elapsedMs: number;
}

export interface InitializeResult {
  readonly scenario: {
    readonly name: string;
    readonly seed: number;
    readonly start: string;
    readonly end: string;
    readonly counts: ScenarioCounts;
    readonly fleetSize: number;
  };
  readonly createdTables: readonly TableName[];
  readonly tables: readonly TableWriteResult[];
  readonly rows: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
}

/** Creates what is missing, then writes a scenario's rows into the selected tables (concurrently). */
export async function initialize(target: SynthesizerTarget, options: InitializeOptions): Promise<InitializeResult> {
  const started = performance.now();
  const scenario = isScenario(options.scenario) ? options.scenario : createScenario(options.scenario, options.seed);
  const tables = selectTables(options.tables);
  options.onPlan?.({ scenario, tables });
  const ensured = await ensureTables(target, tables);
  if (!options.append) {
    const existing = ensured.filter((t) => !t.created).map((t) => t.table);
    if (existing.length > 0) await clear(target, { tables: existing, mode: 'truncate' });
  }
  const runId = options.runId ?? newRunId();
  // One table failing stops the others (their chunks in flight finish, their temp files go).
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const write = { ...options, runId, signal: stop.signal };
  const iterables = {
    vessel_positions: () => writeRows(target, 'vessel_positions', scenario.rows.vesselPositions(), write),
    port_events: () => writeRows(target, 'port_events', scenario.rows.portEvents(), write),
    vessel_metadata: () => writeRows(target, 'vessel_metadata', scenario.rows.vesselMetadata(), write),
  } satisfies { [T in TableName]: () => Promise<number> };
  let firstError: { error: unknown } | undefined;
  const settled = await Promise.all(
    tables.map(async (table): Promise<TableWriteResult | undefined> => {
      const t0 = performance.now();
      try {
        const rows = await iterables[table]();
        return { table, rows, elapsedMs: performance.now() - t0 };
      } catch (error) {
        if (!stop.signal.aborted || options.signal?.aborted) firstError ??= { error };
        stop.abort(error);
        return undefined;
      }
    }),
  ).finally(() => options.signal?.removeEventListener('abort', onAbort));
  if (firstError) throw firstError.error;
  const results = settled.filter((r): r is TableWriteResult => r !== undefined);
  const elapsedMs = performance.now() - started;
  const rows = results.reduce((sum, r) => sum + r.rows, 0);
  return {
    scenario: {
      name: scenario.name,
      seed: scenario.seed,
      start: scenario.start,
      end: scenario.end,
      counts: scenario.counts,
      fleetSize: scenario.fleetSize,
    },
    createdTables: ensured.filter((t) => t.created).map((t) => t.table),
    tables: results,
    rows,
    elapsedMs,
    rowsPerSecond: rows / Math.max(elapsedMs / 1000, 1e-9),
  };
}

function isScenario(x: ScenarioName | ScenarioOptions | Scenario): x is Scenario {
  return typeof x === 'object' && 'rows' in x && 'plan' in x;
}

/** The row count the scenario promises for one table. */
export function expectedCount(counts: ScenarioCounts, table: TableName): number {
  return counts[SHORT_NAME[table]];
}
