/**
 * Evaluates the constant expressions BigQuery can use for partition elimination: literals,
 * query parameters and functions of them (TIMESTAMP_MICROS(@p), TIMESTAMP('...'),
 * TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 HOUR), ...). Anything that depends on a
 * column or a subquery is not a constant: its value is only known while the query runs,
 * after partitions were chosen, so it returns undefined.
 *
 * Results are civil microseconds (see partitioning.ts) or plain integers for the arguments
 * of TIMESTAMP_MICROS and friends.
 */
import type { QueryParameter } from '../engine/contract.js';
import { MICROS_PER_DAY, parseDate, parseDatetime, parseTimestamp } from '../types/datetime.js';
import type { Token } from '../sql/tokens.js';
import { isGroup, isKw, isOp, isTok, splitCommas, type Node } from '../sql/tree.js';

/** Resolves a `@name` or `?` token to its REST parameter. */
export type ParamLookup = (tok: Token) => QueryParameter | undefined;

export type Constant =
  { kind: 'time'; micros: bigint } | { kind: 'int'; value: bigint } | { kind: 'string'; value: string };

export interface ConstantContext {
  param: ParamLookup;
  nowMicros: bigint;
}

const UNIT_MICROS: Record<string, bigint> = {
  MICROSECOND: 1n,
  MILLISECOND: 1000n,
  SECOND: 1_000_000n,
  MINUTE: 60_000_000n,
  HOUR: 3_600_000_000n,
  DAY: MICROS_PER_DAY,
  WEEK: 7n * MICROS_PER_DAY,
};

/** A string read as a point in time, the way GoogleSQL coerces a literal compared with a time column. */
export function timeFromString(s: string): bigint | undefined {
  const ts = parseTimestamp(s);
  if (ts !== undefined) return ts;
  const dt = parseDatetime(s);
  if (dt !== undefined) return dt;
  const d = parseDate(s);
  return d === undefined ? undefined : BigInt(d) * MICROS_PER_DAY;
}

function asTime(c: Constant | undefined): bigint | undefined {
  if (!c) return undefined;
  if (c.kind === 'time') return c.micros;
  if (c.kind === 'string') return timeFromString(c.value);
  return undefined;
}

function asInt(c: Constant | undefined): bigint | undefined {
  if (!c) return undefined;
  if (c.kind === 'int') return c.value;
  if (c.kind === 'string' && /^-?\d+$/.test(c.value.trim())) return BigInt(c.value.trim());
  return undefined;
}

function fromParam(p: QueryParameter | undefined): Constant | undefined {
  const v = p?.parameterValue?.value;
  if (!p || typeof v !== 'string') return undefined;
  switch (p.parameterType.type.toUpperCase()) {
    case 'INT64':
    case 'INTEGER':
      return /^-?\d+$/.test(v.trim()) ? { kind: 'int', value: BigInt(v.trim()) } : undefined;
    case 'TIMESTAMP':
    case 'DATETIME':
    case 'DATE': {
      const t = timeFromString(v);
      return t === undefined ? undefined : { kind: 'time', micros: t };
    }
    case 'STRING':
      return { kind: 'string', value: v };
    default:
      return undefined;
  }
}

function dayFloor(micros: bigint): bigint {
  const q = micros / MICROS_PER_DAY;
  return (micros % MICROS_PER_DAY !== 0n && micros < 0n ? q - 1n : q) * MICROS_PER_DAY;
}

/** `INTERVAL n UNIT` at nodes[0..2] -> micros. */
function interval(nodes: readonly Node[], ctx: ConstantContext): bigint | undefined {
  if (!isKw(nodes[0], 'INTERVAL') || nodes.length !== 3) return undefined;
  const unit = nodes[2];
  const n = evalNodes([nodes[1] as Node], ctx);
  const per = isTok(unit) ? UNIT_MICROS[unit.value.toUpperCase()] : undefined;
  const v = asInt(n);
  return v === undefined || per === undefined ? undefined : v * per;
}

