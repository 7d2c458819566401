/**
 * Canonical text of BigQuery JSON values. BigQuery does not keep the input text of a JSON
 * value: whitespace goes, object keys come back sorted, the first of duplicate keys wins,
 * and numbers are stored as int64 or double. JSON.parse would lose int64 precision, so this
 * is a small parser that keeps number lexemes.
 */

type JsonNode =
  | { k: 'lit'; text: string }
  | { k: 'num'; text: string }
  | { k: 'str'; value: string }
  | { k: 'arr'; items: JsonNode[] }
  | { k: 'obj'; entries: Map<string, JsonNode> };

class JsonSyntaxError extends Error {}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at offset ${this.pos}`);
  }

  ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos] as string)) this.pos++;
  }

  value(depth: number): JsonNode {
    if (depth > 500) this.fail('nesting deeper than 500');
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { k: 'str', value: this.string() };
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.pos)) {
        this.pos += lit.length;
        return { k: 'lit', text: lit };
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 400));
    if (!m) this.fail('unexpected character');
    this.pos += m[0].length;
    return { k: 'num', text: m[0] };
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        try {
          return JSON.parse(this.s.slice(start, this.pos)) as string;
        } catch {
          this.pos = start;
          this.fail('invalid string');
        }
      } else this.pos++;
    }
    return this.fail('unterminated string');
  }

  array(depth: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { k: 'arr', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return { k: 'arr', items };
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  object(depth: number): JsonNode {
    this.pos++;
    const entries = new Map<string, JsonNode>();
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { k: 'obj', entries };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s[this.pos++] !== ':') this.fail('expected :');
      const v = this.value(depth + 1);
      if (!entries.has(key)) entries.set(key, v);
      this.ws();
      const c = this.s[this.pos++];
      if (c === '}') return { k: 'obj', entries };
      if (c !== ',') this.fail('expected , or }');
    }
  }
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** int64/uint64 stay exact; anything else becomes a double, printed shortest. */
function canonicalNumber(text: string): string {
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= UINT64_MAX) return n.toString();
  }
  return String(Number(text));
}

function render(node: JsonNode): string {
  switch (node.k) {
    case 'lit':
      return node.text;
    case 'num':
      return canonicalNumber(node.text);
    case 'str':
      return JSON.stringify(node.value);
    case 'arr':
      return '[' + node.items.map(render).join(',') + ']';
    case 'obj': {
      const keys = [...node.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + render(node.entries.get(k) as JsonNode)).join(',') + '}';
    }
  }
}

/** Canonical text of JSON `text`, or an Error describing why it is not JSON. */
export function canonicalJsonText(text: string): string | Error {
  const p = new Parser(text);
  try {
    const node = p.value(0);
    p.ws();
    if (p.pos !== text.length) p.fail('unexpected trailing characters');
    return render(node);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Canonical text of an already-parsed JS value (insertAll rows may carry objects for JSON columns). */
export function canonicalJsonValue(value: unknown): string | Error {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  if (text === undefined) return new Error('value is not representable as JSON');
  return canonicalJsonText(text);
}
