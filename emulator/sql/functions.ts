/**
 * GoogleSQL functions -> DuckDB expressions. Each handler receives the raw argument nodes
 * (for date-part keywords and literal patterns) and emits arguments through the
 * translator, so literals and parameters inside arguments are handled uniformly.
 */
import type { BqType } from '../types/schema.js';
import { isGroup, isKw, isTok, splitCommas, type Node } from './tree.js';

export interface ExprEmitter {
  expr(nodes: readonly Node[]): string;
  fail(pos: number, message: string): never;
  /** The BigQuery type of an argument when it is a plain column reference of a known table. */
  columnType(nodes: readonly Node[]): BqType | undefined;
  /** The BigQuery type of an expression when it can be told from its spelling (literals, columns, known calls). */
  staticType(nodes: readonly Node[]): BqType | undefined;
}

interface Call {
  name: string;
  pos: number;
  args: Node[][];
  e: ExprEmitter;
  /** The argument list as written (ORDER BY lists inside aggregates contain commas). */
  raw: Node[];
  /** ` OVER (...)` following the call, or ''; a handler that wraps its aggregate places it with `over()`. */
  overSql: string;
  overUsed: boolean;
}

type Handler = (c: Call) => string;

const A = (c: Call, i: number): string => {
  const nodes = c.args[i];
  if (!nodes || nodes.length === 0)
    c.e.fail(c.pos, `No matching signature for function ${c.name}: missing argument ${i + 1}`);
  return c.e.expr(nodes);
};

function arity(c: Call, min: number, max = min): void {
  if (c.args.length < min || c.args.length > max) {
    c.e.fail(c.pos, `No matching signature for function ${c.name} with ${c.args.length} argument(s)`);
  }
}

const all = (c: Call): string[] => c.args.map((_, i) => A(c, i));

/** A plain rename with the same arguments. */
const rename =
  (to: string, min = 0, max = 99): Handler =>
  (c) => {
    arity(c, min, max);
    return `${to}(${all(c).join(', ')})`;
  };

/** Keeps modifiers inside the parentheses (DISTINCT, ORDER BY, LIMIT, IGNORE NULLS). */
const aggregate =
  (to: string): Handler =>
  (c) =>
    `${to}(${c.args.map((a) => c.e.expr(a)).join(', ')})`;

/** The ` OVER (...)` clause after this call, placed by a handler that wraps the aggregate. */
function over(c: Call): string {
  c.overUsed = true;
  return c.overSql;
}

interface AggArgs {
  distinct: boolean;
  args: Node[][];
  ignoreNulls: boolean;
  orderBy?: string;
  limit?: string;
}

/** Splits `[DISTINCT] args [IGNORE|RESPECT NULLS] [ORDER BY ...] [LIMIT n]` of an aggregate call. */
function aggArgs(c: Call): AggArgs {
  let items = c.raw;
  const distinct = isKw(items[0], 'DISTINCT');
  if (distinct) items = items.slice(1);
  const cut = items.findIndex(
    (n, i) =>
      (isKw(n, 'IGNORE', 'RESPECT') && isKw(items[i + 1], 'NULLS')) ||
      (isKw(n, 'ORDER') && isKw(items[i + 1], 'BY')) ||
      isKw(n, 'LIMIT'),
  );
  const head = cut < 0 ? items : items.slice(0, cut);
  const out: AggArgs = { distinct, args: splitCommas(head), ignoreNulls: false };
  let rest = cut < 0 ? [] : items.slice(cut);
  if (isKw(rest[0], 'IGNORE', 'RESPECT')) {
    out.ignoreNulls = isKw(rest[0], 'IGNORE');
    rest = rest.slice(2);
  }
  if (isKw(rest[0], 'ORDER')) {
    const lim = rest.findIndex((n) => isKw(n, 'LIMIT'));
    out.orderBy = c.e.expr(rest.slice(2, lim < 0 ? undefined : lim));
    rest = lim < 0 ? [] : rest.slice(lim);
  }
  if (isKw(rest[0], 'LIMIT')) {
    const n = rest[1];
    if (rest.length !== 2 || !isTok(n) || n.kind !== 'number' || !/^\d+$/.test(n.value))
      c.e.fail(rest[0]?.pos ?? c.pos, `${c.name}: LIMIT expects an integer literal`);
    out.limit = n.value;
    rest = [];
  }
  if (rest.length > 0) c.e.fail(rest[0]?.pos ?? c.pos, `Syntax error: Unexpected tokens in ${c.name}`);
  return out;
}

/** ARRAY_AGG: NULL elements are an error in BigQuery unless IGNORE NULLS drops them. */
const arrayAgg: Handler = (c) => {
  const a = aggArgs(c);
  if (a.args.length !== 1)
    c.e.fail(c.pos, `No matching signature for function ARRAY_AGG with ${a.args.length} argument(s)`);
  const x = c.e.expr(a.args[0] as Node[]);
  let agg = `array_agg(${a.distinct ? 'DISTINCT ' : ''}${x}${a.orderBy ? ` ORDER BY ${a.orderBy}` : ''})`;
  if (a.ignoreNulls) agg += ` FILTER (WHERE (${x}) IS NOT NULL)`;
  agg += over(c);
  if (a.limit !== undefined) agg = `list_slice(${agg}, 1, ${a.limit})`;
  if (a.ignoreNulls) return agg;
  return noNullElements(agg);
};

/** An array that BigQuery would refuse to return because an element is NULL. */
export function noNullElements(list: string): string {
  return `(CASE WHEN list_contains(list_transform(${list}, e -> e IS NULL), true) THEN error('Array cannot have a null element') ELSE ${list} END)`;
}

/** STRING_AGG with ORDER BY and LIMIT inside the call. */
const stringAgg: Handler = (c) => {
  const a = aggArgs(c);
  if (a.args.length < 1 || a.args.length > 2)
    c.e.fail(c.pos, `No matching signature for function STRING_AGG with ${a.args.length} argument(s)`);
  const x = c.e.expr(a.args[0] as Node[]);
  const sep = a.args.length === 2 ? c.e.expr(a.args[1] as Node[]) : "','";
  const order = a.orderBy ? ` ORDER BY ${a.orderBy}` : '';
  const d = a.distinct ? 'DISTINCT ' : '';
  if (a.limit === undefined) return `string_agg(${d}${x}, ${sep}${order})${over(c)}`;
  const list = `list_slice(list(${d}${x}${order}) FILTER (WHERE (${x}) IS NOT NULL)${over(c)}, 1, ${a.limit})`;
  return `(CASE WHEN len(${list}) = 0 THEN NULL ELSE array_to_string(${list}, ${sep}) END)`;
};

