/**
 * Partition elimination the way BigQuery documents it: a scan prunes when its own WHERE
 * compares the partitioning column with a constant expression (literals, query parameters,
 * functions of them). Conjuncts (AND) narrow the range; a disjunction (OR) prunes only when
 * every branch does, to the hull of the branches. Filters whose value comes from a subquery,
 * another column, NOT, or anything else not known before the query runs do not prune.
 */
import type { Token } from '../sql/tokens.js';
import { isGroup, isKw, isOp, isTok, splitCommas, type Node } from '../sql/tree.js';
import { constantTime, type ConstantContext } from './constants.js';
import type { ValueRange } from './partitioning.js';

/** Decides whether a column reference (its dotted parts, as written) is the partitioning column of the scanned table. */
export type ColumnMatcher = (parts: readonly string[]) => boolean;

const COMPARISON = ['=', '<', '<=', '>', '>='];
const FLIP: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The dotted parts of a plain column reference (`ts`, `t.ts`, `` `t.ts` ``), else undefined. */
export function columnParts(nodes: readonly Node[]): string[] | undefined {
  const parts: string[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (i % 2 === 1) {
      if (!isOp(n, '.')) return undefined;
      continue;
    }
    if (!isTok(n) || (n.kind !== 'ident' && n.kind !== 'qident')) return undefined;
    parts.push(...(n.kind === 'qident' ? n.value.split('.') : [n.value]));
  }
  return nodes.length % 2 === 1 && parts.length > 0 ? parts : undefined;
}

function splitAtKeyword(nodes: readonly Node[], word: 'AND' | 'OR'): Node[][] {
  const out: Node[][] = [[]];
  let pendingBetween = false;
  for (const n of nodes) {
    if (isKw(n, 'BETWEEN')) pendingBetween = true;
    if (isKw(n, word)) {
      if (word === 'AND' && pendingBetween) pendingBetween = false;
      else {
        out.push([]);
        continue;
      }
    }
    (out[out.length - 1] as Node[]).push(n);
  }
  return out;
}

function intersect(a: ValueRange, b: ValueRange): ValueRange {
  const out: ValueRange = {};
  const lo = a.lo === undefined ? b.lo : b.lo === undefined ? a.lo : a.lo > b.lo ? a.lo : b.lo;
  const hi = a.hi === undefined ? b.hi : b.hi === undefined ? a.hi : a.hi < b.hi ? a.hi : b.hi;
  if (lo !== undefined) out.lo = lo;
  if (hi !== undefined) out.hi = hi;
  return out;
}

function hull(ranges: readonly ValueRange[]): ValueRange {
  const out: ValueRange = {};
  if (ranges.every((r) => r.lo !== undefined))
    out.lo = ranges.reduce((m, r) => (r.lo! < m ? r.lo! : m), ranges[0]!.lo!);
  if (ranges.every((r) => r.hi !== undefined))
    out.hi = ranges.reduce((m, r) => (r.hi! > m ? r.hi! : m), ranges[0]!.hi!);
  return out;
}

function bounded(r: ValueRange | null): r is ValueRange {
  return r !== null && (r.lo !== undefined || r.hi !== undefined);
}

function bound(op: string, v: bigint): ValueRange {
  switch (op) {
    case '=':
      return { lo: v, hi: v };
    case '>':
      return { lo: v + 1n };
    case '>=':
      return { lo: v };
    case '<':
      return { hi: v - 1n };
    default:
      return { hi: v };
  }
}

function conjunct(nodes: readonly Node[], column: ColumnMatcher, ctx: ConstantContext): ValueRange | null {
  const first = nodes[0];
  if (nodes.length === 1 && isGroup(first) && first.open === '(' && !isKw(first.items[0], 'SELECT', 'WITH')) {
    return rangeOf(first.items, column, ctx);
  }
  const isCol = (ns: readonly Node[]): boolean => {
    const parts = columnParts(ns);
    return parts !== undefined && column(parts);
  };
  const between = nodes.findIndex((n) => isKw(n, 'BETWEEN'));
  if (between > 0 && !isKw(nodes[between - 1], 'NOT')) {
    const and = nodes.findIndex((n, i) => i > between && isKw(n, 'AND'));
    if (and < 0 || !isCol(nodes.slice(0, between))) return null;
    const lo = constantTime(nodes.slice(between + 1, and), ctx);
    const hi = constantTime(nodes.slice(and + 1), ctx);
    if (lo === undefined || hi === undefined) return null;
    return { lo, hi };
  }
  const inAt = nodes.findIndex((n) => isKw(n, 'IN'));
  const list = nodes[inAt + 1];
  if (inAt > 0 && nodes.length === inAt + 2 && isGroup(list) && !isKw(list.items[0], 'SELECT', 'WITH')) {
    if (!isCol(nodes.slice(0, inAt))) return null;
    const values = splitCommas(list.items).map((v) => constantTime(v, ctx));
    if (values.length === 0 || values.some((v) => v === undefined)) return null;
    return hull(values.map((v) => ({ lo: v!, hi: v! })));
  }
  const at = nodes.findIndex((n) => isTok(n) && n.kind === 'op' && COMPARISON.includes(n.value));
  if (at <= 0) return null;
  const op = (nodes[at] as Token).value;
  const left = nodes.slice(0, at);
  const right = nodes.slice(at + 1);
  if (isCol(left)) {
    const v = constantTime(right, ctx);
    return v === undefined ? null : bound(op, v);
  }
  if (isCol(right)) {
    const v = constantTime(left, ctx);
    return v === undefined ? null : bound(FLIP[op] as string, v);
  }
  return null;
}

/**
 * The range of partitioning-column values a WHERE clause allows, as far as constants decide
 * it; null when the clause cannot eliminate partitions (then the whole table is scanned).
 */
export function rangeOf(where: readonly Node[], column: ColumnMatcher, ctx: ConstantContext): ValueRange | null {
  const branches = splitAtKeyword(where, 'OR');
  if (branches.length > 1) {
    const ranges = branches.map((b) => rangeOf(b, column, ctx));
    if (!ranges.every(bounded)) return null;
    const h = hull(ranges);
    return bounded(h) ? h : null;
  }
  let range: ValueRange = {};
  for (const c of splitAtKeyword(where, 'AND')) {
    if (c.length === 0 || isKw(c[0], 'NOT')) continue;
    const r = conjunct(c, column, ctx);
    if (r) range = intersect(range, r);
  }
  return bounded(range) ? range : null;
}
