/**
 * One GoogleSQL statement -> what the engine must do: run a DuckDB query or DML statement,
 * or perform a catalog operation (DDL must keep the engine's catalog in step with DuckDB,
 * so it is not simply passed through).
 */
import { BigQueryError, type QueryParameter, type TableRef } from '../engine/contract.js';
import { parseScaled, BIGNUMERIC } from '../types/numbers.js';
import { findField, quoteIdent, type Field } from '../types/schema.js';
import { ParamBinder } from './binder.js';
import { PARTITIONTIME } from '../billing/ingestion.js';
import { physicalTable } from './naming.js';
import { lineCol, tokenize, type Token } from './tokens.js';
import { Translator, type CatalogLookup } from './translator.js';
import { buildTree, flatten, isGroup, isKw, isOp, isTok, splitCommas, type Group, type Node } from './tree.js';
import { fieldOf, parseType, TypeCursor } from './typeparse.js';

export interface TranslateOptions {
  defaultProjectId: string;
  defaultDataset?: { projectId?: string; datasetId: string };
  parameterMode?: 'NAMED' | 'POSITIONAL';
  queryParameters?: QueryParameter[];
}

interface Common {
  /** DuckDB parameter values/types for `sql`. */
  binder: ParamBinder;
  /** Tables read or written, with their schemas at translation time. */
  tables: Map<string, { ref: TableRef; fields: Field[] }>;
  /** Lower-cased identifiers used (to estimate bytes processed per referenced column). */
  identifiers: Set<string>;
  /** Keys of tables referenced in full (SELECT *). */
  wholeTables: Set<string>;
  /** SELECT blocks reading stored tables, with their own WHERE (partition pruning). */
  scans: Translator['scans'];
}