/** A JSON path argument: BigQuery's JSONPath subset reads the same in DuckDB. */
const jsonPath = (c: Call, i: number): string => {
  if (c.args.length <= i) return "'$'";
  const lit = stringLiteral(c.args[i]);
  // JSON_EXTRACT's `$['a.b']` is `$."a.b"` in DuckDB's JSONPath.
  if (lit !== undefined && lit.includes("['"))
    return `'${lit.replace(/\['((?:[^'\\]|\\.)*)'\]/g, (_m, k: string) => '.' + JSON.stringify(k)).replace(/'/g, "''")}'`;
  return A(c, i);
};

/** JSON_VALUE: the scalar at the path as STRING; NULL for objects and arrays. */
const jsonScalar: Handler = (c) => {
  arity(c, 1, 2);
  const j = A(c, 0);
  const p = jsonPath(c, 1);
  return `(CASE WHEN json_type(${j}, ${p}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${j}, ${p}) END)`;
};

/** JSON_QUERY: JSON in, JSON out; STRING in, STRING (JSON text) out. */
const jsonQuery: Handler = (c) => {
  arity(c, 1, 2);
  const out = `json_extract(${A(c, 0)}, ${jsonPath(c, 1)})`;
  return c.e.staticType(c.args[0] as Node[]) === 'JSON' ? out : `CAST(${out} AS VARCHAR)`;
};

/** JSON_VALUE_ARRAY / JSON_QUERY_ARRAY: NULL unless the path holds an array (of scalars for VALUE). */
const jsonArray =
  (scalars: boolean): Handler =>
  (c) => {
    arity(c, 1, 2);
    const j = A(c, 0);
    const p = jsonPath(c, 1);
    const elems = `json_extract(${j}, (${p}) || '[*]')`;
    const isArray = `json_type(${j}, ${p}) = 'ARRAY'`;
    if (scalars) {
      return `(CASE WHEN ${isArray} AND NOT list_contains(list_transform(${elems}, e -> json_type(e) IN ('OBJECT', 'ARRAY')), true) THEN list_transform(${elems}, e -> json_extract_string(e, '$')) END)`;
    }
    const typed = c.e.staticType(c.args[0] as Node[]) === 'JSON' ? elems : `CAST(${elems} AS VARCHAR[])`;
    return `(CASE WHEN ${isArray} THEN ${typed} END)`;
  };

/** The JSON text of argument i (JSON values as they are, others as TO_JSON would encode them). */
function jsonText(c: Call, i: number): string {
  const nodes = c.args[i] as Node[];
  if (nodes.length === 1 && isKw(nodes[0], 'NULL')) return "'null'";
  if (c.e.staticType(nodes) === 'JSON') return `coalesce(CAST(${A(c, i)} AS VARCHAR), 'null')`;
  return `coalesce(bq_to_json_string(${A(c, i)}), 'null')`;
}

/**
 * INT64(json), FLOAT64(json), BOOL(json), STRING(json): the JSON value must already have that
 * type (BigQuery raises an error otherwise, it does not convert); JSON null gives NULL.
 */
function jsonConvert(duck: string, accepts: string[], name: string): Handler {
  return (c) => {
    arity(c, 1);
    const j = A(c, 0);
    const t = `json_type(${j})`;
    const value = duck === 'VARCHAR' ? `json_extract_string(${j}, '$')` : `CAST(${j} AS ${duck})`;
    const exact =
      duck === 'BIGINT' ? ` OR (${t} = 'DOUBLE' AND CAST(${j} AS DOUBLE) = trunc(CAST(${j} AS DOUBLE)))` : '';
    return `(CASE WHEN ${t} = 'NULL' THEN NULL WHEN ${t} IN (${accepts.map((a) => `'${a}'`).join(', ')})${exact} THEN ${value} ELSE error('The provided JSON input is not ${name === 'STRING' ? 'a string' : name === 'BOOL' ? 'a boolean' : 'a number'}: ${name}') END)`;
  };
}

/** A date part keyword argument: SECOND, WEEK(MONDAY), ... */
export function datePart(c: { e: ExprEmitter; name: string; pos: number }, nodes: readonly Node[] | undefined): string {
  const first = nodes?.[0];
  if (!nodes || !isTok(first) || first.kind !== 'ident')
    return c.e.fail(c.pos, `${c.name} expects a date part such as DAY or HOUR`);
  let part = first.value.toUpperCase();
  const g = nodes[1];
  if (isGroup(g) && isTok(g.items[0])) part += `(${(g.items[0] as { value: string }).value.toUpperCase()})`;
  return part;
}

const MICROS: Record<string, bigint> = {
  MICROSECOND: 1n,
  MILLISECOND: 1000n,
  SECOND: 1_000_000n,
  MINUTE: 60_000_000n,
  HOUR: 3_600_000_000n,
  DAY: 86_400_000_000n,
};

const INTERVAL_FN: Record<string, (v: string) => string> = {
  MICROSECOND: (v) => `to_microseconds(CAST(${v} AS BIGINT))`,
  MILLISECOND: (v) => `to_microseconds(CAST(${v} AS BIGINT) * 1000)`,
  SECOND: (v) => `to_microseconds(CAST(${v} AS BIGINT) * 1000000)`,
  MINUTE: (v) => `to_microseconds(CAST(${v} AS BIGINT) * 60000000)`,
  HOUR: (v) => `to_microseconds(CAST(${v} AS BIGINT) * 3600000000)`,
  DAY: (v) => `to_days(CAST(${v} AS INTEGER))`,
  WEEK: (v) => `to_days(CAST(${v} AS INTEGER) * 7)`,
  MONTH: (v) => `to_months(CAST(${v} AS INTEGER))`,
  QUARTER: (v) => `to_months(CAST(${v} AS INTEGER) * 3)`,
  YEAR: (v) => `to_years(CAST(${v} AS INTEGER))`,
};

/** `INTERVAL <expr> <PART>` -> a DuckDB INTERVAL expression. */
export function intervalExpr(e: ExprEmitter, nodes: readonly Node[], pos: number): string {
  if (!isKw(nodes[0], 'INTERVAL')) return e.fail(pos, 'Expected an INTERVAL expression');
  const last = nodes[nodes.length - 1];
  if (!isTok(last) || last.kind !== 'ident' || nodes.length < 3)
    return e.fail(pos, 'Expected INTERVAL <value> <date part>');
  const part = last.value.toUpperCase();
  const fn = INTERVAL_FN[part];
  if (!fn) return e.fail(last.pos, `Unsupported INTERVAL date part ${last.value}`);
  const value = nodes.slice(1, -1);
  const v = value.length === 1 && isTok(value[0]) && value[0].kind === 'string' ? value[0].value.trim() : e.expr(value);
  if (!/^[+-]?\d+$/.test(v) && value.length === 1 && isTok(value[0]) && value[0].kind === 'string')
    return e.fail(pos, `Invalid INTERVAL value '${v}'`);
  return fn(`(${v})`);
}

