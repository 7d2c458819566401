/**
 * GoogleSQL query text -> DuckDB SQL. Works on the bracket tree of tokens: clauses are found
 * by top-level keywords, expressions are emitted token by token with rewrites for the
 * constructs whose spelling or meaning differs (functions, casts, typed literals,
 * INTERVAL, IN UNNEST, tuple comparisons, subscripts, table paths, parameters).
 */
import { BigQueryError, type TableRef } from '../engine/contract.js';
import {
  parseDate,
  parseDatetime,
  parseTime,
  parseTimestamp,
  formatDate,
  formatDatetime,
  formatTime,
  formatTimestampCanonical,
} from '../types/datetime.js';
import { canonicalJsonText } from '../types/json.js';
import { BIGNUMERIC, formatScaled, NUMERIC, parseScaled, INT64_MAX } from '../types/numbers.js';
import { findField, quoteIdent, type BqType, type Field } from '../types/schema.js';
import type { ParamBinder } from './binder.js';
import {
  intervalExpr,
  missingFunctionMessage,
  nonZero,
  translateCall,
  translateExtract,
  type ExprEmitter,
} from './functions.js';
import { PSEUDO_COLUMNS, withPseudoColumns } from '../billing/ingestion.js';
import { displayName, physicalTable, sqlString, tableKey } from './naming.js';
import { lineCol, type Token } from './tokens.js';
import { flatten, isGroup, isKw, isOp, isTok, splitCommas, type Group, type Node } from './tree.js';
import { duckTypeOf, parseType, TypeCursor } from './typeparse.js';

export interface CatalogLookup {
  tableFields(ref: TableRef): Field[] | undefined;
  /** The table is partitioned by ingestion time: it has _PARTITIONTIME/_PARTITIONDATE pseudo-columns. */
  hasPseudoColumns?(ref: TableRef): boolean;
  datasetExists(projectId: string, datasetId: string): boolean;
}

export interface TranslateContext {
  sql: string;
  defaultProjectId: string;
  defaultDataset?: { projectId?: string; datasetId: string };
  binder: ParamBinder;
  catalog: CatalogLookup;
}

/** Result types of calls whose type does not depend on their arguments. */
const CALL_TYPES: Record<string, BqType> = {
  TO_JSON: 'JSON',
  PARSE_JSON: 'JSON',
  JSON_OBJECT: 'JSON',
  JSON_ARRAY: 'JSON',
  PARSE_NUMERIC: 'NUMERIC',
  PARSE_BIGNUMERIC: 'BIGNUMERIC',
  TIMESTAMP: 'TIMESTAMP',
  CURRENT_TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_MICROS: 'TIMESTAMP',
  TIMESTAMP_MILLIS: 'TIMESTAMP',
  TIMESTAMP_SECONDS: 'TIMESTAMP',
  TIMESTAMP_FROM_UNIX_MICROS: 'TIMESTAMP',
  TIMESTAMP_FROM_UNIX_MILLIS: 'TIMESTAMP',
  TIMESTAMP_FROM_UNIX_SECONDS: 'TIMESTAMP',
  TIMESTAMP_ADD: 'TIMESTAMP',
  TIMESTAMP_SUB: 'TIMESTAMP',
  TIMESTAMP_TRUNC: 'TIMESTAMP',
  PARSE_TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
  CURRENT_DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
  TO_JSON_STRING: 'STRING',
  FORMAT: 'STRING',
  CONCAT: 'STRING',
  FARM_FINGERPRINT: 'INT64',
};

/** GoogleSQL reserved keywords: never column references. */
const RESERVED = new Set(
  (
    'ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE CROSS CUBE CURRENT ' +
    'DEFAULT DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS EXTRACT FALSE FETCH FOLLOWING FOR FROM FULL ' +
    'GROUP GROUPING GROUPS HASH HAVING IF IGNORE IN INNER INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LIKE LIMIT LOOKUP ' +
    'MERGE NATURAL NEW NO NOT NULL NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING PROTO QUALIFY RANGE RECURSIVE ' +
    'RESPECT RIGHT ROLLUP ROWS SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE UNBOUNDED UNION UNNEST USING WHEN ' +
    'WHERE WINDOW WITH WITHIN'
  ).split(' '),
);

/** Reserved words that may stand before a parenthesised expression or subquery. */
const RESERVED_BEFORE_PAREN = new Set(
  'ALL AND ANY AS BETWEEN BY CASE DISTINCT ELSE EXISTS IN IS LIKE NOT ON OR OVER SOME THEN USING WHEN WITHIN ESCAPE SELECT FROM WHERE HAVING QUALIFY NULL'.split(
    ' ',
  ),
);

/** Words that end a FROM item's optional bare alias. */
const NOT_ALIAS = new Set([...RESERVED, 'QUALIFY', 'WINDOW', 'LIMIT', 'OFFSET', 'PIVOT', 'UNPIVOT', 'FOR']);

type Clause = 'SELECT' | 'FROM' | 'WHERE' | 'GROUP' | 'HAVING' | 'QUALIFY' | 'WINDOW' | 'ORDER' | 'LIMIT' | 'OFFSET';

const COMPARISON = ['=', '<>', '!=', '<', '<=', '>', '>='];

/** A LIMIT above which DuckDB's planner may sort everything instead of keeping a top-N heap. */
const TOPN_PLANNER_THRESHOLD = 5000n;

interface FromInfo {
  sql: string;
  /** Set when the FROM clause is exactly one stored table (with optional alias). */
  single?: { physical: string; alias: string };
  tables: string[];
}

export class Translator implements ExprEmitter {
  /** Tables the statement reads or writes, by key. */
  readonly refs = new Map<string, { ref: TableRef; fields: Field[] }>();
  /** Lower-cased identifiers seen in expressions (for bytes-processed estimates). */
  readonly identifiers = new Set<string>();
  /** Tables read in full (SELECT *, whole-row references). */
  readonly wholeTables = new Set<string>();
  /** Keys of referenced tables with ingestion-time pseudo-columns (left out of star expansion). */
  private readonly pseudoTables = new Set<string>();
  /**
   * Every SELECT block that reads stored tables: its aliases (lower-cased alias -> table key)
   * and its own WHERE, as written. Billing reads them to decide partition elimination.
   */
  readonly scans: { tables: Map<string, string>; where?: readonly Node[] | undefined }[] = [];
  private readonly cteScopes: Set<string>[] = [];
  private readonly aliasScopes: Map<string, string>[] = [];

  constructor(readonly ctx: TranslateContext) {}

  get sql(): string {
    return this.ctx.sql;
  }

  fail(pos: number, message: string): never {
    throw new BigQueryError(400, 'invalidQuery', `${message} at ${lineCol(this.ctx.sql, pos)}`, 'query');
  }

  // ---------------------------------------------------------------- tables

  /** Resolves a table path to a stored table, or throws notFound like BigQuery. */
  resolveTable(parts: string[], pos: number): { ref: TableRef; fields: Field[] } {
    let ref: TableRef;
    if (parts.length === 3)
      ref = { projectId: parts[0] as string, datasetId: parts[1] as string, tableId: parts[2] as string };
    else if (parts.length === 2)
      ref = { projectId: this.ctx.defaultProjectId, datasetId: parts[0] as string, tableId: parts[1] as string };
    else if (parts.length === 1) {
      const dd = this.ctx.defaultDataset;
      if (!dd) this.fail(pos, `Table "${parts[0]}" must be qualified with a dataset (e.g. dataset.table)`);
      ref = {
        projectId: dd.projectId ?? this.ctx.defaultProjectId,
        datasetId: dd.datasetId,
        tableId: parts[0] as string,
      };
    } else return this.fail(pos, `Invalid table name ${parts.join('.')}`);
    const fields = this.ctx.catalog.tableFields(ref);
    if (!fields) {
      if (!this.ctx.catalog.datasetExists(ref.projectId, ref.datasetId)) {
        throw new BigQueryError(
          404,
          'notFound',
          `Not found: Dataset ${ref.projectId}:${ref.datasetId} was not found in location US`,
        );
      }
      throw new BigQueryError(404, 'notFound', `Not found: Table ${displayName(ref)} was not found in location US`);
    }
    const entry = { ref, fields };
    this.refs.set(tableKey(ref), entry);
    return entry;
  }