export type Statement = Common &
  (
    | { kind: 'select'; sql: string }
    | { kind: 'dml'; statementType: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE'; sql: string; target: TableRef }
    | {
        kind: 'createTable';
        ref: TableRef;
        fields?: Field[];
        asSelect?: string;
        ifNotExists: boolean;
        orReplace: boolean;
      }
    | { kind: 'dropTable'; ref: TableRef; ifExists: boolean }
    | { kind: 'truncate'; ref: TableRef }
    | { kind: 'createSchema'; projectId: string; datasetId: string; ifNotExists: boolean }
    | { kind: 'dropSchema'; projectId: string; datasetId: string; ifExists: boolean; cascade: boolean }
    | { kind: 'addColumns'; ref: TableRef; fields: Field[]; ifNotExists: boolean }
  );

class StatementParser {
  readonly t: Translator;
  readonly binder: ParamBinder;

  constructor(
    readonly sql: string,
    readonly opts: TranslateOptions,
    readonly catalog: CatalogLookup,
  ) {
    this.binder = new ParamBinder(sql, opts.queryParameters, opts.parameterMode);
    const ctx = { sql, defaultProjectId: opts.defaultProjectId, binder: this.binder, catalog };
    this.t = new Translator(opts.defaultDataset ? { ...ctx, defaultDataset: opts.defaultDataset } : ctx);
  }

  fail(pos: number, message: string): never {
    throw new BigQueryError(400, 'invalidQuery', `${message} at ${lineCol(this.sql, pos)}`, 'query');
  }

  common(): Common {
    return {
      binder: this.binder,
      tables: this.t.refs,
      identifiers: this.t.identifiers,
      wholeTables: this.t.wholeTables,
      scans: this.t.scans,
    };
  }

  /** A table path for DDL (the table itself need not exist). */
  tableRef(nodes: readonly Node[], i: number): { ref: TableRef; next: number } {
    const path = this.t.readPath(nodes, i, true);
    if (path.parts.length === 0) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected a table name');
    const p = path.parts;
    let ref: TableRef;
    if (p.length === 3) ref = { projectId: p[0] as string, datasetId: p[1] as string, tableId: p[2] as string };
    else if (p.length === 2)
      ref = { projectId: this.opts.defaultProjectId, datasetId: p[0] as string, tableId: p[1] as string };
    else if (p.length === 1 && this.opts.defaultDataset) {
      ref = {
        projectId: this.opts.defaultDataset.projectId ?? this.opts.defaultProjectId,
        datasetId: this.opts.defaultDataset.datasetId,
        tableId: p[0] as string,
      };
    } else
      return this.fail(
        nodes[i]?.pos ?? 0,
        `Table "${p.join('.')}" must be qualified with a dataset (e.g. dataset.table)`,
      );
    return { ref, next: path.next };
  }

  existing(nodes: readonly Node[], i: number): { ref: TableRef; fields: Field[]; next: number } {
    const path = this.t.readPath(nodes, i, true);
    if (path.parts.length === 0) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected a table name');
    const r = this.t.resolveTable(path.parts, nodes[i]?.pos ?? 0);
    return { ...r, next: path.next };
  }

  parse(): Statement {
    const toks = tokenize(this.sql);
    while (toks.length > 0 && isOp(toks[toks.length - 1], ';')) toks.pop();
    const semi = toks.find((t) => t.kind === 'op' && t.value === ';');
    if (semi) this.fail(semi.pos, 'Multi-statement queries (scripts) are not supported by the local BigQuery server');
    if (toks.length === 0)
      throw new BigQueryError(400, 'invalidQuery', 'Syntax error: Unexpected end of script at [1:1]', 'query');
    const nodes = buildTree(this.sql, toks);
    const first = nodes[0] as Node;
    if (this.t.isQueryStart(nodes)) return { kind: 'select', sql: this.t.query(nodes), ...this.common() };
    const word = isTok(first) ? first.value.toUpperCase() : '';
    switch (word) {
      case 'INSERT':
        return this.insert(nodes);
      case 'UPDATE':
        return this.update(nodes);
      case 'DELETE':
        return this.delete(nodes);
      case 'MERGE':
        return this.merge(nodes);
      case 'CREATE':
        return this.create(nodes);
      case 'DROP':
        return this.drop(nodes);
      case 'TRUNCATE':
        if (!isKw(nodes[1], 'TABLE')) this.fail(first.pos, 'Syntax error: Expected TRUNCATE TABLE');
        return { kind: 'truncate', ref: this.existing(nodes, 2).ref, ...this.common() };
      case 'ALTER':
        return this.alter(nodes);
      default:
        return this.fail(
          first.pos,
          `Unsupported statement ${isTok(first) ? first.text : '('}: the local BigQuery server runs SELECT, INSERT, UPDATE, DELETE, MERGE, CREATE/DROP TABLE, TRUNCATE TABLE, CREATE/DROP SCHEMA and ALTER TABLE ADD COLUMN`,
        );
    }
  }

  private insert(nodes: Node[]): Statement {
    let i = 1;
    if (isKw(nodes[i], 'INTO')) i++;
    const target = this.existing(nodes, i);
    i = target.next;
    let columns: Field[] = target.fields;
    // Named even when the statement names none: a table may store hidden columns (ingestion time).
    let colSql = ` (${target.fields.map((f) => quoteIdent(f.name)).join(', ')})`;
    const g = nodes[i];
    if (isGroup(g) && g.open === '(' && !this.t.isQueryStart(g.items)) {
      columns = splitCommas(g.items).map((c) => {
        const tok = c[0];
        if (c.length !== 1 || !isTok(tok)) this.fail(g.pos, 'Syntax error: Expected a column name');
        // An ingestion-time table takes rows for a given partition by naming _PARTITIONTIME.
        const pseudo =
          tok.value.toUpperCase() === PARTITIONTIME && this.catalog.hasPseudoColumns?.(target.ref)
            ? ({ name: PARTITIONTIME, type: 'TIMESTAMP', mode: 'NULLABLE', fields: [] } satisfies Field)
            : undefined;
        const f = pseudo ?? findField(target.fields, tok.value);
        if (!f) this.fail(tok.pos, `Column ${tok.value} is not present in table ${target.ref.tableId}`);
        this.t.identifiers.add(f.name.toLowerCase());
        return f;
      });
      colSql = ` (${columns.map((f) => quoteIdent(f.name)).join(', ')})`;
      i++;
    }
    const rest = nodes.slice(i);
    let body: string;
    if (isKw(rest[0], 'VALUES')) {
      const rows = splitCommas(rest.slice(1)).map((row) => {
        const rg = row[0];
        if (row.length !== 1 || !isGroup(rg))
          this.fail(row[0]?.pos ?? rest[0]?.pos ?? 0, 'Syntax error: Expected (values) after VALUES');
        const values = splitCommas(rg.items);
        if (values.length !== columns.length)
          this.fail(rg.pos, `Inserted row has wrong column count; Has ${values.length}, expected ${columns.length}`);
        return '(' + values.map((v, k) => this.insertValue(v, columns[k] as Field)).join(', ') + ')';
      });
      body = 'VALUES ' + rows.join(', ');
    } else if (this.t.isQueryStart(rest)) {
      body = this.t.query(rest);
    } else return this.fail(rest[0]?.pos ?? 0, 'Syntax error: Expected VALUES or a query in INSERT');
    return {
      kind: 'dml',
      statementType: 'INSERT',
      sql: `INSERT INTO ${physicalTable(target.ref)}${colSql} ${body}`,
      target: target.ref,
      ...this.common(),
    };
  }

  /** VALUES items; BIGNUMERIC targets need their literals scaled like the stored form. */
  private insertValue(v: Node[], f: Field): string {
    if (isKw(v[0], 'DEFAULT') && v.length === 1) return 'DEFAULT';
    if (f.type === 'BIGNUMERIC' && f.mode !== 'REPEATED') {
      const neg = isOp(v[0], '-');
      const lit = v[neg ? 1 : 0];
      if (isTok(lit) && (lit.kind === 'number' || lit.kind === 'string') && v.length === (neg ? 2 : 1)) {
        const n = parseScaled((neg ? '-' : '') + lit.value, BIGNUMERIC);
        if (n === undefined) this.fail(lit.pos, `Invalid BIGNUMERIC value: ${lit.value}`);
        return `CAST('${n.toString()}' AS BIGNUM)`;
      }
      if (isTok(lit) && (lit.kind === 'param' || lit.kind === 'posparam') && v.length === 1) {
        const { index: idx, param } = this.binder.resolve(lit);
        return param.bqType === 'BIGNUMERIC' ? `CAST($${idx} AS BIGNUM)` : `bq_bignumeric(CAST($${idx} AS VARCHAR))`;
      }
    }
    return this.t.expr(v);
  }

  private requireWhere(nodes: readonly Node[], at: number, what: string): number {
    const w = nodes.findIndex((n, k) => k >= at && isKw(n, 'WHERE'));
    if (w < 0) this.fail(nodes[0]?.pos ?? 0, `${what} must have a WHERE clause`);
    return w;
  }

  private targetAlias(nodes: readonly Node[], i: number): { alias?: string; next: number } {
    if (isKw(nodes[i], 'AS') && isTok(nodes[i + 1])) return { alias: (nodes[i + 1] as Token).value, next: i + 2 };
    const a = nodes[i];
    if (isTok(a) && (a.kind === 'qident' || (a.kind === 'ident' && !isKw(a, 'SET', 'WHERE', 'USING', 'ON'))))
      return { alias: a.value, next: i + 1 };
    return { next: i };
  }

  private update(nodes: Node[]): Statement {
    const target = this.existing(nodes, 1);
    const a = this.targetAlias(nodes, target.next);
    let i = a.next;
    if (!isKw(nodes[i], 'SET')) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected SET in UPDATE');
    const where = this.requireWhere(nodes, i, 'UPDATE');
    const fromAt = nodes.findIndex((n, k) => k > i && k < where && isKw(n, 'FROM'));
    const setEnd = fromAt >= 0 ? fromAt : where;
    const sets = splitCommas(nodes.slice(i + 1, setEnd)).map((item) => {
      const eq = item.findIndex((n) => isOp(n, '='));
      if (eq < 1) this.fail(item[0]?.pos ?? 0, 'Syntax error: Expected <column> = <expression> in SET');
      const path = this.t.readPath(item, 0, false);
      // DuckDB does not accept a qualified target column (alias.col) in SET.
      const col = path.parts[path.parts.length - 1] as string;
      const f = findField(target.fields, col);
      if (!f) this.fail(item[0]?.pos ?? 0, `Column ${col} is not present in table ${target.ref.tableId}`);
      this.t.identifiers.add(col.toLowerCase());
      return `${quoteIdent(f.name)} = ${this.insertValue(item.slice(eq + 1), f)}`;
    });
    const scope = a.alias ? ` AS ${quoteIdent(a.alias)}` : '';
    let from = '';
    if (fromAt >= 0) from = ' FROM ' + this.t.from(nodes.slice(fromAt + 1, where)).sql;
    i = where;
    const cond = this.t.expr(nodes.slice(i + 1));
    return {
      kind: 'dml',
      statementType: 'UPDATE',
      sql: `UPDATE ${physicalTable(target.ref)}${scope} SET ${sets.join(', ')}${from} WHERE ${cond}`,
      target: target.ref,
      ...this.common(),
    };
  }

  private delete(nodes: Node[]): Statement {
    let i = 1;
    if (isKw(nodes[i], 'FROM')) i++;
    const target = this.existing(nodes, i);
    const a = this.targetAlias(nodes, target.next);
    const where = this.requireWhere(nodes, a.next, 'DELETE');
    if (where !== a.next) this.fail(nodes[a.next]?.pos ?? 0, 'Syntax error: Expected WHERE in DELETE');
    const cond = this.t.expr(nodes.slice(where + 1));
    const scope = a.alias ? ` AS ${quoteIdent(a.alias)}` : '';
    return {
      kind: 'dml',
      statementType: 'DELETE',
      sql: `DELETE FROM ${physicalTable(target.ref)}${scope} WHERE ${cond}`,
      target: target.ref,
      ...this.common(),
    };
  }

  private merge(nodes: Node[]): Statement {
    let i = 1;
    if (isKw(nodes[i], 'INTO')) i++;
    const target = this.existing(nodes, i);
    const a = this.targetAlias(nodes, target.next);
    i = a.next;
    if (!isKw(nodes[i], 'USING')) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected USING in MERGE');
    const on = nodes.findIndex((n, k) => k > i && isKw(n, 'ON'));
    if (on < 0) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected ON in MERGE');
    const source = this.t.from(nodes.slice(i + 1, on)).sql;
    const whenAt = nodes.findIndex((n, k) => k > on && isKw(n, 'WHEN'));
    if (whenAt < 0) this.fail(nodes[on]?.pos ?? 0, 'Syntax error: Expected WHEN in MERGE');
    const cond = this.t.expr(nodes.slice(on + 1, whenAt));
    // WHEN clauses: keywords pass through; INSERT ROW becomes DuckDB's INSERT *.
    const whens: string[] = [];
    let k = whenAt;
    while (k < nodes.length) {
      const n = nodes[k] as Node;
      if (isKw(n, 'INSERT') && isKw(nodes[k + 1], 'ROW')) {
        whens.push('INSERT *');
        k += 2;
        continue;
      }
      if (isKw(n, 'INSERT') && isGroup(nodes[k + 1]) && isKw(nodes[k + 2], 'VALUES')) {
        const cols = splitCommas((nodes[k + 1] as Group).items).map((c) => quoteIdent((c[0] as Token).value));
        whens.push(
          `INSERT (${cols.join(', ')}) VALUES (${this.t.expr((nodes[k + 3] as Group | undefined)?.items ?? [])})`,
        );
        k += 4;
        continue;
      }
      if (isKw(n, 'SET')) {
        let end = k + 1;
        while (end < nodes.length && !isKw(nodes[end], 'WHEN')) end++;
        const sets = splitCommas(nodes.slice(k + 1, end)).map((item) => {
          const eq = item.findIndex((x) => isOp(x, '='));
          const path = this.t.readPath(item, 0, false);
          const col = path.parts[path.parts.length - 1] as string;
          this.t.identifiers.add(col.toLowerCase());
          return `${quoteIdent(col)} = ${this.t.expr(item.slice(eq + 1))}`;
        });
        whens.push('SET ' + sets.join(', '));
        k = end;
        continue;
      }
      if (isKw(n, 'WHEN', 'MATCHED', 'NOT', 'BY', 'TARGET', 'SOURCE', 'THEN', 'UPDATE', 'DELETE', 'INSERT')) {
        whens.push((n as Token).value.toUpperCase());
        k++;
        continue;
      }
      if (isKw(n, 'AND')) {
        let end = k + 1;
        while (end < nodes.length && !isKw(nodes[end], 'THEN')) end++;
        whens.push('AND ' + this.t.expr(nodes.slice(k + 1, end)));
        k = end;
        continue;
      }
      this.fail(n.pos, `Syntax error: Unexpected ${isTok(n) ? `"${n.text}"` : '"("'} in MERGE`);
    }
    const scope = a.alias ? ` AS ${quoteIdent(a.alias)}` : '';
    return {
      kind: 'dml',
      statementType: 'MERGE',
      sql: `MERGE INTO ${physicalTable(target.ref)}${scope} USING ${source} ON ${cond} ${whens.join(' ')}`,
      target: target.ref,
      ...this.common(),
    };
  }

  private create(nodes: Node[]): Statement {
    let i = 1;
    let orReplace = false;
    if (isKw(nodes[i], 'OR') && isKw(nodes[i + 1], 'REPLACE')) {
      orReplace = true;
      i += 2;
    }
    if (isKw(nodes[i], 'TEMP', 'TEMPORARY')) i++;
    if (isKw(nodes[i], 'SCHEMA')) {
      i++;
      let ifNotExists = false;
      if (isKw(nodes[i], 'IF') && isKw(nodes[i + 1], 'NOT') && isKw(nodes[i + 2], 'EXISTS')) {
        ifNotExists = true;
        i += 3;
      }
      const path = this.t.readPath(nodes, i, true);
      const p = path.parts;
      if (p.length < 1 || p.length > 2) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected a dataset name');
      const projectId = p.length === 2 ? (p[0] as string) : this.opts.defaultProjectId;
      return { kind: 'createSchema', projectId, datasetId: p[p.length - 1] as string, ifNotExists, ...this.common() };
    }
    if (!isKw(nodes[i], 'TABLE'))
      this.fail(nodes[i]?.pos ?? 0, 'Unsupported CREATE statement: only CREATE TABLE and CREATE SCHEMA are supported');
    i++;
    let ifNotExists = false;
    if (isKw(nodes[i], 'IF') && isKw(nodes[i + 1], 'NOT') && isKw(nodes[i + 2], 'EXISTS')) {
      ifNotExists = true;
      i += 3;
    }
    const { ref, next } = this.tableRef(nodes, i);
    i = next;
    let fields: Field[] | undefined;
    const g = nodes[i];
    if (isGroup(g) && g.open === '(' && !this.t.isQueryStart(g.items)) {
      fields = this.columnDefs(g);
      i++;
    }
    // Skip table options that do not change storage: PARTITION BY, CLUSTER BY, OPTIONS(...), DEFAULT COLLATE.
    while (i < nodes.length && !isKw(nodes[i], 'AS')) {
      if (isKw(nodes[i], 'LIKE', 'COPY', 'CLONE'))
        this.fail(
          nodes[i]?.pos ?? 0,
          `CREATE TABLE ... ${(nodes[i] as Token).value.toUpperCase()} is not supported by the local BigQuery server`,
        );
      i++;
    }
    let asSelect: string | undefined;
    if (isKw(nodes[i], 'AS')) {
      const q = nodes.slice(i + 1);
      if (!this.t.isQueryStart(q)) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected a query after AS');
      asSelect = this.t.query(q);
    }
    if (!fields && asSelect === undefined)
      this.fail(nodes[0]?.pos ?? 0, 'CREATE TABLE needs a column list or AS query');
    const out: Statement = { kind: 'createTable', ref, ifNotExists, orReplace, ...this.common() };
    if (fields) out.fields = fields;
    if (asSelect !== undefined) out.asSelect = asSelect;
    return out;
  }

  /** Column definitions: name type [NOT NULL] [DEFAULT expr] [OPTIONS(description=...)]. */
  columnDefs(g: Group): Field[] {
    const fields: Field[] = [];
    for (const item of splitCommas(g.items)) {
      const name = item[0];
      if (isKw(name, 'PRIMARY', 'FOREIGN', 'CONSTRAINT')) continue; // NOT ENFORCED constraints carry no data.
      if (!isTok(name) || (name.kind !== 'ident' && name.kind !== 'qident'))
        this.fail(item[0]?.pos ?? g.pos, 'Syntax error: Expected a column name');
      const toks = flatten(item.slice(1));
      const c = new TypeCursor(this.sql, toks);
      const spec = parseType(c);
      let required = false;
      let description: string | undefined;
      while (c.i < toks.length) {
        const t = c.next() as Token;
        const up = t.kind === 'ident' ? t.value.toUpperCase() : t.value;
        if (up === 'NOT' && c.isWord('NULL')) {
          c.next();
          required = true;
        } else if (up === 'OPTIONS') {
          const start = c.i;
          c.skipParens();
          const opts = toks.slice(start, c.i);
          const di = opts.findIndex((o) => o.kind === 'ident' && o.value.toLowerCase() === 'description');
          const dv = opts[di + 2];
          if (di >= 0 && dv?.kind === 'string') description = dv.value;
        } else if (up === 'DEFAULT' || up === 'COLLATE') {
          // A default expression runs until the next keyword we know; storage ignores it.
          while (c.i < toks.length && !c.isWord('NOT') && !c.isWord('OPTIONS')) c.next();
        } else this.fail(t.pos, `Syntax error: Unexpected "${t.text}" in column definition`);
      }
      const f = fieldOf(name.value, spec, required);
      if (description !== undefined) f.description = description;
      fields.push(f);
    }
    return fields;
  }

  private drop(nodes: Node[]): Statement {
    let i = 1;
    const what = nodes[i];
    if (isKw(what, 'SCHEMA')) {
      i++;
      let ifExists = false;
      if (isKw(nodes[i], 'IF') && isKw(nodes[i + 1], 'EXISTS')) {
        ifExists = true;
        i += 2;
      }
      const path = this.t.readPath(nodes, i, true);
      const p = path.parts;
      if (p.length < 1 || p.length > 2) this.fail(nodes[i]?.pos ?? 0, 'Syntax error: Expected a dataset name');
      const cascade = isKw(nodes[path.next], 'CASCADE');
      const projectId = p.length === 2 ? (p[0] as string) : this.opts.defaultProjectId;
      return {
        kind: 'dropSchema',
        projectId,
        datasetId: p[p.length - 1] as string,
        ifExists,
        cascade,
        ...this.common(),
      };
    }
    if (!isKw(what, 'TABLE'))
      this.fail(what?.pos ?? 0, 'Unsupported DROP statement: only DROP TABLE and DROP SCHEMA are supported');
    i++;
    let ifExists = false;
    if (isKw(nodes[i], 'IF') && isKw(nodes[i + 1], 'EXISTS')) {
      ifExists = true;
      i += 2;
    }
    const { ref } = this.tableRef(nodes, i);
    return { kind: 'dropTable', ref, ifExists, ...this.common() };
  }

  private alter(nodes: Node[]): Statement {
    if (!isKw(nodes[1], 'TABLE'))
      this.fail(nodes[1]?.pos ?? 0, 'Unsupported ALTER statement: only ALTER TABLE ... ADD COLUMN is supported');
    let i = 2;
    if (isKw(nodes[i], 'IF') && isKw(nodes[i + 1], 'EXISTS')) i += 2;
    const target = this.existing(nodes, i);
    const actions = splitCommas(nodes.slice(target.next));
    const fields: Field[] = [];
    let ifNotExists = false;
    for (const a of actions) {
      if (!isKw(a[0], 'ADD') || !isKw(a[1], 'COLUMN'))
        this.fail(a[0]?.pos ?? 0, 'Unsupported ALTER TABLE action: only ADD COLUMN is supported');
      let k = 2;
      if (isKw(a[k], 'IF') && isKw(a[k + 1], 'NOT') && isKw(a[k + 2], 'EXISTS')) {
        ifNotExists = true;
        k += 3;
      }
      const def: Group = { kind: 'group', open: '(', items: a.slice(k), pos: a[k]?.pos ?? 0, end: 0 };
      fields.push(...this.columnDefs(def));
    }
    return { kind: 'addColumns', ref: target.ref, fields, ifNotExists, ...this.common() };
  }
}

export function parseStatement(sql: string, opts: TranslateOptions, catalog: CatalogLookup): Statement {
  try {
    return new StatementParser(sql, opts, catalog).parse();
  } catch (e) {
    if (e instanceof BigQueryError) throw e;
    // A construct the translator does not handle must answer a query error, never an HTTP 500.
    const detail = e instanceof Error ? e.message : String(e);
    throw new BigQueryError(
      400,
      'invalidQuery',
      `This statement uses a construct that is not supported by the local BigQuery server (${detail})`,
      'query',
    );
  }
}