function addSub(kind: 'TIMESTAMP' | 'DATETIME' | 'DATE' | 'TIME', sign: '+' | '-'): Handler {
  return (c) => {
    arity(c, 2);
    const base = A(c, 0);
    const iv = intervalExpr(c.e, c.args[1] as Node[], c.pos);
    const sum = `(${base} ${sign} ${iv})`;
    return kind === 'DATE' ? `CAST(${sum} AS DATE)` : sum;
  };
}

/** Days since 1970-01-01 of a DATE/DATETIME/TIMESTAMP expression (civil, UTC for TIMESTAMP). */
const epochDays = (x: string): string => `(CAST(${x} AS DATE) - DATE '1970-01-01')`;

/**
 * Index of the week containing epoch day `d`, for weeks starting on `weekday` (0 = Sunday).
 * 1970-01-04 (epoch day 3) was a Sunday, so weeks starting on `weekday` begin where
 * d = 3 + weekday (mod 7). Floor division keeps dates before 1970 right.
 */
const weekIndex = (d: string, weekday: number): string => `CAST(floor((${d} + ${4 - weekday}) / 7) AS BIGINT)`;

const WEEK_START: Record<string, number> = {
  WEEK: 0,
  ISOWEEK: 1,
  'WEEK(SUNDAY)': 0,
  'WEEK(MONDAY)': 1,
  'WEEK(TUESDAY)': 2,
  'WEEK(WEDNESDAY)': 3,
  'WEEK(THURSDAY)': 4,
  'WEEK(FRIDAY)': 5,
  'WEEK(SATURDAY)': 6,
};

/**
 * *_DIFF. DATE, DATETIME and TIME count unit boundaries crossed (BigQuery documents
 * DATETIME_DIFF('2010-07-07 10:20', '2008-12-25 15:30', DAY) = 559); TIMESTAMP_DIFF counts
 * whole elapsed units, truncated toward zero (13410 HOUR for the same pair).
 */
function diff(kind: 'TIMESTAMP' | 'DATETIME' | 'DATE' | 'TIME'): Handler {
  return (c) => {
    arity(c, 3);
    const a = A(c, 0);
    const b = A(c, 1);
    const part = datePart(c, c.args[2]);
    const unit = MICROS[part];
    if (kind === 'TIME') {
      if (unit === undefined || part === 'DAY') return c.e.fail(c.pos, `Unsupported date part ${part} for ${c.name}`);
      const us = (x: string): string => `epoch_us(DATE '1970-01-01' + ${x})`;
      return `((${us(a)} // ${unit}) - (${us(b)} // ${unit}))`;
    }
    if (kind === 'TIMESTAMP' && unit !== undefined) {
      // GoogleSQL truncates toward zero, like DuckDB's integer `//`.
      return `((epoch_us(${a}) - epoch_us(${b})) // ${unit})`;
    }
    if (kind === 'DATETIME' && unit !== undefined) {
      const us = (x: string): string => `bq_floordiv(epoch_us(${x}), ${unit})`;
      return `(${us(a)} - ${us(b)})`;
    }
    if (part === 'DAY') return `(${epochDays(a)} - ${epochDays(b)})`;
    const wd = WEEK_START[part];
    if (wd !== undefined) return `(${weekIndex(epochDays(a), wd)} - ${weekIndex(epochDays(b), wd)})`;
    const duck: Record<string, string> = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year', ISOYEAR: 'isoyear' };
    const p = duck[part];
    if (!p || kind === 'TIMESTAMP') return c.e.fail(c.pos, `Unsupported date part ${part} for ${c.name}`);
    return `date_diff('${p}', CAST(${b} AS DATE), CAST(${a} AS DATE))`;
  };
}

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** date_trunc with GoogleSQL's parts; weeks start on Sunday unless WEEK(<day>) says otherwise. */
function truncExpr(c: Call, value: string, part: string): string {
  const simple: Record<string, string> = {
    MICROSECOND: 'microseconds',
    MILLISECOND: 'milliseconds',
    SECOND: 'second',
    MINUTE: 'minute',
    HOUR: 'hour',
    DAY: 'day',
    ISOWEEK: 'week',
    MONTH: 'month',
    QUARTER: 'quarter',
    YEAR: 'year',
  };
  const s = simple[part];
  if (s) return `date_trunc('${s}', ${value})`;
  const wk = /^WEEK(?:\((\w+)\))?$/.exec(part);
  if (wk) {
    const day = WEEKDAYS.indexOf(wk[1] ?? 'SUNDAY');
    if (day < 0) return c.e.fail(c.pos, `Invalid week part ${part}`);
    const shift = (day + 6) % 7; // days after Monday
    if (shift === 0) return `date_trunc('week', ${value})`;
    return `(date_trunc('week', ${value} - INTERVAL ${shift} DAY) + INTERVAL ${shift} DAY)`;
  }
  if (part === 'ISOYEAR') return `(date_trunc('week', make_date(isoyear(${value}), 1, 4)))`;
  return c.e.fail(c.pos, `Unsupported date part ${part} for ${c.name}`);
}

const tsTrunc: Handler = (c) => {
  arity(c, 2, 3);
  const v = A(c, 0);
  const part = datePart(c, c.args[1]);
  if (c.args.length === 3) {
    const tz = A(c, 2);
    return `timezone(${tz}, ${truncExpr(c, `timezone(${tz}, ${v})`, part)})`;
  }
  return truncExpr(c, v, part);
};

function countGroups(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '(' && pattern[i + 1] !== '?') n++;
  }
  return n;
}

const stringLiteral = (nodes: readonly Node[] | undefined): string | undefined => {
  const t = nodes?.[0];
  return nodes?.length === 1 && isTok(t) && t.kind === 'string' ? t.value : undefined;
};

/** GREATEST/LEAST return NULL when any argument is NULL in GoogleSQL. */
const nullStrict =
  (fn: string): Handler =>
  (c) => {
    arity(c, 1, 99);
    const args = all(c);
    return `CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE ${fn}(${args.join(', ')}) END`;
  };

/** A count or length argument that must not be negative. */
function nonNegative(x: string, what: string): string {
  return `(CASE WHEN (${x}) < 0 THEN error('${what}: the length argument cannot be negative') ELSE (${x}) END)`;
}

