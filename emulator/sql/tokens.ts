/**
 * GoogleSQL lexer. Every later rewrite works on these tokens, so string literals, quoted
 * identifiers and parameters are opaque units that no rewrite can damage.
 */
import { BigQueryError } from '../engine/contract.js';

export type TokKind = 'ident' | 'qident' | 'string' | 'bytes' | 'number' | 'param' | 'posparam' | 'op';

export interface Token {
  kind: TokKind;
  /** Raw source text. */
  text: string;
  /**
   * Decoded value: identifier name (backticks removed, escapes applied), string contents,
   * bytes as a latin1 string (one char per byte), parameter name without '@'.
   */
  value: string;
  pos: number;
  end: number;
}

/** 1-based [line:column] of an offset, the way BigQuery cites positions in errors. */
export function lineCol(sql: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `[${line}:${col}]`;
}

export function syntaxError(sql: string, pos: number, message: string): BigQueryError {
  return new BigQueryError(400, 'invalidQuery', `Syntax error: ${message} at ${lineCol(sql, pos)}`, 'query');
}

const OPS = ['<=>', '<<', '>>', '<=', '>=', '<>', '!=', '||', '=>', '->'];
const SINGLE = '(),.;[]+-*/%<>=!~&|^:{}';

function decodeEscapes(sql: string, body: string, start: number, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      if (bytes) {
        // Non-escaped characters of a bytes literal stand for their UTF-8 bytes.
        out += Buffer.from(c, 'utf8').toString('latin1');
      } else out += c;
      continue;
    }
    const n = body[++i];
    if (n === undefined) throw syntaxError(sql, start + i, 'Illegal escape sequence');
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '?': '?',
      '"': '"',
      "'": "'",
      '`': '`',
    };
    if (n in simple) {
      out += simple[n];
    } else if (/[0-7]/.test(n)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct))
        throw syntaxError(sql, start + i, 'Illegal escape sequence: octal escapes need 3 digits');
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else if (n === 'x' || n === 'X') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw syntaxError(sql, start + i, 'Illegal escape sequence: \\x needs 2 hex digits');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if ((n === 'u' || n === 'U') && !bytes) {
      const len = n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex))
        throw syntaxError(sql, start + i, 'Illegal escape sequence: bad unicode escape');
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else {
      throw syntaxError(sql, start + i, `Illegal escape sequence: \\${n}`);
    }
  }
  return out;
}

export function tokenize(sql: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-') || c === '#') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw syntaxError(sql, i, 'Unclosed comment');
      i = close + 2;
      continue;
    }
    const start = i;
    // String and bytes literals, with optional r/b prefixes.
    const prefix = /^(?:[rR][bB]|[bB][rR]|[rR]|[bB])?(?='|")/.exec(sql.slice(i, i + 3));
    if (prefix) {
      const p = prefix[0].toLowerCase();
      const raw = p.includes('r');
      const isBytes = p.includes('b');
      i += p.length;
      const q = sql[i] as string;
      const triple = sql.startsWith(q.repeat(3), i);
      const delim = triple ? q.repeat(3) : q;
      i += delim.length;
      const bodyStart = i;
      for (;;) {
        if (i >= n) throw syntaxError(sql, start, 'Unclosed string literal');
        const ch = sql[i];
        if (ch === '\\' && !raw) {
          i += 2;
          continue;
        }
        if (ch === '\\' && raw) {
          // A raw string still cannot end on an escaped quote.
          i += 2;
          continue;
        }
        if (!triple && ch === '\n') throw syntaxError(sql, start, 'Unclosed string literal');
        if (sql.startsWith(delim, i)) break;
        i++;
      }
      const body = sql.slice(bodyStart, i);
      i += delim.length;
      let value: string;
      if (raw) value = isBytes ? Buffer.from(body, 'utf8').toString('latin1') : body;
      else value = decodeEscapes(sql, body, bodyStart, isBytes);
      toks.push({ kind: isBytes ? 'bytes' : 'string', text: sql.slice(start, i), value, pos: start, end: i });
      continue;
    }
    if (c === '`') {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) throw syntaxError(sql, start, 'Unclosed identifier literal');
        const ch = sql[i] as string;
        if (ch === '\\') {
          value += decodeEscapes(sql, sql.slice(i, i + 2), i, false);
          i += 2;
          continue;
        }
        if (ch === '`') break;
        value += ch;
        i++;
      }
      i++;
      if (value === '') throw syntaxError(sql, start, 'Invalid empty identifier');
      toks.push({ kind: 'qident', text: sql.slice(start, i), value, pos: start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      const text = sql.slice(start, i);
      toks.push({ kind: 'ident', text, value: text, pos: start, end: i });
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(sql.slice(i, i + 400));
    if (num && (/\d/.test(c) || (c === '.' && /\d/.test(sql[i + 1] ?? '')))) {
      // "t.1" style paths do not exist, but a dot after an identifier is a path separator.
      const prev = toks[toks.length - 1];
      if (!(
        c === '.' &&
        prev &&
        (prev.kind === 'ident' || prev.kind === 'qident' || prev.text === ')' || prev.text === ']')
      )) {
        i += num[0].length;
        toks.push({ kind: 'number', text: num[0], value: num[0], pos: start, end: i });
        continue;
      }
    }
    if (c === '@') {
      // A dot after a parameter name is field access on a STRUCT parameter, not part of the name.
      const m = /^@@?[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i));
      const mq = /^@`([^`]+)`/.exec(sql.slice(i));
      if (mq) {
        i += mq[0].length;
        toks.push({ kind: 'param', text: mq[0], value: mq[1] as string, pos: start, end: i });
        continue;
      }
      if (!m) throw syntaxError(sql, i, 'Unexpected "@"');
      i += m[0].length;
      toks.push({ kind: 'param', text: m[0], value: m[0].replace(/^@+/, ''), pos: start, end: i });
      continue;
    }
    if (c === '?') {
      i++;
      toks.push({ kind: 'posparam', text: '?', value: '?', pos: start, end: i });
      continue;
    }
    const op = OPS.find((o) => sql.startsWith(o, i));
    if (op) {
      i += op.length;
      toks.push({ kind: 'op', text: op, value: op, pos: start, end: i });
      continue;
    }
    if (SINGLE.includes(c)) {
      i++;
      toks.push({ kind: 'op', text: c, value: c, pos: start, end: i });
      continue;
    }
    throw syntaxError(sql, i, `Illegal input character "${c}"`);
  }
  return toks;
}