  /** Reads a dotted path starting at nodes[i]; backticked parts may contain dots themselves. */
  readPath(
    nodes: readonly Node[],
    i: number,
    allowDashes: boolean,
  ): { parts: string[]; next: number; quoted: boolean[] } {
    const parts: string[] = [];
    const quoted: boolean[] = [];
    let j = i;
    for (;;) {
      const t = nodes[j];
      if (!isTok(t) || (t.kind !== 'ident' && t.kind !== 'qident')) break;
      let text = t.value;
      j++;
      // Unquoted project ids may contain dashes in FROM paths (my-project.dataset.table).
      while (
        allowDashes &&
        t.kind === 'ident' &&
        isOp(nodes[j], '-') &&
        isTok(nodes[j + 1]) &&
        (nodes[j + 1] as Token).kind !== 'op'
      ) {
        text += '-' + (nodes[j + 1] as Token).text;
        j += 2;
      }
      if (t.kind === 'qident') {
        for (const p of text.split('.')) {
          parts.push(p);
          quoted.push(true);
        }
      } else {
        parts.push(text);
        quoted.push(false);
      }
      if (
        isOp(nodes[j], '.') &&
        isTok(nodes[j + 1]) &&
        ((nodes[j + 1] as Token).kind === 'ident' || (nodes[j + 1] as Token).kind === 'qident')
      ) {
        j++;
        continue;
      }
      break;
    }
    return { parts, next: j, quoted };
  }

  private isCte(name: string): boolean {
    const key = name.toLowerCase();
    return this.cteScopes.some((s) => s.has(key));
  }

  private isRowAlias(name: string): boolean {
    const key = name.toLowerCase();
    return this.aliasScopes.some((s) => s.has(key));
  }