/** A divisor that raises BigQuery's division-by-zero error instead of DuckDB's NULL. */
export function nonZero(x: string, what: string): string {
  return `(CASE WHEN (${x}) = 0 THEN error('division by zero: ${what}') ELSE (${x}) END)`;
}

const castTo =
  (type: string): Handler =>
  (c) => {
    arity(c, 1);
    return `CAST(${A(c, 0)} AS ${type})`;
  };

const FUNCS: Record<string, Handler> = {
  // Aggregates and analytic functions with the same meaning in DuckDB.
  COUNT: aggregate('count'),
  SUM: aggregate('sum'),
  AVG: (c) => {
    if (c.args.length === 1 && c.e.staticType(c.args[0] as Node[]) === 'BIGNUMERIC')
      c.e.fail(c.pos, 'AVG of BIGNUMERIC is not supported by the local BigQuery server');
    return aggregate('avg')(c);
  },
  MIN: aggregate('min'),
  MAX: aggregate('max'),
  ANY_VALUE: aggregate('any_value'),
  // count_if is NULL over no rows; COUNTIF is 0.
  COUNTIF: (c) => {
    arity(c, 1);
    return `count(CASE WHEN ${A(c, 0)} THEN 1 END)`;
  },
  LOGICAL_AND: aggregate('bool_and'),
  LOGICAL_OR: aggregate('bool_or'),
  BIT_AND: aggregate('bit_and'),
  BIT_OR: aggregate('bit_or'),
  BIT_XOR: aggregate('bit_xor'),
  STRING_AGG: stringAgg,
  ARRAY_AGG: arrayAgg,
  APPROX_COUNT_DISTINCT: aggregate('approx_count_distinct'),
  STDDEV: aggregate('stddev_samp'),
  STDDEV_SAMP: aggregate('stddev_samp'),
  STDDEV_POP: aggregate('stddev_pop'),
  VARIANCE: aggregate('var_samp'),
  VAR_SAMP: aggregate('var_samp'),
  VAR_POP: aggregate('var_pop'),
  CORR: aggregate('corr'),
  COVAR_POP: aggregate('covar_pop'),
  COVAR_SAMP: aggregate('covar_samp'),
  ROW_NUMBER: aggregate('row_number'),
  RANK: aggregate('rank'),
  DENSE_RANK: aggregate('dense_rank'),
  PERCENT_RANK: aggregate('percent_rank'),
  CUME_DIST: aggregate('cume_dist'),
  NTILE: aggregate('ntile'),
  LAG: aggregate('lag'),
  LEAD: aggregate('lead'),
  FIRST_VALUE: aggregate('first_value'),
  LAST_VALUE: aggregate('last_value'),
  NTH_VALUE: aggregate('nth_value'),

  // Math.
  ABS: rename('abs', 1, 1),
  SIGN: rename('sign', 1, 1),
  ROUND: rename('round', 1, 2),
  TRUNC: rename('trunc', 1, 2),
  CEIL: rename('ceil', 1, 1),
  CEILING: rename('ceil', 1, 1),
  FLOOR: rename('floor', 1, 1),
  SQRT: rename('sqrt', 1, 1),
  POW: rename('pow', 2, 2),
  POWER: rename('pow', 2, 2),
  EXP: rename('exp', 1, 1),
  LN: rename('ln', 1, 1),
  LOG10: rename('log10', 1, 1),
  LOG: (c) => {
    arity(c, 1, 2);
    return c.args.length === 1 ? `ln(${A(c, 0)})` : `(ln(${A(c, 0)}) / ln(${A(c, 1)}))`;
  },
  // DuckDB answers NULL for a zero divisor; BigQuery raises "division by zero".
  MOD: (c) => {
    arity(c, 2);
    return `((${A(c, 0)}) % ${nonZero(A(c, 1), 'MOD')})`;
  },
  DIV: (c) => {
    arity(c, 2);
    return `((${A(c, 0)}) // ${nonZero(A(c, 1), 'DIV')})`;
  },
  SAFE_DIVIDE: (c) => {
    arity(c, 2);
    const b = A(c, 1);
    return `CASE WHEN (${b}) = 0 THEN NULL ELSE (${A(c, 0)}) / (${b}) END`;
  },
  IEEE_DIVIDE: (c) => {
    arity(c, 2);
    return `(CAST(${A(c, 0)} AS DOUBLE) / CAST(${A(c, 1)} AS DOUBLE))`;
  },
  RAND: rename('random', 0, 0),
  SIN: rename('sin', 1, 1),
  COS: rename('cos', 1, 1),
  TAN: rename('tan', 1, 1),
  ATAN: rename('atan', 1, 1),
  ATAN2: rename('atan2', 2, 2),
  SAFE_ADD: (c) => {
    arity(c, 2);
    return `TRY((${A(c, 0)}) + (${A(c, 1)}))`;
  },
  SAFE_SUBTRACT: (c) => {
    arity(c, 2);
    return `TRY((${A(c, 0)}) - (${A(c, 1)}))`;
  },
  SAFE_MULTIPLY: (c) => {
    arity(c, 2);
    return `TRY((${A(c, 0)}) * (${A(c, 1)}))`;
  },
  SAFE_NEGATE: (c) => {
    arity(c, 1);
    return `TRY(-(${A(c, 0)}))`;
  },
  ERROR: (c) => {
    arity(c, 1);
    return `error(${A(c, 0)})`;
  },
  GREATEST: nullStrict('greatest'),
  LEAST: nullStrict('least'),
  IS_NAN: rename('isnan', 1, 1),
  IS_INF: rename('isinf', 1, 1),

  // Conditionals.
  COALESCE: rename('coalesce', 1),
  IFNULL: rename('coalesce', 2, 2),
  NULLIF: rename('nullif', 2, 2),
  IF: (c) => {
    arity(c, 3);
    return `CASE WHEN ${A(c, 0)} THEN ${A(c, 1)} ELSE ${A(c, 2)} END`;
  },

  // Strings.
  CONCAT: (c) => {
    arity(c, 1, 999);
    // CONCAT is NULL when any argument is NULL; DuckDB's concat() skips NULLs, `||` does not.
    return (
      '(' +
      all(c)
        .map((a) => `(${a})`)
        .join(' || ') +
      ')'
    );
  },
  LENGTH: rename('length', 1, 1),
  CHAR_LENGTH: rename('length', 1, 1),
  CHARACTER_LENGTH: rename('length', 1, 1),
  BYTE_LENGTH: (c) => {
    arity(c, 1);
    const x = A(c, 0);
    const t = c.e.staticType(c.args[0] as Node[]);
    if (t === 'STRING') return `strlen(${x})`;
    if (t === 'BYTES') return `octet_length(${x})`;
    return `(CASE WHEN typeof(${x}) = 'BLOB' THEN octet_length(TRY_CAST(${x} AS BLOB)) ELSE strlen(TRY_CAST(${x} AS VARCHAR)) END)`;
  },
  LOWER: rename('lower', 1, 1),
  UPPER: rename('upper', 1, 1),
  TRIM: rename('trim', 1, 2),
  LTRIM: rename('ltrim', 1, 2),
  RTRIM: rename('rtrim', 1, 2),
  REPLACE: rename('replace', 3, 3),
  REVERSE: rename('reverse', 1, 1),
  // Negative counts and lengths are errors in BigQuery; DuckDB answers '' or counts from the end.
  REPEAT: (c) => {
    arity(c, 2);
    return `repeat(${A(c, 0)}, ${nonNegative(A(c, 1), 'REPEAT')})`;
  },
  LPAD: (c) => {
    arity(c, 2, 3);
    return `lpad(${A(c, 0)}, ${nonNegative(A(c, 1), 'LPAD')}, ${c.args.length === 3 ? A(c, 2) : "' '"})`;
  },
  RPAD: (c) => {
    arity(c, 2, 3);
    return `rpad(${A(c, 0)}, ${nonNegative(A(c, 1), 'RPAD')}, ${c.args.length === 3 ? A(c, 2) : "' '"})`;
  },
  LEFT: (c) => {
    arity(c, 2);
    return `left(${A(c, 0)}, ${nonNegative(A(c, 1), 'LEFT')})`;
  },
  RIGHT: (c) => {
    arity(c, 2);
    return `right(${A(c, 0)}, ${nonNegative(A(c, 1), 'RIGHT')})`;
  },
  STARTS_WITH: rename('starts_with', 2, 2),
  ENDS_WITH: rename('ends_with', 2, 2),
  STRPOS: rename('strpos', 2, 2),
  INSTR: rename('instr', 2, 2),
  ASCII: rename('ascii', 1, 1),
  CHR: rename('chr', 1, 1),
  SUBSTR: (c) => {
    arity(c, 2, 3);
    // A position off the left end (0, or before -LENGTH) means 1 in GoogleSQL.
    const s = A(c, 0);
    const p = A(c, 1);
    const pos = `CASE WHEN (${p}) = 0 OR (${p}) < -length(${s}) THEN 1 ELSE (${p}) END`;
    return c.args.length === 3
      ? `substring(${s}, ${pos}, ${nonNegative(A(c, 2), 'SUBSTR')})`
      : `substring(${s}, ${pos})`;
  },
  SPLIT: (c) => {
    arity(c, 1, 2);
    return `string_split(${A(c, 0)}, ${c.args.length === 2 ? A(c, 1) : "','"})`;
  },
  FORMAT: rename('printf', 1),
  REGEXP_CONTAINS: rename('regexp_matches', 2, 2),
  REGEXP_REPLACE: (c) => {
    arity(c, 3);
    return `regexp_replace(${A(c, 0)}, ${A(c, 1)}, ${A(c, 2)}, 'g')`;
  },
  REGEXP_EXTRACT: (c) => {
    arity(c, 2, 2);
    const pattern = stringLiteral(c.args[1]);
    const group = pattern !== undefined && countGroups(pattern) > 0 ? 1 : 0;
    const s = A(c, 0);
    const p = A(c, 1);
    return `CASE WHEN regexp_matches(${s}, ${p}) THEN regexp_extract(${s}, ${p}, ${group}) END`;
  },
  REGEXP_EXTRACT_ALL: (c) => {
    arity(c, 2);
    const pattern = stringLiteral(c.args[1]);
    const group = pattern !== undefined && countGroups(pattern) > 0 ? 1 : 0;
    return `regexp_extract_all(${A(c, 0)}, ${A(c, 1)}, ${group})`;
  },
  TO_HEX: (c) => {
    arity(c, 1);
    return `lower(hex(${A(c, 0)}))`;
  },
  FROM_HEX: rename('unhex', 1, 1),
  TO_BASE64: rename('to_base64', 1, 1),
  FROM_BASE64: rename('from_base64', 1, 1),
  MD5: (c) => {
    arity(c, 1);
    return `unhex(md5(${A(c, 0)}))`;
  },
  SHA1: (c) => {
    arity(c, 1);
    return `unhex(sha1(${A(c, 0)}))`;
  },
  SHA256: (c) => {
    arity(c, 1);
    return `unhex(sha256(${A(c, 0)}))`;
  },
  FARM_FINGERPRINT: rename('bq_farm_fingerprint', 1, 1),
  GENERATE_UUID: (c) => {
    arity(c, 0);
    return 'CAST(gen_random_uuid() AS VARCHAR)';
  },
  TO_JSON_STRING: (c) => {
    arity(c, 1, 2);
    // JSON values keep their text; the UDF cannot tell JSON from STRING once it reaches it.
    if (c.e.staticType(c.args[0] as Node[]) === 'JSON') return `CAST(${A(c, 0)} AS VARCHAR)`;
    return `bq_to_json_string(${A(c, 0)})`;
  },
  TO_JSON: (c) => {
    arity(c, 1, 2);
    if (c.e.staticType(c.args[0] as Node[]) === 'JSON') return A(c, 0);
    return `CAST(bq_json(bq_to_json_string(${A(c, 0)})) AS JSON)`;
  },
  PARSE_JSON: (c) => {
    arity(c, 1, 2);
    return `CAST(bq_json(${A(c, 0)}) AS JSON)`;
  },
  JSON_VALUE: jsonScalar,
  JSON_EXTRACT_SCALAR: jsonScalar,
  JSON_QUERY: jsonQuery,
  JSON_EXTRACT: jsonQuery,
  JSON_VALUE_ARRAY: jsonArray(true),
  JSON_EXTRACT_STRING_ARRAY: jsonArray(true),
  JSON_QUERY_ARRAY: jsonArray(false),
  JSON_EXTRACT_ARRAY: jsonArray(false),
  JSON_TYPE: (c) => {
    arity(c, 1);
    const t = `json_type(${A(c, 0)})`;
    return `(CASE ${t} WHEN 'OBJECT' THEN 'object' WHEN 'ARRAY' THEN 'array' WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean' WHEN 'NULL' THEN 'null' ELSE 'number' END)`;
  },
  JSON_OBJECT: (c) => {
    if (c.args.length % 2 !== 0)
      c.e.fail(c.pos, 'No matching signature for function JSON_OBJECT: expects key/value pairs');
    const parts: string[] = [];
    for (let i = 0; i < c.args.length; i += 2) {
      parts.push(`to_json(CAST(${A(c, i)} AS VARCHAR)) || ':' || ${jsonText(c, i + 1)}`);
    }
    return `CAST(bq_json('{' || ${parts.length ? parts.join(` || ',' || `) : "''"} || '}') AS JSON)`;
  },
  JSON_ARRAY: (c) => {
    const parts = c.args.map((_, i) => jsonText(c, i));
    return `CAST(bq_json('[' || ${parts.length ? parts.join(` || ',' || `) : "''"} || ']') AS JSON)`;
  },
  INT64: jsonConvert('BIGINT', ['UBIGINT', 'BIGINT'], 'INT64'),
  FLOAT64: jsonConvert('DOUBLE', ['UBIGINT', 'BIGINT', 'DOUBLE'], 'FLOAT64'),
  BOOL: jsonConvert('BOOLEAN', ['BOOLEAN'], 'BOOL'),
  STRING: (c) => {
    arity(c, 1, 2);
    const t = c.e.staticType(c.args[0] as Node[]);
    if (t === 'TIMESTAMP' || c.args.length === 2)
      return `bq_timestamp_string(${A(c, 0)}, ${c.args.length === 2 ? A(c, 1) : "'UTC'"})`;
    return jsonConvert('VARCHAR', ['VARCHAR'], 'STRING')(c);
  },

  // Arrays.
  ARRAY_LENGTH: rename('len', 1, 1),
  ARRAY_TO_STRING: (c) => {
    arity(c, 2, 3);
    // Without null_text NULL elements are skipped (with their delimiter); with it they print as it.
    if (c.args.length === 3)
      return `array_to_string(list_transform(${A(c, 0)}, e -> coalesce(e, ${A(c, 2)})), ${A(c, 1)})`;
    return `array_to_string(${A(c, 0)}, ${A(c, 1)})`;
  },
  GENERATE_DATE_ARRAY: (c) => {
    arity(c, 2, 3);
    const step = c.args.length === 3 ? intervalExpr(c.e, c.args[2] as Node[], c.pos) : 'INTERVAL 1 DAY';
    return `CAST(generate_series(CAST(${A(c, 0)} AS TIMESTAMP), CAST(${A(c, 1)} AS TIMESTAMP), ${step}) AS DATE[])`;
  },
  GENERATE_TIMESTAMP_ARRAY: (c) => {
    arity(c, 3);
    return `generate_series(CAST(${A(c, 0)} AS TIMESTAMPTZ), CAST(${A(c, 1)} AS TIMESTAMPTZ), ${intervalExpr(c.e, c.args[2] as Node[], c.pos)})`;
  },
  ARRAY_CONCAT: (c) => {
    arity(c, 1, 99);
    return all(c).reduce((acc, a) => `list_concat(${acc}, ${a})`);
  },
  ARRAY_REVERSE: rename('list_reverse', 1, 1),
  GENERATE_ARRAY: (c) => {
    arity(c, 2, 3);
    if (c.args.length === 3) {
      const step = A(c, 2);
      return `CASE WHEN (${step}) = 0 THEN error('Sequence step cannot be 0.') ELSE generate_series(${A(c, 0)}, ${A(c, 1)}, ${step}) END`;
    }
    return `generate_series(${all(c).join(', ')})`;
  },

  // Dates and times.
  CURRENT_TIMESTAMP: (c) => {
    arity(c, 0);
    return 'get_current_timestamp()';
  },
  CURRENT_DATE: (c) => {
    arity(c, 0, 1);
    return `CAST(timezone(${c.args.length ? A(c, 0) : "'UTC'"}, get_current_timestamp()) AS DATE)`;
  },
  CURRENT_DATETIME: (c) => {
    arity(c, 0, 1);
    return c.args.length
      ? `timezone(${A(c, 0)}, get_current_timestamp())`
      : 'CAST(get_current_timestamp() AS TIMESTAMP)';
  },
  CURRENT_TIME: (c) => {
    arity(c, 0, 1);
    return `CAST(timezone(${c.args.length ? A(c, 0) : "'UTC'"}, get_current_timestamp()) AS TIME)`;
  },
  TIMESTAMP: (c) => {
    arity(c, 1, 2);
    if (c.args.length === 2) return `timezone(${A(c, 1)}, CAST(${A(c, 0)} AS TIMESTAMP))`;
    return `CAST(${A(c, 0)} AS TIMESTAMPTZ)`;
  },
  DATE: (c) => {
    arity(c, 1, 3);
    if (c.args.length === 3) return `make_date(${all(c).join(', ')})`;
    if (c.args.length === 2) return `CAST(timezone(${A(c, 1)}, ${A(c, 0)}) AS DATE)`;
    return `CAST(${A(c, 0)} AS DATE)`;
  },
  DATETIME: (c) => {
    arity(c, 1, 6);
    if (c.args.length === 6) return `make_timestamp(${all(c).join(', ')})`;
    if (c.args.length === 2) {
      const second = c.e.columnType(c.args[1] as Node[]);
      const lit = stringLiteral(c.args[1]);
      if (second === 'TIME') return `(CAST(${A(c, 0)} AS DATE) + ${A(c, 1)})`;
      if (lit !== undefined || second === 'STRING') return `timezone(${A(c, 1)}, ${A(c, 0)})`;
      return `(CAST(${A(c, 0)} AS DATE) + ${A(c, 1)})`;
    }
    return `CAST(${A(c, 0)} AS TIMESTAMP)`;
  },
  TIME: (c) => {
    arity(c, 1, 3);
    if (c.args.length === 3) return `make_time(${all(c).join(', ')})`;
    if (c.args.length === 2) return `CAST(timezone(${A(c, 1)}, ${A(c, 0)}) AS TIME)`;
    return `CAST(${A(c, 0)} AS TIME)`;
  },
  TIMESTAMP_MICROS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT))`;
  },
  TIMESTAMP_MILLIS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT) * 1000)`;
  },
  TIMESTAMP_SECONDS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT) * 1000000)`;
  },
  TIMESTAMP_FROM_UNIX_MICROS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT))`;
  },
  TIMESTAMP_FROM_UNIX_MILLIS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT) * 1000)`;
  },
  TIMESTAMP_FROM_UNIX_SECONDS: (c) => {
    arity(c, 1);
    return `make_timestamptz(CAST(${A(c, 0)} AS BIGINT) * 1000000)`;
  },
  UNIX_MICROS: (c) => {
    arity(c, 1);
    return `epoch_us(${A(c, 0)})`;
  },
  UNIX_MILLIS: (c) => {
    arity(c, 1);
    return `bq_floordiv(epoch_us(${A(c, 0)}), 1000)`;
  },
  UNIX_SECONDS: (c) => {
    arity(c, 1);
    return `bq_floordiv(epoch_us(${A(c, 0)}), 1000000)`;
  },
  UNIX_DATE: (c) => {
    arity(c, 1);
    return `(CAST(${A(c, 0)} AS DATE) - DATE '1970-01-01')`;
  },
  DATE_FROM_UNIX_DATE: (c) => {
    arity(c, 1);
    return `(DATE '1970-01-01' + CAST(${A(c, 0)} AS INTEGER))`;
  },
  TIMESTAMP_ADD: addSub('TIMESTAMP', '+'),
  TIMESTAMP_SUB: addSub('TIMESTAMP', '-'),
  DATETIME_ADD: addSub('DATETIME', '+'),
  DATETIME_SUB: addSub('DATETIME', '-'),
  DATE_ADD: addSub('DATE', '+'),
  DATE_SUB: addSub('DATE', '-'),
  TIME_ADD: addSub('TIME', '+'),
  TIME_SUB: addSub('TIME', '-'),
  TIMESTAMP_DIFF: diff('TIMESTAMP'),
  DATETIME_DIFF: diff('DATETIME'),
  DATE_DIFF: diff('DATE'),
  TIME_DIFF: diff('TIME'),
  TIMESTAMP_TRUNC: tsTrunc,
  DATETIME_TRUNC: (c) => {
    arity(c, 2);
    return `CAST(${truncExpr(c, A(c, 0), datePart(c, c.args[1]))} AS TIMESTAMP)`;
  },
  DATE_TRUNC: (c) => {
    arity(c, 2);
    return `CAST(${truncExpr(c, A(c, 0), datePart(c, c.args[1]))} AS DATE)`;
  },
  TIME_TRUNC: (c) => {
    arity(c, 2);
    const part = datePart(c, c.args[1]);
    if (MICROS[part] === undefined || part === 'DAY')
      return c.e.fail(c.pos, `Unsupported date part ${part} for TIME_TRUNC`);
    return `CAST(${truncExpr(c, `(DATE '1970-01-01' + ${A(c, 0)})`, part)} AS TIME)`;
  },
  LAST_DAY: (c) => {
    arity(c, 1, 2);
    const d = `CAST(${A(c, 0)} AS DATE)`;
    const part = c.args.length === 2 ? datePart(c, c.args[1]) : 'MONTH';
    if (part === 'MONTH') return `last_day(${d})`;
    if (part === 'QUARTER') return `CAST(date_trunc('quarter', ${d}) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)`;
    if (part === 'YEAR') return `make_date(year(${d}), 12, 31)`;
    if (part === 'ISOYEAR')
      return `CAST(date_trunc('week', make_date(isoyear(${d}) + 1, 1, 4)) - INTERVAL 1 DAY AS DATE)`;
    const wd = WEEK_START[part];
    if (wd === undefined) return c.e.fail(c.pos, `Unsupported date part ${part} for LAST_DAY`);
    // The last day of the week containing d: the day before the next week starts.
    return `(DATE '1970-01-01' + CAST(${weekIndex(epochDays(d), wd)} * 7 + ${wd - 4} + 6 AS INTEGER))`;
  },
  FORMAT_TIMESTAMP: (c) => {
    arity(c, 2, 3);
    return `bq_format_timestamp(${A(c, 0)}, ${A(c, 1)}, ${c.args.length === 3 ? A(c, 2) : "'UTC'"})`;
  },
  FORMAT_DATETIME: (c) => {
    arity(c, 2);
    return `bq_format_timestamp(${A(c, 0)}, timezone('UTC', CAST(${A(c, 1)} AS TIMESTAMP)), 'UTC')`;
  },
  FORMAT_DATE: (c) => {
    arity(c, 2);
    return `bq_format_timestamp(${A(c, 0)}, timezone('UTC', CAST(${A(c, 1)} AS TIMESTAMP)), 'UTC')`;
  },
  FORMAT_TIME: (c) => {
    arity(c, 2);
    return `bq_format_timestamp(${A(c, 0)}, timezone('UTC', DATE '1970-01-01' + ${A(c, 1)}), 'UTC')`;
  },
  PARSE_TIMESTAMP: (c) => {
    arity(c, 2, 3);
    return `bq_parse_timestamp(${A(c, 0)}, ${A(c, 1)}, ${c.args.length === 3 ? A(c, 2) : "'UTC'"})`;
  },
  PARSE_DATETIME: (c) => {
    arity(c, 2);
    return `timezone('UTC', bq_parse_timestamp(${A(c, 0)}, ${A(c, 1)}, 'UTC'))`;
  },
  PARSE_DATE: (c) => {
    arity(c, 2);
    return `CAST(timezone('UTC', bq_parse_timestamp(${A(c, 0)}, ${A(c, 1)}, 'UTC')) AS DATE)`;
  },
  PARSE_TIME: (c) => {
    arity(c, 2);
    return `CAST(timezone('UTC', bq_parse_timestamp(${A(c, 0)}, ${A(c, 1)}, 'UTC')) AS TIME)`;
  },
  PARSE_NUMERIC: castTo('DECIMAL(38,9)'),
  PARSE_BIGNUMERIC: (c) => {
    arity(c, 1);
    return `bq_bignumeric(CAST(${A(c, 0)} AS VARCHAR))`;
  },

  // Geography (WKT text in, DuckDB GEOMETRY stored).
  ST_GEOGPOINT: (c) => {
    arity(c, 2);
    return `CAST('POINT(' || CAST(CAST(${A(c, 0)} AS DOUBLE) AS VARCHAR) || ' ' || CAST(CAST(${A(c, 1)} AS DOUBLE) AS VARCHAR) || ')' AS GEOMETRY)`;
  },
  ST_GEOGFROMTEXT: castTo('GEOMETRY'),
  ST_GEOGFROM: castTo('GEOMETRY'),
  ST_ASTEXT: rename('bq_geo_text', 1, 1),
};

/** Translates a call; `name` is upper-case, possibly with a SAFE. prefix. */
export function translateCall(
  name: string,
  args: Node[][],
  e: ExprEmitter,
  pos: number,
  raw: Node[] = args.flatMap((a, i) =>
    i === 0 ? a : [{ kind: 'op', text: ',', value: ',', pos, end: pos } as Node, ...a],
  ),
  overSql = '',
): string {
  const safe = name.startsWith('SAFE.');
  const base = safe ? name.slice(5) : name;
  const h = FUNCS[base];
  if (!h) return e.fail(pos, missingFunctionMessage(name));
  const call: Call = { name: base, pos, args, e, raw, overSql, overUsed: false };
  let out = h(call);
  if (overSql && !call.overUsed) out += overSql;
  // SAFE.f(...) returns NULL instead of raising an error; DuckDB's TRY does the same.
  return safe ? `TRY(${out})` : out;
}

export function isKnownFunction(name: string): boolean {
  return FUNCS[name.startsWith('SAFE.') ? name.slice(5) : name] !== undefined;
}

/** EXTRACT(part FROM x [AT TIME ZONE tz]). */
export function translateExtract(items: readonly Node[], e: ExprEmitter, pos: number): string {
  const fromIdx = items.findIndex((n) => isKw(n, 'FROM'));
  if (fromIdx < 1) return e.fail(pos, 'Syntax error: expected EXTRACT(<part> FROM <expression>)');
  const part = datePart({ e, name: 'EXTRACT', pos }, items.slice(0, fromIdx));
  let rest = items.slice(fromIdx + 1);
  const atIdx = rest.findIndex((n, i) => isKw(n, 'AT') && isKw(rest[i + 1], 'TIME') && isKw(rest[i + 2], 'ZONE'));
  let x: string;
  if (atIdx >= 0) {
    x = `timezone(${e.expr(rest.slice(atIdx + 3))}, ${e.expr(rest.slice(0, atIdx))})`;
    rest = rest.slice(0, atIdx);
  } else x = e.expr(rest);
  switch (part) {
    case 'YEAR':
    case 'MONTH':
    case 'DAY':
    case 'HOUR':
    case 'MINUTE':
    case 'QUARTER':
    case 'DAYOFYEAR':
    case 'ISOYEAR':
      return `extract(${part.toLowerCase()} FROM ${x})`;
    case 'SECOND':
      return `second(${x})`;
    case 'MILLISECOND':
      return `((microsecond(${x}) % 1000000) // 1000)`;
    case 'MICROSECOND':
      return `(microsecond(${x}) % 1000000)`;
    case 'DAYOFWEEK':
      return `(dayofweek(${x}) + 1)`;
    case 'ISOWEEK':
      return `week(${x})`;
    case 'WEEK':
    case 'WEEK(SUNDAY)':
      return `CAST(strftime(${x}, '%U') AS BIGINT)`;
    case 'WEEK(MONDAY)':
      return `CAST(strftime(${x}, '%W') AS BIGINT)`;
    case 'DATE':
      return `CAST(${x} AS DATE)`;
    case 'TIME':
      return `CAST(${x} AS TIME)`;
    case 'DATETIME':
      return `CAST(${x} AS TIMESTAMP)`;
    default:
      return e.fail(pos, `Unsupported date part ${part} in EXTRACT`);
  }
}

