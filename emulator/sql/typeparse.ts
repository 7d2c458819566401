/**
 * GoogleSQL type names in SQL text (CAST targets, CREATE TABLE columns, typed arrays and
 * structs): INT64, NUMERIC(10, 2), STRING(100), ARRAY<T>, STRUCT<a INT64 NOT NULL, b T>.
 */
import { BigQueryError } from '../engine/contract.js';
import { canonicalType, duckScalarType, quoteIdent, type BqType, type Field } from '../types/schema.js';
import { lineCol, type Token } from './tokens.js';

export interface TypeSpec {
  type: BqType | 'ARRAY';
  element?: TypeSpec;
  fields?: { name: string; spec: TypeSpec; required: boolean }[];
}

/** Cursor over a flat token list; `>>` is split so nested generics close properly. */
export class TypeCursor {
  private pendingGt = false;
  constructor(
    private readonly sql: string,
    readonly toks: Token[],
    public i = 0,
  ) {}

  peek(): Token | undefined {
    if (this.pendingGt) return { kind: 'op', text: '>', value: '>', pos: 0, end: 0 };
    return this.toks[this.i];
  }

  next(): Token | undefined {
    if (this.pendingGt) {
      this.pendingGt = false;
      this.i++;
      return { kind: 'op', text: '>', value: '>', pos: 0, end: 0 };
    }
    return this.toks[this.i++];
  }

  fail(message: string): never {
    const at = this.toks[Math.min(this.i, this.toks.length - 1)];
    throw new BigQueryError(400, 'invalidQuery', `${message}${at ? ' at ' + lineCol(this.sql, at.pos) : ''}`, 'query');
  }

  expectGt(): void {
    const t = this.toks[this.i];
    if (this.pendingGt) {
      this.pendingGt = false;
      this.i++;
      return;
    }
    if (t?.kind === 'op' && t.value === '>') {
      this.i++;
      return;
    }
    if (t?.kind === 'op' && t.value === '>>') {
      this.pendingGt = true;
      return;
    }
    this.fail('Syntax error: Expected ">"');
  }

  isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'ident' && t.value.toUpperCase() === word;
  }

  isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.value === op;
  }

  /** Skips a balanced (...) group such as type parameters or OPTIONS(...). */
  skipParens(): void {
    if (!this.isOp('(')) return;
    let depth = 0;
    do {
      const t = this.next();
      if (!t) this.fail('Syntax error: Unclosed "("');
      if (t.kind === 'op' && t.value === '(') depth++;
      if (t.kind === 'op' && t.value === ')') depth--;
    } while (depth > 0);
  }
}

export function parseType(c: TypeCursor): TypeSpec {
  const t = c.next();
  if (!t || (t.kind !== 'ident' && t.kind !== 'qident')) return c.fail('Syntax error: Expected a type name');
  const name = t.value.toUpperCase();
  if (name === 'ARRAY') {
    if (!c.isOp('<')) c.fail('Syntax error: Expected "<" after ARRAY');
    c.next();
    const element = parseType(c);
    c.expectGt();
    if (element.type === 'ARRAY') c.fail('Arrays of arrays are not supported');
    return { type: 'ARRAY', element };
  }
  if (name === 'STRUCT') {
    if (!c.isOp('<')) c.fail('Syntax error: Expected "<" after STRUCT');
    c.next();
    const fields: NonNullable<TypeSpec['fields']> = [];
    let n = 0;
    while (!c.isOp('>') && !c.isOp('>>')) {
      n++;
      // Field names are optional: STRUCT<INT64, STRING> has anonymous fields.
      const first = c.peek();
      const second = c.toks[c.i + 1];
      let fieldName = `_field_${n}`;
      if (
        first &&
        (first.kind === 'ident' || first.kind === 'qident') &&
        second &&
        (second.kind === 'ident' || second.kind === 'qident')
      ) {
        fieldName = first.value;
        c.next();
      }
      const spec = parseType(c);
      let required = false;
      if (c.isWord('NOT')) {
        c.next();
        if (!c.isWord('NULL')) c.fail('Syntax error: Expected NULL after NOT');
        c.next();
        required = true;
      }
      if (c.isWord('OPTIONS')) {
        c.next();
        c.skipParens();
      }
      fields.push({ name: fieldName, spec, required });
      if (c.isOp(',')) c.next();
      else if (!c.isOp('>') && !c.isOp('>>')) c.fail('Syntax error: Expected "," or ">" in STRUCT type');
    }
    c.expectGt();
    return { type: 'STRUCT', fields };
  }
  const type = canonicalType(name);
  if (!type || type === 'STRUCT') return c.fail(`Type not found: ${t.value}`);
  // Parameterised types (STRING(10), NUMERIC(10, 2)) store like the plain type.
  c.skipParens();
  return { type };
}

/** DuckDB type for a parsed GoogleSQL type. */
export function duckTypeOf(spec: TypeSpec): string {
  if (spec.type === 'ARRAY') return duckTypeOf(spec.element as TypeSpec) + '[]';
  if (spec.type === 'STRUCT') {
    return 'STRUCT(' + (spec.fields ?? []).map((f) => quoteIdent(f.name) + ' ' + duckTypeOf(f.spec)).join(', ') + ')';
  }
  return duckScalarType({ name: '', type: spec.type, mode: 'NULLABLE', fields: [] });
}

/** A table column from a parsed type (ARRAY -> REPEATED, NOT NULL -> REQUIRED). */
export function fieldOf(name: string, spec: TypeSpec, required: boolean): Field {
  if (spec.type === 'ARRAY') {
    const el = fieldOf(name, spec.element as TypeSpec, false);
    return { ...el, mode: 'REPEATED' };
  }
  return {
    name,
    type: spec.type,
    mode: required ? 'REQUIRED' : 'NULLABLE',
    fields: spec.type === 'STRUCT' ? (spec.fields ?? []).map((f) => fieldOf(f.name, f.spec, f.required)) : [],
  };
}