  private aliasTable(name: string): string | undefined {
    const key = name.toLowerCase();
    for (let i = this.aliasScopes.length - 1; i >= 0; i--) {
      const hit = this.aliasScopes[i]?.get(key);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Type of a plain column reference when it can be found in a referenced table. */
  columnType(nodes: readonly Node[]): BqType | undefined {
    const { parts, next } = this.readPath(nodes, 0, false);
    if (parts.length === 0 || next !== nodes.length) return undefined;
    const name = parts[parts.length - 1] as string;
    for (const { fields } of this.refs.values()) {
      const f = findField(fields, name);
      if (f && f.mode !== 'REPEATED') return f.type;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- queries

  isQueryStart(nodes: readonly Node[]): boolean {
    const first = nodes[0];
    if (isKw(first, 'SELECT', 'WITH')) return true;
    return isGroup(first) && first.open === '(' && this.isQueryStart(first.items);
  }

  /** A query expression: [WITH ...] select-or-(query) [set-op ...] [ORDER BY] [LIMIT]. */
  query(nodes: readonly Node[]): string {
    let i = 0;
    const out: string[] = [];
    let pushedCte = false;
    if (isKw(nodes[0], 'WITH')) {
      i = 1;
      let recursive = false;
      if (isKw(nodes[1], 'RECURSIVE')) {
        recursive = true;
        i = 2;
      }
      const scope = new Set<string>();
      this.cteScopes.push(scope);
      pushedCte = true;
      const ctes: string[] = [];
      for (;;) {
        const name = nodes[i];
        if (!isTok(name) || (name.kind !== 'ident' && name.kind !== 'qident'))
          this.fail(nodes[i]?.pos ?? 0, 'Syntax error: expected a WITH clause name');
        if (!isKw(nodes[i + 1], 'AS') || !isGroup(nodes[i + 2]))
          this.fail(name.pos, 'Syntax error: expected AS (subquery) in WITH clause');
        scope.add(name.value.toLowerCase());
        ctes.push(`${quoteIdent(name.value)} AS (${this.query((nodes[i + 2] as Group).items)})`);
        i += 3;
        if (isOp(nodes[i], ',')) {
          i++;
          continue;
        }
        break;
      }
      out.push(`WITH ${recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')}`);
    }
    try {
      out.push(this.setExpression(nodes.slice(i)));
    } finally {
      if (pushedCte) this.cteScopes.pop();
    }
    return out.join(' ');
  }

  private setExpression(nodes: readonly Node[]): string {
    // Split into operands at set operators.
    const operands: Node[][] = [[]];
    const ops: string[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as Node;
      if (isKw(n, 'UNION', 'INTERSECT') || (isKw(n, 'EXCEPT') && isKw(nodes[i + 1], 'DISTINCT', 'ALL'))) {
        const kind = (n as Token).value.toUpperCase();
        const q = nodes[i + 1];
        if (!isKw(q, 'ALL', 'DISTINCT'))
          this.fail(n.pos, `Syntax error: Expected keyword ALL or keyword DISTINCT after ${kind}`);
        ops.push(`${kind} ${(q as Token).value.toUpperCase() === 'ALL' ? 'ALL' : ''}`.trim());
        operands.push([]);
        i++;
        continue;
      }
      (operands[operands.length - 1] as Node[]).push(n);
    }
    if (operands.length === 1) return this.operand(operands[0] as Node[], true);
    // ORDER BY / LIMIT after the last operand apply to the whole set operation.
    const last = operands[operands.length - 1] as Node[];
    const cut = last.findIndex((n, k) => (isKw(n, 'ORDER') && isKw(last[k + 1], 'BY')) || isKw(n, 'LIMIT'));
    let tail = '';
    if (cut >= 0 && !isGroup(last[0])) {
      // Only when the last operand is a bare SELECT could the clauses be its own; GoogleSQL
      // requires parentheses for that, so they belong to the set operation.
      tail = this.orderLimit(last.slice(cut), false).sql;
      operands[operands.length - 1] = last.slice(0, cut);
    } else if (cut >= 0) {
      tail = this.orderLimit(last.slice(cut), false).sql;
      operands[operands.length - 1] = last.slice(0, cut);
    }
    const parts = operands.map((o) => this.operand(o, false));
    let sql = parts[0] as string;
    ops.forEach((op, k) => {
      sql += ` ${op} ${parts[k + 1] as string}`;
    });
    return tail ? `${sql} ${tail}` : sql;
  }

  private operand(nodes: readonly Node[], ownsOrderLimit: boolean): string {
    const first = nodes[0];
    if (isGroup(first) && first.open === '(' && this.isQueryStart(first.items)) {
      const inner = `(${this.query(first.items)})`;
      if (nodes.length === 1) return inner;
      if (!ownsOrderLimit) this.fail(nodes[1]?.pos ?? first.pos, 'Syntax error: Unexpected tokens after subquery');
      return `${inner} ${this.orderLimit(nodes.slice(1), false).sql}`;
    }
    if (!isKw(first, 'SELECT'))
      this.fail(
        first?.pos ?? 0,
        `Syntax error: Expected SELECT but got ${first && isTok(first) ? `"${first.text}"` : 'end of input'}`,
      );
    return this.select(nodes, ownsOrderLimit);
  }

  /** Splits a SELECT block into clauses at top-level keywords. */
  private clauses(nodes: readonly Node[]): Map<Clause, Node[]> {
    const map = new Map<Clause, Node[]>();
    let current: Clause = 'SELECT';
    map.set(current, []);
    for (let i = 1; i < nodes.length; i++) {
      const n = nodes[i];
      let clause: Clause | undefined;
      if (isKw(n, 'FROM', 'WHERE', 'HAVING', 'QUALIFY', 'WINDOW', 'LIMIT'))
        clause = (n as Token).value.toUpperCase() as Clause;
      else if (isKw(n, 'GROUP', 'ORDER') && isKw(nodes[i + 1], 'BY')) {
        clause = (n as Token).value.toUpperCase() as Clause;
        i++;
      } else if (isKw(n, 'OFFSET') && map.has('LIMIT')) clause = 'OFFSET';
      if (clause) {
        if (map.has(clause)) this.fail(n?.pos ?? 0, `Syntax error: Unexpected keyword ${clause}`);
        current = clause;
        map.set(current, []);
        continue;
      }
      (map.get(current) as Node[]).push(n as Node);
    }
    return map;
  }

  private select(nodes: readonly Node[], ownsOrderLimit: boolean): string {
    const cl = this.clauses(nodes);
    this.aliasScopes.push(new Map());
    try {
      const from = cl.has('FROM') ? this.from(cl.get('FROM') as Node[]) : undefined;
      if (from && from.tables.length > 0) {
        const aliases = new Map(this.aliasScopes[this.aliasScopes.length - 1]);
        this.scans.push({ tables: aliases, where: cl.get('WHERE') });
      }
      const selectItems = cl.get('SELECT') as Node[];
      const head: string[] = ['SELECT'];
      let k = 0;
      if (isKw(selectItems[0], 'AS') && isKw(selectItems[1], 'STRUCT', 'VALUE')) {
        this.fail(selectItems[0]?.pos ?? 0, 'SELECT AS STRUCT/VALUE is not supported by the local BigQuery server');
      }
      if (isKw(selectItems[0], 'DISTINCT')) {
        head.push('DISTINCT');
        k = 1;
      } else if (isKw(selectItems[0], 'ALL')) k = 1;
      const list = this.selectList(selectItems.slice(k), from?.tables ?? []);
      const parts = [head.join(' ') + ' ' + list];
      if (from) parts.push('FROM ' + from.sql);
      if (cl.has('WHERE')) parts.push('WHERE ' + this.expr(cl.get('WHERE') as Node[]));
      if (cl.has('GROUP')) parts.push('GROUP BY ' + this.groupBy(cl.get('GROUP') as Node[], selectItems.slice(k)));
      if (cl.has('HAVING')) parts.push('HAVING ' + this.expr(cl.get('HAVING') as Node[]));
      if (cl.has('WINDOW')) parts.push('WINDOW ' + this.expr(cl.get('WINDOW') as Node[]));
      if (cl.has('QUALIFY')) parts.push('QUALIFY ' + this.expr(cl.get('QUALIFY') as Node[]));
      const tailNodes: Node[] = [];
      for (const c of ['ORDER', 'LIMIT', 'OFFSET'] as const) {
        const v = cl.get(c);
        if (!v) continue;
        if (!ownsOrderLimit) this.fail(v[0]?.pos ?? 0, `Syntax error: Unexpected ${c} in a set operation operand`);
        tailNodes.push({ kind: 'ident', text: c, value: c, pos: v[0]?.pos ?? 0, end: 0 });
        if (c === 'ORDER') tailNodes.push({ kind: 'ident', text: 'BY', value: 'BY', pos: 0, end: 0 });
        tailNodes.push(...v);
      }
      if (tailNodes.length > 0) {
        const ol = this.orderLimit(tailNodes, true);
        if (
          from?.single &&
          ol.limit !== undefined &&
          ol.ordered &&
          ol.limit > TOPN_PLANNER_THRESHOLD &&
          !cl.has('GROUP')
        ) {
          // DuckDB's optimizer replaces ORDER BY + LIMIT by a full sort when the limit is above
          // 5000 rows and 0.7% of its row estimate. Reading the table through a one-row
          // cross join multiplies the estimate without changing the rows, so the planner
          // keeps its top-N heap (whose dynamic filter also skips row groups by zonemap).
          parts[1] = `FROM (SELECT __bq_src.* FROM ${from.single.physical} AS __bq_src, range(10000) AS __bq_topn(__bq_z) WHERE __bq_z = 0) AS ${quoteIdent(from.single.alias)}`;
        }
        parts.push(ol.sql);
      }
      return parts.join(' ');
    } finally {
      this.aliasScopes.pop();
    }
  }

  private groupBy(nodes: readonly Node[], selectItems: readonly Node[]): string {
    if (isKw(nodes[0], 'ROLLUP') && isGroup(nodes[1])) return `ROLLUP (${this.expr(nodes[1].items)})`;
    // BigQuery resolves a select alias inside a GROUP BY expression (GROUP BY DATE_TRUNC(d, MONTH));
    // DuckDB only accepts a bare alias, so the alias is replaced by its expression there.
    const aliases = new Map<string, Node[]>();
    for (const item of splitCommas(selectItems)) {
      const last = item[item.length - 1];
      if (item.length >= 3 && isKw(item[item.length - 2], 'AS') && isTok(last))
        aliases.set(last.value.toLowerCase(), item.slice(0, -2));
    }
    const items = splitCommas(nodes).map((item) => {
      if (item.length <= 1 || aliases.size === 0) return this.expr(item);
      return this.expr(this.substituteAliases(item, aliases));
    });
    return items.join(', ');
  }

  private substituteAliases(nodes: readonly Node[], aliases: Map<string, Node[]>): Node[] {
    return nodes.map((n, i) => {
      if (isGroup(n)) return { ...n, items: this.substituteAliases(n.items, aliases) };
      const sub = (n.kind === 'ident' || n.kind === 'qident') && aliases.get(n.value.toLowerCase());
      const standalone = !isOp(nodes[i - 1], '.') && !isOp(nodes[i + 1], '.') && !isGroup(nodes[i + 1]);
      if (sub && standalone && this.columnType([n]) === undefined)
        return { kind: 'group', open: '(', items: sub, pos: n.pos, end: n.end } as Group;
      return n;
    });
  }

  private orderLimit(nodes: readonly Node[], _owned: boolean): { sql: string; limit?: bigint; ordered: boolean } {
    const out: string[] = [];
    let limit: bigint | undefined;
    let offset = 0n;
    let ordered = false;
    let i = 0;
    while (i < nodes.length) {
      const n = nodes[i];
      if (isKw(n, 'ORDER') && isKw(nodes[i + 1], 'BY')) {
        let j = i + 2;
        while (j < nodes.length && !isKw(nodes[j], 'LIMIT')) j++;
        out.push('ORDER BY ' + this.expr(nodes.slice(i + 2, j)));
        ordered = true;
        i = j;
      } else if (isKw(n, 'LIMIT', 'OFFSET')) {
        const word = (n as Token).value.toUpperCase();
        const at = (n as Token).pos;
        const v = nodes[i + 1];
        let value: bigint;
        const castArgs =
          isKw(v, 'CAST', 'SAFE_CAST') && isGroup(nodes[i + 2]) ? (nodes[i + 2] as Group).items : undefined;
        if (isTok(v) && v.kind === 'number' && /^\d+$/.test(v.value)) value = BigInt(v.value);
        else if (isTok(v) && (v.kind === 'param' || v.kind === 'posparam')) value = this.ctx.binder.intValue(v);
        else if (
          castArgs &&
          castArgs.length === 3 &&
          isTok(castArgs[0]) &&
          (castArgs[0].kind === 'param' || castArgs[0].kind === 'posparam') &&
          isKw(castArgs[1], 'AS') &&
          isKw(castArgs[2], 'INT64', 'INTEGER', 'BIGINT', 'INT')
        ) {
          // LIMIT CAST(@n AS INT64): BigQuery accepts a cast parameter (the old plugin sends it).
          value = this.ctx.binder.intValue(castArgs[0]);
          i += 1;
        } else return this.fail(v?.pos ?? at, `Syntax error: ${word} expects an integer literal or parameter`);
        if (value < 0n) this.fail(v?.pos ?? at, `${word} expects a non-negative integer`);
        if (word === 'LIMIT') limit = value;
        else offset = value;
        out.push(`${word} ${value.toString()}`);
        i += 2;
      } else {
        return this.fail(n?.pos ?? 0, `Syntax error: Unexpected "${isTok(n) ? n.text : '('}"`);
      }
    }
    return { sql: out.join(' '), limit: limit === undefined ? undefined : limit + offset, ordered };
  }

  private selectList(nodes: readonly Node[], fromTables: string[]): string {
    const items = splitCommas(nodes);
    if (items.length === 0) this.fail(nodes[0]?.pos ?? 0, 'Syntax error: SELECT list must not be empty');
    let anonymous = 0;
    const names = new Set<string>();
    return items
      .map((item) => {
        const starAt = item.findIndex((n) => isOp(n, '*'));
        const isStar =
          starAt >= 0 &&
          (starAt === 0 ||
            (isOp(item[starAt - 1], '.') && starAt === item.length - 1) ||
            (isOp(item[starAt - 1], '.') && isKw(item[starAt + 1], 'EXCEPT', 'REPLACE')) ||
            (starAt === 0 && isKw(item[1], 'EXCEPT', 'REPLACE')));
        if (isStar) return this.starItem(item, starAt, fromTables);
        let exprNodes = item;
        let alias: string | undefined;
        const last = item[item.length - 1];
        if (
          item.length >= 3 &&
          isKw(item[item.length - 2], 'AS') &&
          isTok(last) &&
          (last.kind === 'ident' || last.kind === 'qident')
        ) {
          alias = last.value;
          exprNodes = item.slice(0, -2);
        } else if (
          item.length >= 2 &&
          isTok(last) &&
          (last.kind === 'qident' || (last.kind === 'ident' && !RESERVED.has(last.value.toUpperCase())))
        ) {
          const prev = item[item.length - 2];
          const valueEnd =
            isGroup(prev) ||
            (isTok(prev) &&
              (prev.kind !== 'op' || prev.value === ']' || prev.value === ')') &&
              !(
                prev.kind === 'ident' &&
                RESERVED.has(prev.value.toUpperCase()) &&
                !isKw(prev, 'END', 'NULL', 'TRUE', 'FALSE')
              ));
          if (valueEnd && !isOp(prev, '.')) {
            alias = last.value;
            exprNodes = item.slice(0, -1);
          }
        }
        const sql = this.expr(exprNodes);
        if (alias === undefined) {
          const path = this.readPath(exprNodes, 0, false);
          const fnWord =
            path.parts.length === 1 && /^CURRENT_(TIMESTAMP|DATE|DATETIME|TIME)$/i.test(path.parts[0] as string);
          if (path.parts.length > 0 && path.next === exprNodes.length && !fnWord)
            alias = path.parts[path.parts.length - 1];
        }
        if (alias === undefined) alias = `f${anonymous++}_`;
        const key = alias.toLowerCase();
        if (names.has(key)) {
          this.fail(
            item[0]?.pos ?? 0,
            `Duplicate column names in the result are not supported. Found duplicate(s): ${alias}`,
          );
        }
        names.add(key);
        return `${sql} AS ${quoteIdent(alias)}`;
      })
      .join(', ');
  }

  private starItem(item: readonly Node[], starAt: number, fromTables: string[]): string {
    let prefix = '';
    let covered = fromTables;
    if (starAt > 0) {
      const path = this.readPath(item, 0, false);
      if (path.next !== starAt - 1) this.fail(item[0]?.pos ?? 0, 'Syntax error: invalid qualified star');
      prefix = path.parts.map(quoteIdent).join('.') + '.';
      const table = this.aliasTable(path.parts[0] as string);
      if (table) covered = [table];
    }
    covered.forEach((t) => this.wholeTables.add(t));
    // Pseudo-columns are selectable by name only, never part of a star.
    const hidden = covered.some((t) => this.pseudoTables.has(t)) ? PSEUDO_COLUMNS.map((c) => quoteIdent(c)) : [];
    let sql = prefix + '*';
    const mod = item[starAt + 1];
    if (hidden.length > 0 && !isKw(mod, 'EXCEPT')) sql += ` EXCLUDE (${hidden.join(', ')})`;
    if (isKw(mod, 'EXCEPT', 'REPLACE')) {
      const g = item[starAt + 2];
      if (!isGroup(g)) this.fail((mod as Token).pos, `Syntax error: Expected "(" after ${(mod as Token).value}`);
      if (isKw(mod, 'EXCEPT')) {
        const cols = splitCommas(g.items).map((c) => {
          const t = c[0];
          if (c.length !== 1 || !isTok(t)) this.fail(g.pos, 'Syntax error: EXCEPT expects column names');
          return quoteIdent(t.value);
        });
        sql += ` EXCLUDE (${[...cols, ...hidden].join(', ')})`;
      } else {
        const repl = splitCommas(g.items).map((c) => {
          const asAt = c.findIndex((n) => isKw(n, 'AS'));
          const name = c[asAt + 1];
          if (asAt < 1 || !isTok(name)) this.fail(g.pos, 'Syntax error: REPLACE expects <expression> AS <column>');
          return `${this.expr(c.slice(0, asAt))} AS ${quoteIdent(name.value)}`;
        });
        sql += ` REPLACE (${repl.join(', ')})`;
      }
      if (item.length > starAt + 3)
        this.fail(item[starAt + 3]?.pos ?? 0, 'Syntax error: Unexpected tokens after star expansion');
    } else if (item.length > starAt + 1)
      this.fail(item[starAt + 1]?.pos ?? 0, 'Syntax error: Unexpected tokens after *');
    return sql;
  }

  // ---------------------------------------------------------------- FROM

  from(nodes: readonly Node[]): FromInfo {
    const out: string[] = [];
    const tables: string[] = [];
    let expectTable = true;
    let items = 0;
    let joined = false;
    let single: FromInfo['single'];
    let i = 0;
    // MERGE's USING clause reads a FROM item outside any SELECT: give it a scope of its own.
    if (this.aliasScopes.length === 0) this.aliasScopes.push(new Map());
    const scope = this.aliasScopes[this.aliasScopes.length - 1] as Map<string, string>;
    while (i < nodes.length) {
      const n = nodes[i] as Node;
      if (expectTable) {
        expectTable = false;
        items++;
        const r = this.fromItem(nodes, i);
        out.push(r.sql);
        if (r.table) {
          tables.push(r.table);
          scope.set(r.alias.toLowerCase(), r.table);
          single = r.physical ? { physical: r.physical, alias: r.alias } : undefined;
        } else {
          // Subquery and UNNEST aliases: known as row aliases (for `FROM s, s.arr`), no table.
          if (r.alias) scope.set(r.alias.toLowerCase(), '');
          single = undefined;
        }
        i = r.next;
        continue;
      }
      if (isOp(n, ',')) {
        out.push(',');
        expectTable = true;
        joined = true;
        i++;
        continue;
      }
      if (isKw(n, 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER', 'NATURAL')) {
        out.push((n as Token).value.toUpperCase());
        if (isKw(n, 'JOIN')) expectTable = true;
        joined = true;
        i++;
        continue;
      }
      if (isKw(n, 'ON')) {
        let j = i + 1;
        while (
          j < nodes.length &&
          !isOp(nodes[j], ',') &&
          !isKw(nodes[j], 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL')
        )
          j++;
        out.push('ON ' + this.expr(nodes.slice(i + 1, j)));
        i = j;
        continue;
      }
      if (isKw(n, 'USING') && isGroup(nodes[i + 1])) {
        const cols = splitCommas((nodes[i + 1] as Group).items).map((c) => {
          const t = c[0];
          if (!isTok(t)) this.fail(n.pos, 'Syntax error: USING expects column names');
          this.identifiers.add(t.value.toLowerCase());
          return quoteIdent(t.value);
        });
        out.push(`USING (${cols.join(', ')})`);
        i += 2;
        continue;
      }
      this.fail(n.pos, `Syntax error: Unexpected ${isTok(n) ? `"${n.text}"` : '"("'} in FROM clause`);
    }
    if (expectTable) this.fail(nodes[nodes.length - 1]?.pos ?? 0, 'Syntax error: Expected a table after FROM/JOIN');
    return { sql: out.join(' '), tables, single: items === 1 && !joined ? single : undefined };
  }

  private fromAlias(nodes: readonly Node[], i: number): { alias?: string; next: number } {
    if (isKw(nodes[i], 'AS')) {
      const a = nodes[i + 1];
      if (!isTok(a) || (a.kind !== 'ident' && a.kind !== 'qident'))
        this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected an alias after AS');
      return { alias: a.value, next: i + 2 };
    }
    const a = nodes[i];
    if (isTok(a) && (a.kind === 'qident' || (a.kind === 'ident' && !NOT_ALIAS.has(a.value.toUpperCase()))))
      return { alias: a.value, next: i + 1 };
    return { next: i };
  }

  private fromItem(
    nodes: readonly Node[],
    i: number,
  ): { sql: string; next: number; table?: string; alias: string; physical?: string } {
    const n = nodes[i];
    if (isGroup(n)) {
      const inner = this.isQueryStart(n.items) ? this.query(n.items) : this.from(n.items).sql;
      const a = this.fromAlias(nodes, i + 1);
      return { sql: `(${inner})` + (a.alias ? ` AS ${quoteIdent(a.alias)}` : ''), next: a.next, alias: a.alias ?? '' };
    }
    if (isKw(n, 'UNNEST') && isGroup(nodes[i + 1])) {
      const arr = this.expr((nodes[i + 1] as Group).items);
      const a = this.fromAlias(nodes, i + 2);
      if (isKw(nodes[a.next], 'WITH') && isKw(nodes[a.next + 1], 'OFFSET')) {
        let j = a.next + 2;
        const off = this.fromAlias(nodes, j);
        j = off.next;
        const name = a.alias ?? 'f0_';
        const offName = off.alias ?? 'offset';
        // Two unnests in one SELECT advance together, pairing each element with its offset.
        return {
          sql: `(SELECT unnest(${arr}) AS ${quoteIdent(name)}, CAST(generate_subscripts(${arr}, 1) - 1 AS BIGINT) AS ${quoteIdent(offName)}) AS ${quoteIdent('__unnest_' + name)}`,
          next: j,
          alias: name,
        };
      }
      const name = a.alias ?? 'f0_';
      const items = (nodes[i + 1] as Group).items;
      const lit = items[0];
      const structs =
        (items.length === 1 && isGroup(lit) && lit.open === '[' && isKw(lit.items[0], 'STRUCT')) ||
        (isKw(items[0], 'ARRAY') && isOp(items[1], '<') && isKw(items[2], 'STRUCT'));
      if (structs) {
        // UNNEST of STRUCTs is a value table in BigQuery: `*` and bare names see the fields,
        // the alias is the whole struct. A DuckDB subquery of the fields, aliased, gives both.
        return {
          sql: `(SELECT __bq_e.* FROM unnest(${arr}) AS __bq_t(__bq_e)) AS ${quoteIdent(a.alias ?? '__unnest_structs')}`,
          next: a.next,
          alias: name,
        };
      }
      return {
        sql: `unnest(${arr}) AS ${quoteIdent('__unnest_' + name)}(${quoteIdent(name)})`,
        next: a.next,
        alias: name,
      };
    }
    if (isTok(n) && (n.kind === 'ident' || n.kind === 'qident')) {
      if (isGroup(nodes[i + 1])) this.fail(n.pos, `Table-valued function ${n.value} is not supported`);
      const path = this.readPath(nodes, i, true);
      if (path.parts.length === 1 && this.isCte(path.parts[0] as string)) {
        const a = this.fromAlias(nodes, path.next);
        const name = path.parts[0] as string;
        return {
          sql: quoteIdent(name) + (a.alias ? ` AS ${quoteIdent(a.alias)}` : ''),
          next: a.next,
          alias: a.alias ?? name,
        };
      }
      // `FROM t, t.array_column` (a correlated array path) is an implicit UNNEST.
      if (
        path.parts.length >= 2 &&
        this.isRowAlias(path.parts[0] as string) &&
        !this.ctx.catalog.datasetExists(this.ctx.defaultProjectId, path.parts[0] as string)
      ) {
        path.parts.forEach((p) => this.identifiers.add(p.toLowerCase()));
        const a = this.fromAlias(nodes, path.next);
        const name = a.alias ?? (path.parts[path.parts.length - 1] as string);
        return {
          sql: `unnest(${path.parts.map(quoteIdent).join('.')}) AS ${quoteIdent('__unnest_' + name)}(${quoteIdent(name)})`,
          next: a.next,
          alias: name,
        };
      }
      const { ref } = this.resolveTable(path.parts, n.pos);
      let j = path.next;
      if (isKw(nodes[j], 'FOR'))
        this.fail(nodes[j]?.pos ?? 0, 'FOR SYSTEM_TIME AS OF is not supported by the local BigQuery server');
      if (isKw(nodes[j], 'TABLESAMPLE'))
        this.fail(nodes[j]?.pos ?? 0, 'TABLESAMPLE is not supported by the local BigQuery server');
      const a = this.fromAlias(nodes, j);
      j = a.next;
      const alias = a.alias ?? ref.tableId;
      let physical = physicalTable(ref);
      if (this.ctx.catalog.hasPseudoColumns?.(ref)) {
        this.pseudoTables.add(tableKey(ref));
        physical = withPseudoColumns(physical);
      }
      return { sql: `${physical} AS ${quoteIdent(alias)}`, next: j, table: tableKey(ref), alias, physical };
    }
    return this.fail(
      n?.pos ?? 0,
      `Syntax error: Unexpected ${isTok(n) ? `"${n.text}"` : 'end of input'} in FROM clause`,
    );
  }

  // ---------------------------------------------------------------- expressions

  expr(nodes: readonly Node[]): string {
    const out: string[] = [];
    /** Index into `nodes` where each emitted piece starts. */
    const starts: number[] = [];
    let prevValue = false;
    let divisor = false;
    let i = 0;
    const join = (pieces: string[]): string => pieces.join(' ').replace(/ \. /g, '.');
    while (i < nodes.length) {
      const n = nodes[i] as Node;
      let r: { sql: string; next: number; value: boolean };
      if (isGroup(n) && n.open === '[' && prevValue) {
        // A subscript applies to the whole primary before it (a.b, f(x).c, (subquery)).
        const k = primaryStart(out);
        const from = starts[k] ?? i;
        const base = join(out.splice(k));
        starts.splice(k);
        r = { sql: this.subscript(base, nodes.slice(from, i), n), next: i + 1, value: true };
        starts.push(from);
      } else {
        if (prevValue && isOp(n, '+', '-', '*', '/', ...COMPARISON)) this.checkBignumeric(nodes, i, starts, out);
        r = this.exprAt(nodes, i, prevValue, out);
        starts.push(i);
      }
      out.push(r.sql);
      prevValue = r.value;
      if (!r.value && isOp(n, '/')) {
        // BigQuery raises "division by zero"; DuckDB answers NULL. Guard the right operand
        // (a primary, possibly after a sign) unless it starts with a keyword such as CASE.
        let j = i + 1;
        while (isOp(nodes[j], '-', '+')) j++;
        const t = nodes[j];
        divisor = !(isTok(t) && t.kind === 'ident' && RESERVED.has(t.value.toUpperCase()) && !isKw(t, 'NULL'));
      }
      i = r.next;
      const postfix = (isGroup(nodes[i]) && (nodes[i] as Group).open === '[') || isOp(nodes[i], '.');
      if (divisor && r.value && !postfix) {
        const k = primaryStart(out);
        const operand = join(out.splice(k));
        const from = starts[k] ?? i;
        starts.splice(k);
        out.push(nonZero(operand, '/'));
        starts.push(from);
        divisor = false;
      }
    }
    return join(out);
  }

  private exprAt(
    nodes: readonly Node[],
    i: number,
    prevValue: boolean,
    emitted: string[],
  ): { sql: string; next: number; value: boolean } {
    const n = nodes[i] as Node;
    if (isGroup(n)) {
      if (n.open === '[') return { sql: this.arrayLiteral(n.items), next: i + 1, value: true };
      const tuple = this.tupleComparison(nodes, i);
      if (tuple) return tuple;
      if (this.isQueryStart(n.items)) return { sql: `(${this.query(n.items)})`, next: i + 1, value: true };
      return { sql: `(${this.expr(n.items)})`, next: i + 1, value: true };
    }
    switch (n.kind) {
      case 'string':
        return { sql: sqlString(n.value), next: i + 1, value: true };
      case 'bytes':
        return { sql: `unhex('${Buffer.from(n.value, 'latin1').toString('hex')}')`, next: i + 1, value: true };
      case 'number':
        return { sql: this.number(n), next: i + 1, value: true };
      case 'param':
      case 'posparam':
        return { sql: this.ctx.binder.ref(n), next: i + 1, value: true };
      case 'op':
        return this.operator(n, i, emitted);
      case 'qident':
        return this.pathExpr(nodes, i);
      case 'ident':
        return this.identExpr(nodes, i, prevValue, emitted);
    }
  }

  private operator(n: Token, i: number, emitted: string[]): { sql: string; next: number; value: boolean } {
    if (n.value === '^') return { sql: 'xor', next: i + 1, value: false };
    if (n.value === '.') return { sql: '.', next: i + 1, value: false };
    if (n.value === '*' && (emitted.length === 0 || emitted[emitted.length - 1] === '('))
      return { sql: '*', next: i + 1, value: true };
    if (n.value === ';') this.fail(n.pos, 'Multi-statement queries are not supported by the local BigQuery server');
    return { sql: n.value, next: i + 1, value: false };
  }

  private number(t: Token): string {
    const text = t.value;
    if (/^0[xX]/.test(text)) {
      const v = BigInt(text);
      if (v > INT64_MAX) this.fail(t.pos, `Invalid hex integer literal: ${text}`);
      return v.toString();
    }
    if (/^\d+$/.test(text)) {
      if (BigInt(text) > INT64_MAX) this.fail(t.pos, `Invalid integer literal: ${text}`);
      return text;
    }
    // GoogleSQL float literals are FLOAT64; DuckDB reads "1.5" as DECIMAL but "1.5e0" as DOUBLE.
    return /[eE]/.test(text) ? text : text + 'e0';
  }

  /**
   * `base[OFFSET(i)]`, `[ORDINAL(i)]`, `[SAFE_...]`, `[i]`, and JSON `['key']` / `[i]`. An index
   * out of range is an error in BigQuery (NULL for SAFE_); DuckDB would answer NULL, and read
   * negative indexes from the end.
   */
  private subscript(base: string, baseNodes: readonly Node[], g: Group): string {
    const items = g.items;
    const fn = items[0];
    const json = this.staticType(baseNodes) === 'JSON';
    if (items.length === 1 && isTok(fn) && fn.kind === 'string') {
      return `json_extract(${base}, ${sqlString('$.' + JSON.stringify(fn.value))})`;
    }
    let word = 'OFFSET';
    let arg: string;
    if (isTok(fn) && fn.kind === 'ident' && isGroup(items[1]) && items.length === 2) {
      word = fn.value.toUpperCase();
      if (!['OFFSET', 'SAFE_OFFSET', 'ORDINAL', 'SAFE_ORDINAL'].includes(word))
        this.fail(fn.pos, `Syntax error: Unexpected ${fn.value} in array subscript`);
      arg = this.expr(items[1].items);
    } else arg = this.expr(items);
    if (json) return `json_extract(${base}, '$[' || CAST(${arg} AS VARCHAR) || ']')`;
    const zero = word.endsWith('OFFSET') ? `(${arg})` : `((${arg}) - 1)`;
    const outside = `${zero} < 0 OR ${zero} >= len(${base})`;
    const miss = word.startsWith('SAFE_')
      ? 'NULL'
      : `error('Array index ' || CAST(${arg} AS VARCHAR) || ' is out of bounds')`;
    return `(CASE WHEN ${outside} THEN ${miss} ELSE (${base})[${zero} + 1] END)`;
  }

  /**
   * `[a, b, ...]`. A STRUCT literal after the first element is emitted unnamed, so it takes the
   * first element's field names by position as in BigQuery (DuckDB would merge the names).
   */
  private arrayLiteral(items: readonly Node[]): string {
    const elems = splitCommas(items);
    return (
      '[' +
      elems
        .map((e, k) => {
          if (k > 0 && isKw(e[0], 'STRUCT') && isGroup(e[1]) && e[1].open === '(') {
            const r = this.structExpr(e, 0, true);
            if (r.next === e.length) return r.sql;
          }
          return this.expr(e);
        })
        .join(', ') +
      ']'
    );
  }

  /** `(a, b) > (x, y)` -> the expanded lexicographic form, which DuckDB can push into scans. */
  private tupleComparison(
    nodes: readonly Node[],
    i: number,
  ): { sql: string; next: number; value: boolean } | undefined {
    const left = nodes[i] as Group;
    const op = nodes[i + 1];
    const right = nodes[i + 2];
    if (!isTok(op) || op.kind !== 'op' || !COMPARISON.includes(op.value) || !isGroup(right) || right.open !== '(')
      return undefined;
    const ls = splitCommas(left.items);
    const rs = splitCommas(right.items);
    if (ls.length < 2 || ls.length !== rs.length || this.isQueryStart(right.items)) return undefined;
    const l = ls.map((x) => `(${this.expr(x)})`);
    const r = rs.map((x) => `(${this.expr(x)})`);
    const o = op.value === '!=' ? '<>' : op.value;
    let sql: string;
    if (o === '=') sql = l.map((x, k) => `${x} = ${r[k]}`).join(' AND ');
    else if (o === '<>') sql = l.map((x, k) => `${x} <> ${r[k]}`).join(' OR ');
    else {
      const strict = o === '<' || o === '>' ? o : o === '<=' ? '<' : '>';
      const build = (k: number): string => {
        const lk = l[k] as string;
        const rk = r[k] as string;
        if (k === l.length - 1) return `${lk} ${o} ${rk}`;
        return `(${lk} ${strict} ${rk} OR (${lk} = ${rk} AND ${build(k + 1)}))`;
      };
      // The leading `>=`/`<=` on the first column is implied, but spelling it out lets
      // DuckDB prune row groups by zonemap for keyset pagination.
      const bound = strict === '>' ? '>=' : '<=';
      sql = `(${l[0] as string} ${bound} ${r[0] as string} AND ${build(0)})`;
    }
    return { sql: `(${sql})`, next: i + 3, value: true };
  }

  private pathExpr(nodes: readonly Node[], i: number): { sql: string; next: number; value: boolean } {
    const path = this.readPath(nodes, i, false);
    if (isGroup(nodes[path.next]) && (nodes[path.next] as Group).open === '(') {
      const name = path.parts.join('.').toUpperCase();
      if (path.parts.length === 2 && path.parts[0]?.toUpperCase() === 'SAFE') {
        return this.call(name, nodes[path.next] as Group, nodes[i] as Node, path.next + 1, nodes);
      }
      this.fail(nodes[i]?.pos ?? 0, missingFunctionMessage(path.parts.join('.')));
    }
    path.parts.forEach((p) => this.identifiers.add(p.toLowerCase()));
    if (path.parts.length === 1) {
      const table = this.aliasTable(path.parts[0] as string);
      if (table) this.wholeTables.add(table);
    }
    return { sql: path.parts.map(quoteIdent).join('.'), next: path.next, value: true };
  }

  private call(
    name: string,
    g: Group,
    at: Node,
    next: number,
    nodes: readonly Node[],
  ): { sql: string; next: number; value: boolean } {
    const args = splitCommas(g.items);
    // The OVER clause goes with the call, so handlers that wrap an aggregate keep it inside.
    let overSql = '';
    const w = nodes[next + 1];
    if (isKw(nodes[next], 'OVER') && w !== undefined) {
      overSql = isGroup(w) ? ` OVER (${this.expr(w.items)})` : ` OVER ${this.expr([w])}`;
      next += 2;
    }
    return { sql: translateCall(name, args, this, at.pos, g.items, overSql), next, value: true };
  }

  /**
   * BIGNUMERIC is stored scaled by 10^38 (see README): only `+`, `-` and comparisons between two
   * BIGNUMERIC values are exact. Anything else with a BIGNUMERIC operand would be silently
   * wrong, so it is refused.
   */
  private checkBignumeric(nodes: readonly Node[], i: number, starts: readonly number[], out: readonly string[]): void {
    const op = (nodes[i] as Token).value;
    const left = this.staticType(nodes.slice(starts[primaryStart(out)] ?? i, i));
    const right = this.primaryTypeAt(nodes, i + 1);
    if (left !== 'BIGNUMERIC' && right !== 'BIGNUMERIC') return;
    const additive = op === '+' || op === '-' || COMPARISON.includes(op);
    // An operand of unknown type (a parameter, an expression) may well be BIGNUMERIC too.
    if (additive && (left === right || left === undefined || right === undefined)) return;
    this.fail(
      nodes[i]?.pos ?? 0,
      `Operator ${op} with a BIGNUMERIC operand and a ${left === 'BIGNUMERIC' ? (right ?? 'non-BIGNUMERIC') : (left ?? 'non-BIGNUMERIC')} operand is not supported by the local BigQuery server (cast both sides to BIGNUMERIC for + - and comparisons)`,
    );
  }

  /** The static type of the primary expression starting at nodes[j], if it can be told. */
  private primaryTypeAt(nodes: readonly Node[], j: number): BqType | undefined {
    const t = nodes[j];
    if (t === undefined) return undefined;
    if (isGroup(t) || (t.kind !== 'ident' && t.kind !== 'qident')) return this.staticType([t]);
    const next = nodes[j + 1];
    if (isTok(next) && next.kind === 'string') return this.staticType(nodes.slice(j, j + 2));
    const path = this.readPath(nodes, j, false);
    const after = nodes[path.next];
    if (isGroup(after) && after.open === '(') return this.staticType(nodes.slice(j, path.next + 1));
    return this.staticType(nodes.slice(j, path.next));
  }

  /** The BigQuery type of an expression when its spelling tells it (literals, columns, casts, typed calls). */
  staticType(nodes: readonly Node[]): BqType | undefined {
    const [a, b] = nodes;
    if (nodes.length === 1 && isTok(a)) {
      if (a.kind === 'string') return 'STRING';
      if (a.kind === 'bytes') return 'BYTES';
      if (a.kind === 'number') return /^(\d+|0[xX][0-9a-fA-F]+)$/.test(a.value) ? 'INT64' : 'FLOAT64';
      if (isKw(a, 'TRUE', 'FALSE')) return 'BOOL';
      return this.columnType(nodes);
    }
    if (nodes.length === 1 && isGroup(a) && a.open === '(' && !this.isQueryStart(a.items))
      return this.staticType(a.items);
    const last = nodes[nodes.length - 1];
    // A subscript of a JSON value is JSON.
    if (nodes.length > 1 && isGroup(last) && last.open === '[' && this.staticType(nodes.slice(0, -1)) === 'JSON')
      return 'JSON';
    if (nodes.length === 2 && isTok(a) && a.kind === 'ident' && isTok(b) && b.kind === 'string') {
      const lit: Record<string, BqType> = {
        DATE: 'DATE',
        DATETIME: 'DATETIME',
        TIME: 'TIME',
        TIMESTAMP: 'TIMESTAMP',
        NUMERIC: 'NUMERIC',
        DECIMAL: 'NUMERIC',
        BIGNUMERIC: 'BIGNUMERIC',
        BIGDECIMAL: 'BIGNUMERIC',
        JSON: 'JSON',
      };
      return lit[a.value.toUpperCase()];
    }
    if (nodes.length === 2 && isTok(a) && a.kind === 'ident' && isGroup(b) && b.open === '(') {
      const name = a.value.toUpperCase();
      if (name === 'CAST' || name === 'SAFE_CAST') {
        const asAt = b.items.findIndex((n) => isKw(n, 'AS'));
        if (asAt < 1) return undefined;
        try {
          const toks = flatten(b.items.slice(asAt + 1));
          const cursor = new TypeCursor(this.ctx.sql, toks);
          const spec = parseType(cursor);
          return cursor.i === toks.length && spec.type !== 'ARRAY' ? spec.type : undefined;
        } catch {
          return undefined;
        }
      }
      if (name === 'JSON_QUERY' || name === 'JSON_EXTRACT') {
        const first = splitCommas(b.items)[0];
        return first && this.staticType(first) === 'JSON' ? 'JSON' : 'STRING';
      }
      return CALL_TYPES[name];
    }
    return this.columnType(nodes);
  }

  private identExpr(
    nodes: readonly Node[],
    i: number,
    prevValue: boolean,
    emitted: string[],
  ): { sql: string; next: number; value: boolean } {
    const t = nodes[i] as Token;
    const up = t.value.toUpperCase();
    const next = nodes[i + 1];
    // Typed literals: DATE '2024-01-01', TIMESTAMP '...', NUMERIC '1.5', JSON '{...}'.
    if (
      isTok(next) &&
      next.kind === 'string' &&
      ['DATE', 'DATETIME', 'TIME', 'TIMESTAMP', 'NUMERIC', 'DECIMAL', 'BIGNUMERIC', 'BIGDECIMAL', 'JSON'].includes(up)
    ) {
      return { sql: this.typedLiteral(up, next), next: i + 2, value: true };
    }
    if (up === 'CAST' || up === 'SAFE_CAST') {
      if (!isGroup(next)) this.fail(t.pos, `Syntax error: Expected "(" after ${up}`);
      return { sql: this.cast(next, up === 'SAFE_CAST'), next: i + 2, value: true };
    }
    if (up === 'EXTRACT' && isGroup(next))
      return { sql: translateExtract(next.items, this, t.pos), next: i + 2, value: true };
    if (up === 'INTERVAL') {
      // Standalone INTERVAL <value> <part>, e.g. ts + INTERVAL 1 DAY.
      let j = i + 1;
      while (
        j < nodes.length &&
        !(
          isTok(nodes[j]) &&
          (nodes[j] as Token).kind === 'ident' &&
          /^(MICROSECOND|MILLISECOND|SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|QUARTER|YEAR)$/i.test((nodes[j] as Token).value)
        )
      )
        j++;
      if (j >= nodes.length) this.fail(t.pos, 'Syntax error: INTERVAL needs a date part');
      return { sql: intervalExpr(this, nodes.slice(i, j + 1), t.pos), next: j + 1, value: true };
    }
    if (up === 'IN' && isKw(next, 'UNNEST') && isGroup(nodes[i + 2])) {
      return { sql: `IN (SELECT unnest(${this.expr((nodes[i + 2] as Group).items)}))`, next: i + 3, value: false };
    }
    if (up === 'RANGE' && (isOp(next, '<') || isGroup(next)))
      this.fail(t.pos, 'RANGE values are not supported by the local BigQuery server');
    if (up === 'ARRAY') return this.arrayExpr(nodes, i);
    if (up === 'STRUCT') return this.structExpr(nodes, i, false, emitted[emitted.length - 1]);
    if (up === 'IF' && isGroup(next)) return this.call('IF', next, t, i + 2, nodes);
    if (
      (up === 'CURRENT_TIMESTAMP' || up === 'CURRENT_DATE' || up === 'CURRENT_DATETIME' || up === 'CURRENT_TIME') &&
      !isOp(next, '.')
    ) {
      if (isGroup(next)) return this.call(up, next, t, i + 2, nodes);
      return { sql: translateCall(up, [], this, t.pos), next: i + 1, value: true };
    }
    if (RESERVED.has(up) && isGroup(next) && next.open === '(') {
      // LEFT/RIGHT are reserved words and functions; other reserved words that are
      // functions elsewhere (RANGE, COLLATE, GROUPING, ...) must not reach DuckDB's namesakes.
      if (up === 'LEFT' || up === 'RIGHT') return this.call(up, next, t, i + 2, nodes);
      if (!RESERVED_BEFORE_PAREN.has(up)) this.fail(t.pos, `${up}(...) is not supported by the local BigQuery server`);
    }
    if (RESERVED.has(up)) {
      const valueWord = up === 'NULL' || up === 'TRUE' || up === 'FALSE' || up === 'END';
      return { sql: up, next: i + 1, value: valueWord };
    }
    // Non-reserved words that are syntax in context.
    const prev = emitted[emitted.length - 1];
    if ((up === 'FIRST' || up === 'LAST') && prev === 'NULLS') return { sql: up, next: i + 1, value: false };
    if (up === 'ROW' && prev === 'CURRENT') return { sql: up, next: i + 1, value: false };
    if (up === 'TIME' && prev === 'AT') return { sql: up, next: i + 1, value: false };
    if (up === 'ZONE' && prev === 'TIME') return { sql: up, next: i + 1, value: false };
    if (isGroup(next) && next.open === '(' && !prevValue) return this.call(up, next, t, i + 2, nodes);
    return this.pathExpr(nodes, i);
  }

  private typedLiteral(kind: string, s: Token): string {
    const text = s.value;
    const bad = (): never => this.fail(s.pos, `Invalid ${kind} literal: ${text}`);
    switch (kind) {
      case 'DATE': {
        const d = parseDate(text);
        return d === undefined ? bad() : `DATE '${formatDate(d)}'`;
      }
      case 'DATETIME': {
        const d = parseDatetime(text);
        return d === undefined ? bad() : `TIMESTAMP '${formatDatetime(d, ' ')}'`;
      }
      case 'TIME': {
        const d = parseTime(text);
        return d === undefined ? bad() : `TIME '${formatTime(d)}'`;
      }
      case 'TIMESTAMP': {
        const d = parseTimestamp(text);
        return d === undefined ? bad() : `TIMESTAMPTZ '${formatTimestampCanonical(d)}'`;
      }
      case 'NUMERIC':
      case 'DECIMAL': {
        const n = parseScaled(text, NUMERIC);
        return n === undefined ? bad() : `CAST('${formatScaled(n, 9)}' AS DECIMAL(38,9))`;
      }
      case 'BIGNUMERIC':
      case 'BIGDECIMAL': {
        const n = parseScaled(text, BIGNUMERIC);
        return n === undefined ? bad() : `CAST('${n.toString()}' AS BIGNUM)`;
      }
      case 'JSON': {
        const j = canonicalJsonText(text);
        return j instanceof Error ? bad() : `CAST(${sqlString(j)} AS JSON)`;
      }
      default:
        return bad();
    }
  }

  private cast(g: Group, safe: boolean): string {
    const asAt = g.items.findIndex((n) => isKw(n, 'AS'));
    if (asAt < 1) this.fail(g.pos, 'Syntax error: Expected CAST(<expression> AS <type>)');
    const valueNodes = g.items.slice(0, asAt);
    const typeToks = flatten(g.items.slice(asAt + 1));
    const cursor = new TypeCursor(this.ctx.sql, typeToks);
    const spec = parseType(cursor);
    if (cursor.i < typeToks.length) {
      const t = typeToks[cursor.i] as Token;
      if (isKw(t, 'FORMAT')) this.fail(t.pos, 'CAST ... FORMAT is not supported by the local BigQuery server');
      this.fail(t.pos, `Syntax error: Unexpected "${t.text}" in CAST`);
    }
    const value = this.expr(valueNodes);
    const source = this.staticType(valueNodes);
    const sourceIsString =
      source === 'STRING' || (valueNodes.length === 1 && isTok(valueNodes[0]) && valueNodes[0].kind === 'string');
    const fn = safe ? 'TRY_CAST' : 'CAST';
    const wrap = (inner: string): string => (safe ? `TRY(${inner})` : inner);
    // BIGNUMERIC is stored scaled by 10^38, so casts into and out of it go through its text form.
    if (spec.type === 'BIGNUMERIC') {
      if (source === 'BIGNUMERIC') return value;
      return wrap(`bq_bignumeric(CAST(${value} AS VARCHAR))`);
    }
    if (source === 'BIGNUMERIC') {
      const text = `bq_bignumeric_text(${value})`;
      return spec.type === 'STRING' ? text : `${fn}(${text} AS ${duckTypeOf(spec)})`;
    }
    if (spec.type === 'BYTES' && sourceIsString) return `encode(${value})`;
    // FLOAT64 -> INT64 rounds halfway cases away from zero in BigQuery; DuckDB rounds to even.
    if (spec.type === 'INT64' && source === 'FLOAT64') return wrap(`${fn}(round(${value}) AS BIGINT)`);
    if (spec.type === 'INT64' && source === undefined)
      return `(CASE WHEN typeof(${value}) = 'DOUBLE' THEN ${fn}(round(TRY_CAST(${value} AS DOUBLE)) AS BIGINT) ELSE ${fn}(${value} AS BIGINT) END)`;
    if (spec.type === 'STRING' && source === 'BYTES') return wrap(`decode(${value})`);
    if (spec.type === 'STRING' && source === 'GEOGRAPHY') return `bq_geo_text(${value})`;
    if (spec.type === 'STRING' && source === 'FLOAT64') return `bq_float_text(${value})`;
    if (spec.type === 'STRING' && source === 'NUMERIC') return `bq_numeric_text(CAST(${value} AS VARCHAR))`;
    if (spec.type === 'STRING' && source === undefined) {
      // Unknown source type (an aggregate, arithmetic, ...): DuckDB prints DECIMAL with all nine
      // fractional digits where BigQuery drops trailing zeros. typeof() is folded at bind time.
      return `(CASE WHEN typeof(${value}) LIKE 'DECIMAL%' THEN bq_numeric_text(CAST(${value} AS VARCHAR)) WHEN typeof(${value}) = 'DOUBLE' THEN bq_float_text(TRY_CAST(${value} AS DOUBLE)) WHEN typeof(${value}) = 'BIGNUM' THEN bq_bignumeric_text(TRY_CAST(${value} AS BIGNUM)) ELSE ${fn}(${value} AS VARCHAR) END)`;
    }
    return `${fn}(${value} AS ${duckTypeOf(spec)})`;
  }

  private arrayExpr(nodes: readonly Node[], i: number): { sql: string; next: number; value: boolean } {
    const t = nodes[i] as Token;
    const next = nodes[i + 1];
    if (isGroup(next) && next.open === '(') {
      if (!this.isQueryStart(next.items)) this.fail(next.pos, 'Syntax error: ARRAY(...) expects a subquery');
      return { sql: `ARRAY(${this.query(next.items)})`, next: i + 2, value: true };
    }
    if (isGroup(next) && next.open === '[') return { sql: this.arrayLiteral(next.items), next: i + 2, value: true };
    if (isOp(next, '<')) {
      // ARRAY<T>[...]: find the matching '>' by re-lexing the type.
      const rest = flatten(nodes.slice(i));
      const cursor = new TypeCursor(this.ctx.sql, rest);
      const spec = parseType(cursor);
      const consumed = this.nodesFor(nodes, i, rest, cursor.i);
      const lit = nodes[consumed];
      if (!isGroup(lit) || lit.open !== '[') this.fail(t.pos, 'Syntax error: Expected "[" after ARRAY<type>');
      return { sql: `CAST(${this.arrayLiteral(lit.items)} AS ${duckTypeOf(spec)})`, next: consumed + 1, value: true };
    }
    return this.fail(t.pos, 'Syntax error: Unexpected ARRAY');
  }

  /** Maps a count of flattened tokens back to a node index (type syntax never spans groups except parameters). */
  private nodesFor(nodes: readonly Node[], start: number, flat: Token[], consumedTokens: number): number {
    let count = 0;
    let j = start;
    while (j < nodes.length && count < consumedTokens) {
      count += flatten([nodes[j] as Node]).length;
      j++;
    }
    if (count !== consumedTokens) {
      const tok = flat[consumedTokens - 1];
      this.fail(tok?.pos ?? 0, 'Syntax error: malformed type');
    }
    return j;
  }

  /**
   * STRUCT(...). `positional` emits an unnamed row(...): as a later array element or beside a
   * comparison operator, where BigQuery matches struct fields by position, not by name.
   */
  private structExpr(
    nodes: readonly Node[],
    i: number,
    positional = false,
    prevSql?: string,
  ): { sql: string; next: number; value: boolean } {
    const t = nodes[i] as Token;
    let j = i + 1;
    let typeSql: string | undefined;
    if (isOp(nodes[j], '<')) {
      const rest = flatten(nodes.slice(i));
      const cursor = new TypeCursor(this.ctx.sql, rest);
      const spec = parseType(cursor);
      j = this.nodesFor(nodes, i, rest, cursor.i);
      typeSql = duckTypeOf(spec);
    }
    const g = nodes[j];
    if (!isGroup(g) || g.open !== '(') return this.fail(t.pos, 'Syntax error: Expected "(" after STRUCT');
    const compared = (prevSql !== undefined && COMPARISON.includes(prevSql)) || isOp(nodes[j + 1], ...COMPARISON);
    if (typeSql || positional || compared) {
      const values = splitCommas(g.items).map((item) => {
        const asAt = item.length >= 3 && isKw(item[item.length - 2], 'AS') ? item.length - 2 : item.length;
        return this.expr(item.slice(0, asAt));
      });
      const row = `row(${values.join(', ')})`;
      return { sql: typeSql ? `CAST(${row} AS ${typeSql})` : row, next: j + 1, value: true };
    }
    const fields = splitCommas(g.items).map((item, k) => {
      const asAt = item.length >= 3 && isKw(item[item.length - 2], 'AS') ? item.length - 2 : -1;
      let name = `_field_${k + 1}`;
      let exprNodes = item;
      if (asAt > 0) {
        name = (item[item.length - 1] as Token).value;
        exprNodes = item.slice(0, asAt);
      } else {
        const path = this.readPath(item, 0, false);
        if (path.parts.length > 0 && path.next === item.length) name = path.parts[path.parts.length - 1] as string;
      }
      return `${quoteIdent(name)} := ${this.expr(exprNodes)}`;
    });
    const sql = `struct_pack(${fields.join(', ')})`;
    return { sql: typeSql ? `CAST(${sql} AS ${typeSql})` : sql, next: j + 1, value: true };
  }
}

export { RESERVED };

/** Index of the first emitted piece of the primary expression that ends the list (`f(x).a.b`). */
function primaryStart(out: readonly string[]): number {
  let k = out.length - 1;
  while (k >= 2 && out[k - 1] === '.') k -= 2;
  return k;
}