/**
 * BigQuery functions the local server does not implement, by family, so a query using one
 * gets an error naming the feature instead of "not found" (or, worse, DuckDB's same-named
 * function with other semantics: unknown names never reach DuckDB).
 */
const UNSUPPORTED: [RegExp, string][] = [
  [/^ST_/, 'geography'],
  [/^(S2_|H3_)/, 'geography'],
  [
    /^(JSON_SET|JSON_REMOVE|JSON_STRIP_NULLS|JSON_ARRAY_APPEND|JSON_ARRAY_INSERT|JSON_KEYS|JSON_CONTAINS|LAX_\w+)$/,
    'JSON',
  ],
  [/^(RANGE|RANGE_\w+|GENERATE_RANGE_ARRAY)$/, 'range'],
  [/^(HLL_COUNT|APPROX_QUANTILES|APPROX_TOP_COUNT|APPROX_TOP_SUM|KLL_QUANTILES)/, 'approximate aggregate'],
  [/^(KEYS|AEAD|DETERMINISTIC_ENCRYPT|DETERMINISTIC_DECRYPT)/, 'encryption'],
  [/^(NET|ML|AI|VECTOR_SEARCH|OBJ)\b/, 'specialised'],
  [
    /^(ARRAY_FIRST|ARRAY_LAST|ARRAY_SLICE|ARRAY_INCLUDES|ARRAY_INCLUDES_ALL|ARRAY_INCLUDES_ANY|ARRAY_FILTER|ARRAY_TRANSFORM|ARRAY_IS_DISTINCT|ARRAY_MIN|ARRAY_MAX|ARRAY_SUM|ARRAY_AVG|ARRAY_OFFSET|ARRAY_OFFSETS|ARRAY_FIND|ARRAY_FIND_ALL|ARRAY_ZIP|FLATTEN)$/,
    'array',
  ],
  [/^(JUSTIFY_\w+|MAKE_INTERVAL|EXTRACT_INTERVAL)$/, 'interval'],
  [
    /^(COLLATE|NORMALIZE|NORMALIZE_AND_CASEFOLD|SOUNDEX|TRANSLATE|UNICODE|CODE_POINTS_TO_STRING|CODE_POINTS_TO_BYTES|TO_CODE_POINTS|SAFE_CONVERT_BYTES_TO_STRING|REGEXP_INSTR|REGEXP_SUBSTR|EDIT_DISTANCE|CONTAINS_SUBSTR|SEARCH|INITCAP|ASCII_\w+|FORMAT_\w+)$/,
    'string',
  ],
  [
    /^(CBRT|COT|COTH|CSC|CSCH|SEC|SECH|ACOS|ACOSH|ASIN|ASINH|ATANH|COSH|SINH|TANH|RANGE_BUCKET|COSINE_DISTANCE|EUCLIDEAN_DISTANCE|BIT_COUNT)$/,
    'math',
  ],
  [
    /^(PERCENTILE_CONT|PERCENTILE_DISC|GROUPING|APPROX_COUNT_DISTINCT_\w+|ARRAY_CONCAT_AGG|SUM_\w+|AVG_\w+)$/,
    'aggregate',
  ],
  [/^(TIMESTAMP_BUCKET|DATE_BUCKET|DATETIME_BUCKET|GAP_FILL|PARSE_DATETIME_\w+|SESSION_USER)$/, 'other'],
];

/** The error message for a function the local server does not have. */
export function missingFunctionMessage(name: string): string {
  const base = name.startsWith('SAFE.') ? name.slice(5) : name;
  const family = unsupportedFamily(base.toUpperCase());
  if (family) return `Function ${base.toUpperCase()} (${family}) is not supported by the local BigQuery server`;
  return `Function not found: ${name.toLowerCase()}`;
}

function unsupportedFamily(name: string): string | undefined {
  return UNSUPPORTED.find(([re]) => re.test(name))?.[1];
}