function call(name: string, args: Node[][], ctx: ConstantContext): Constant | undefined {
  const arg = (i: number): Constant | undefined => (args[i] ? evalNodes(args[i] as Node[], ctx) : undefined);
  const time = (micros: bigint | undefined): Constant | undefined =>
    micros === undefined ? undefined : { kind: 'time', micros };
  switch (name) {
    case 'TIMESTAMP_MICROS':
      return time(asInt(arg(0)));
    case 'TIMESTAMP_MILLIS': {
      const v = asInt(arg(0));
      return time(v === undefined ? undefined : v * 1000n);
    }
    case 'TIMESTAMP_SECONDS': {
      const v = asInt(arg(0));
      return time(v === undefined ? undefined : v * 1_000_000n);
    }
    case 'TIMESTAMP':
    case 'DATETIME':
      return args.length === 1 ? time(asTime(arg(0))) : undefined;
    case 'DATE': {
      if (args.length !== 1) return undefined;
      const t = asTime(arg(0));
      return time(t === undefined ? undefined : dayFloor(t));
    }
    case 'CURRENT_TIMESTAMP':
    case 'CURRENT_DATETIME':
      return args.length === 0 ? time(ctx.nowMicros) : undefined;
    case 'CURRENT_DATE':
      return args.length === 0 ? time(dayFloor(ctx.nowMicros)) : undefined;
    case 'TIMESTAMP_SUB':
    case 'TIMESTAMP_ADD':
    case 'DATETIME_SUB':
    case 'DATETIME_ADD':
    case 'DATE_SUB':
    case 'DATE_ADD': {
      if (args.length !== 2) return undefined;
      const base = asTime(arg(0));
      const delta = interval(args[1] as Node[], ctx);
      if (base === undefined || delta === undefined) return undefined;
      return time(name.endsWith('_SUB') ? base - delta : base + delta);
    }
    default:
      return undefined;
  }
}

/** The value of a constant expression, or undefined when it is not one this module knows. */
export function evalNodes(nodes: readonly Node[], ctx: ConstantContext): Constant | undefined {
  if (nodes.length === 0) return undefined;
  // a - INTERVAL n unit / a + INTERVAL n unit
  for (let i = nodes.length - 4; i >= 1; i--) {
    if (isOp(nodes[i], '+', '-') && isKw(nodes[i + 1], 'INTERVAL')) {
      const base = asTime(evalNodes(nodes.slice(0, i), ctx));
      const delta = interval(nodes.slice(i + 1), ctx);
      if (base === undefined || delta === undefined) return undefined;
      return { kind: 'time', micros: isOp(nodes[i], '-') ? base - delta : base + delta };
    }
  }
  const [a, b] = nodes;
  if (nodes.length === 1 && a) {
    if (isGroup(a)) {
      // A subquery's value is computed while the query runs: it never prunes.
      if (isKw(a.items[0], 'SELECT', 'WITH') || a.open !== '(') return undefined;
      return evalNodes(a.items, ctx);
    }
    if (a.kind === 'string') return { kind: 'string', value: a.value };
    if (a.kind === 'number') return /^\d+$/.test(a.value) ? { kind: 'int', value: BigInt(a.value) } : undefined;
    if (a.kind === 'param' || a.kind === 'posparam') return fromParam(ctx.param(a));
    return undefined;
  }
  if (nodes.length === 2 && a && b) {
    // Typed literals: TIMESTAMP '...', DATE '...', DATETIME '...'.
    if (isKw(a, 'TIMESTAMP', 'DATE', 'DATETIME') && isTok(b) && b.kind === 'string') {
      const t = timeFromString(b.value);
      if (t === undefined) return undefined;
      return { kind: 'time', micros: isKw(a, 'DATE') ? dayFloor(t) : t };
    }
    if (isOp(a, '-') && isTok(b) && b.kind === 'number' && /^\d+$/.test(b.value))
      return { kind: 'int', value: -BigInt(b.value) };
    if (isTok(a) && a.kind === 'ident' && isGroup(b) && b.open === '(') {
      const name = a.value.toUpperCase();
      if (name === 'CAST' || name === 'SAFE_CAST') return cast(b.items, ctx);
      return call(name, splitCommas(b.items), ctx);
    }
  }
  return undefined;
}

/** CAST(x AS TIMESTAMP|DATE|DATETIME|INT64|STRING). */
function cast(items: readonly Node[], ctx: ConstantContext): Constant | undefined {
  const as = items.findIndex((n) => isKw(n, 'AS'));
  const target = items[as + 1];
  if (as < 1 || !isTok(target) || items.length !== as + 2) return undefined;
  const inner = evalNodes(items.slice(0, as), ctx);
  switch (target.value.toUpperCase()) {
    case 'TIMESTAMP':
    case 'DATETIME': {
      const t = asTime(inner);
      return t === undefined ? undefined : { kind: 'time', micros: t };
    }
    case 'DATE': {
      const t = asTime(inner);
      return t === undefined ? undefined : { kind: 'time', micros: dayFloor(t) };
    }
    case 'INT64': {
      const v = asInt(inner);
      return v === undefined ? undefined : { kind: 'int', value: v };
    }
    case 'STRING':
      return inner?.kind === 'string' ? inner : undefined;
    default:
      return undefined;
  }
}

/** A constant as a point in time (strings coerce like literals compared with a time column). */
export function constantTime(nodes: readonly Node[], ctx: ConstantContext): bigint | undefined {
  return asTime(evalNodes(nodes, ctx));
}
