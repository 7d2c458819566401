/**
 * Tokens grouped by brackets. Rewrites need function arguments, subqueries and tuples as
 * units; nesting brackets is enough structure for that without a full grammar.
 */
import { syntaxError, type Token } from './tokens.js';

export interface Group {
  kind: 'group';
  open: '(' | '[';
  items: Node[];
  pos: number;
  end: number;
}

export type Node = Token | Group;

export function isGroup(n: Node | undefined): n is Group {
  return n !== undefined && n.kind === 'group';
}

export function isTok(n: Node | undefined): n is Token {
  return n !== undefined && n.kind !== 'group';
}

/** Case-insensitive keyword test on an unquoted identifier token. */
export function isKw(n: Node | undefined, ...words: string[]): boolean {
  if (!n || n.kind !== 'ident') return false;
  const up = n.value.toUpperCase();
  return words.includes(up);
}

export function isOp(n: Node | undefined, ...ops: string[]): boolean {
  return n !== undefined && n.kind === 'op' && ops.includes(n.value);
}

export function buildTree(sql: string, toks: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: { group: Group | null; items: Node[] }[] = [{ group: null, items: root }];
  for (const t of toks) {
    const top = stack[stack.length - 1] as { group: Group | null; items: Node[] };
    if (t.kind === 'op' && (t.value === '(' || t.value === '[')) {
      const g: Group = { kind: 'group', open: t.value, items: [], pos: t.pos, end: t.end };
      top.items.push(g);
      stack.push({ group: g, items: g.items });
    } else if (t.kind === 'op' && (t.value === ')' || t.value === ']')) {
      const want = t.value === ')' ? '(' : '[';
      if (!top.group || top.group.open !== want) throw syntaxError(sql, t.pos, `Unexpected "${t.value}"`);
      top.group.end = t.end;
      stack.pop();
    } else {
      top.items.push(t);
    }
  }
  const open = stack[stack.length - 1]?.group;
  if (open) throw syntaxError(sql, open.pos, `Unclosed "${open.open}"`);
  return root;
}

/**
 * Splits a node list at top-level commas. Commas inside ARRAY<...>/STRUCT<...> type
 * parameters are not separators; '<' counts as an opening bracket only right after those
 * keywords, so comparisons are unaffected.
 */
export function splitCommas(nodes: readonly Node[]): Node[][] {
  const out: Node[][] = [[]];
  let angle = 0;
  nodes.forEach((n, i) => {
    if (isOp(n, '<') && isKw(nodes[i - 1], 'ARRAY', 'STRUCT')) angle++;
    else if (angle > 0 && isOp(n, '>')) angle--;
    else if (angle > 0 && isOp(n, '>>')) angle = Math.max(0, angle - 2);
    if (isOp(n, ',') && angle === 0) out.push([]);
    else (out[out.length - 1] as Node[]).push(n);
  });
  return out.length === 1 && (out[0] as Node[]).length === 0 ? [] : out;
}

export function firstPos(nodes: readonly Node[], fallback = 0): number {
  return nodes[0]?.pos ?? fallback;
}

/** Flattens back to tokens (for re-joining raw text of a fragment). */
export function flatten(nodes: readonly Node[]): Token[] {
  const out: Token[] = [];
  for (const n of nodes) {
    if (isGroup(n)) {
      out.push({ kind: 'op', text: n.open, value: n.open, pos: n.pos, end: n.pos + 1 });
      out.push(...flatten(n.items));
      const close = n.open === '(' ? ')' : ']';
      out.push({ kind: 'op', text: close, value: close, pos: n.end - 1, end: n.end });
    } else out.push(n);
  }
  return out;
}
