/**
 * Which part of each referenced table a statement scans, decided before it runs (as BigQuery
 * does): for every SELECT block reading a partitioned table, the partitions its own WHERE
 * allows; a table read by several blocks scans the union (hull) of them, and a table any
 * block reads without a qualifying filter is scanned whole. Tables whose resource sets
 * `requirePartitionFilter` reject a statement that would scan them whole.
 */
import { BigQueryError, type QueryParameter, type TableRef } from '../engine/contract.js';
import { tokenize, type Token } from '../sql/tokens.js';
import type { Node } from '../sql/tree.js';
import type { ParamLookup } from './constants.js';
import { partitionSpan, type PartitionSpec, type ValueRange } from './partitioning.js';
import { isPseudoColumn } from './ingestion.js';
import { rangeOf } from './prune.js';

/** One SELECT block: its stored tables by alias (lower-cased alias -> table key) and its own WHERE. */
export interface Scan {
  tables: ReadonlyMap<string, string>;
  where?: readonly Node[] | undefined;
}

export interface PlannedTable {
  key: string;
  ref: TableRef;
  spec: PartitionSpec | null;
  /** `all`: the whole table; otherwise partition-aligned [lo, hi) bounds, or null when no partition qualifies. */
  span: 'all' | ValueRange | null;
}

export interface PlanInput {
  sql: string;
  tables: ReadonlyMap<string, { ref: TableRef; columns: readonly string[] }>;
  scans: readonly Scan[];
  specOf: (key: string) => PartitionSpec | null;
  queryParameters?: readonly QueryParameter[] | undefined;
  parameterMode?: 'NAMED' | 'POSITIONAL' | undefined;
  nowMicros: bigint;
}

export function paramLookup(
  sql: string,
  params: readonly QueryParameter[] | undefined,
  mode: 'NAMED' | 'POSITIONAL' | undefined,
): ParamLookup {
  const list = params ?? [];
  const positional =
    (mode ?? (list.length > 0 && list.every((p) => !p.name) ? 'POSITIONAL' : 'NAMED')) === 'POSITIONAL';
  if (!positional) {
    const byName = new Map(list.filter((p) => p.name).map((p) => [p.name!.toLowerCase(), p]));
    return (tok: Token) => (tok.kind === 'param' ? byName.get(tok.value.toLowerCase()) : undefined);
  }
  let order: Map<number, number> | undefined;
  return (tok: Token) => {
    if (tok.kind !== 'posparam') return undefined;
    order ??= new Map(
      tokenize(sql)
        .filter((t) => t.kind === 'posparam')
        .map((t, i) => [t.pos, i]),
    );
    const i = order.get(tok.pos);
    return i === undefined ? undefined : list[i];
  };
}

function hullOf(a: ValueRange, b: ValueRange): ValueRange {
  const out: ValueRange = {};
  if (a.lo !== undefined && b.lo !== undefined) out.lo = a.lo < b.lo ? a.lo : b.lo;
  if (a.hi !== undefined && b.hi !== undefined) out.hi = a.hi > b.hi ? a.hi : b.hi;
  return out;
}

export function requireFilterError(ref: TableRef, spec: PartitionSpec): BigQueryError {
  return new BigQueryError(
    400,
    'invalidQuery',
    `Cannot query over table '${ref.datasetId}.${ref.tableId}' without a filter over column(s) '${spec.column}' that can be used for partition elimination`,
    'query',
  );
}

export function planScans(input: PlanInput): PlannedTable[] {
  const ctx = {
    param: paramLookup(input.sql, input.queryParameters, input.parameterMode),
    nowMicros: input.nowMicros,
  };
  const out: PlannedTable[] = [];
  for (const [key, { ref, columns }] of input.tables) {
    const spec = input.specOf(key);
    const reads = input.scans.filter((s) => [...s.tables.values()].includes(key));
    let span: PlannedTable['span'] = 'all';
    if (spec && reads.length > 0) {
      const unique = columns.filter((c) => c.toLowerCase() === spec.column.toLowerCase()).length > 0;
      let acc: ValueRange | null | undefined;
      let whole = false;
      for (const scan of reads) {
        const aliases = new Set([...scan.tables].filter(([, k]) => k === key).map(([a]) => a));
        const column = (parts: readonly string[]): boolean => {
          const name = parts[parts.length - 1]?.toLowerCase();
          // Ingestion time: _PARTITIONTIME, or _PARTITIONDATE (its date), prune alike.
          const pseudo = spec.kind === 'ingestion' && name !== undefined && isPseudoColumn(name);
          if (!pseudo && name !== spec.column.toLowerCase()) return false;
          if (parts.length === 1) return pseudo || unique;
          return parts.length === 2 && aliases.has((parts[0] as string).toLowerCase());
        };
        const range = scan.where ? rangeOf(scan.where, column, ctx) : null;
        if (!range) {
          whole = true;
          break;
        }
        const pspan = partitionSpan(spec.unit, range);
        if (pspan === null) continue; // this block reads no partition at all
        acc = acc ? hullOf(acc, pspan) : pspan;
      }
      span = whole ? 'all' : (acc ?? null);
    }
    if (spec?.requireFilter && reads.length > 0 && span === 'all') throw requireFilterError(ref, spec);
    out.push({ key, ref, spec, span });
  }
  return out;
}
