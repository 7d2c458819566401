/**
 * Turns `@name` / `?` references into typed DuckDB positional parameters. Each use becomes
 * `CAST($n AS type)` so that result types are known at prepare time (dry runs) and typed
 * NULLs keep their type.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { BigQueryError, type QueryParameter } from '../engine/contract.js';
import { bindParameter, type BoundParam } from './params.js';
import { lineCol, type Token } from './tokens.js';

export class ParamBinder {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];
  private readonly byName = new Map<string, QueryParameter>();
  private readonly positional: QueryParameter[];
  private readonly boundNamed = new Map<string, { index: number; param: BoundParam }>();
  private nextPositional = 0;
  private readonly mode: 'NAMED' | 'POSITIONAL';

  constructor(
    private readonly sql: string,
    params: readonly QueryParameter[] | undefined,
    mode: 'NAMED' | 'POSITIONAL' | undefined,
  ) {
    const list = params ?? [];
    this.mode = mode ?? (list.length > 0 && list.every((p) => !p.name) ? 'POSITIONAL' : 'NAMED');
    this.positional = this.mode === 'POSITIONAL' ? [...list] : [];
    if (this.mode === 'NAMED') {
      for (const p of list) {
        if (!p.name) throw new BigQueryError(400, 'invalid', 'Named query parameters must have a name');
        this.byName.set(p.name.toLowerCase(), p);
      }
    }
  }

  private fail(tok: Token, message: string): never {
    throw new BigQueryError(400, 'invalidQuery', `${message} at ${lineCol(this.sql, tok.pos)}`, 'query');
  }

  private push(p: BoundParam): number {
    this.values.push(p.value);
    this.types.push(p.type);
    return this.values.length;
  }

  /** The bound parameter a token refers to (binding it on first use). */
  resolve(tok: Token): { index: number; param: BoundParam } {
    if (tok.kind === 'posparam') {
      if (this.mode !== 'POSITIONAL') this.fail(tok, 'Positional parameters are not supported in NAMED parameter mode');
      const p = this.positional[this.nextPositional];
      if (!p) this.fail(tok, `Query has more positional parameters than the ${this.positional.length} provided`);
      this.nextPositional++;
      const param = bindParameter(`#${this.nextPositional}`, p.parameterType, p.parameterValue);
      return { index: this.push(param), param };
    }
    if (tok.text.startsWith('@@')) this.fail(tok, `System variable ${tok.text} is not supported`);
    if (this.mode !== 'NAMED') this.fail(tok, 'Named parameters are not supported in POSITIONAL parameter mode');
    const key = tok.value.toLowerCase();
    const known = this.boundNamed.get(key);
    if (known) return known;
    const p = this.byName.get(key);
    if (!p) this.fail(tok, `Query parameter '${tok.value}' not found`);
    const param = bindParameter(tok.value, p.parameterType, p.parameterValue);
    const entry = { index: this.push(param), param };
    this.boundNamed.set(key, entry);
    return entry;
  }

  /** SQL for a parameter reference. */
  ref(tok: Token): string {
    const { index, param } = this.resolve(tok);
    return `CAST($${index} AS ${param.sqlType})`;
  }

  /** The integer value of an INT64 parameter (LIMIT/OFFSET are inlined as constants). */
  intValue(tok: Token): bigint {
    const key = tok.kind === 'param' ? tok.value.toLowerCase() : undefined;
    const p = tok.kind === 'posparam' ? this.positional[this.nextPositional++] : key ? this.byName.get(key) : undefined;
    if (!p) this.fail(tok, `Query parameter '${tok.value}' not found`);
    const bound = bindParameter(tok.value, p.parameterType, p.parameterValue);
    if (bound.bqType !== 'INT64' || typeof bound.value !== 'bigint')
      this.fail(tok, 'LIMIT and OFFSET parameters must be non-NULL INT64');
    return bound.value;
  }
}
