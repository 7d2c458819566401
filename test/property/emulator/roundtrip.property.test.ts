/**
 * Property: any rows of any schema (every BigQuery type, NULLs, nesting, REPEATED, unicode,
 * extreme INT64/NUMERIC/BIGNUMERIC/TIMESTAMP values) inserted through insertRows come back
 * from listRows and from `SELECT *` equal to the input after BigQuery's own normalisation.
 * Expected wire values are computed here independently of the engine's encoders.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../../emulator/engine/index.js';
import type { Engine, FieldSchema, QueryParameter } from '../../../emulator/engine/contract.js';

const PROJECT = 'prop-project';
let engine: Engine;
let tableNo = 0;

beforeAll(async () => {
  engine = await createDuckDbEngine({});
  await engine.createDataset(PROJECT, 'p', {});
});
afterAll(async () => {
  await engine.close();
});

type Case = { input: unknown; wire: unknown };
type Gen = fc.Arbitrary<Case>;

const pad = (n: number | bigint, w: number): string => String(n).padStart(w, '0');

function civil(days: number): string {
  const d = new Date(days * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

const MIN_DAYS = -719162; // 0001-01-01
const MAX_DAYS = 2932896; // 9999-12-31
const DAY_US = 86_400_000_000n;

function timeOfDay(us: bigint): string {
  const s = us / 1_000_000n;
  const frac = us % 1_000_000n;
  const base = `${pad(s / 3600n, 2)}:${pad((s / 60n) % 60n, 2)}:${pad(s % 60n, 2)}`;
  return frac === 0n ? base : `${base}.${pad(frac, 6)}`;
}

function splitMicros(us: bigint): [number, bigint] {
  let days = us / DAY_US;
  if (us % DAY_US < 0n) days -= 1n;
  return [Number(days), us - days * DAY_US];
}

/** Decimal text of a scaled integer with trailing zeros removed. */
function decimalText(v: bigint, scale: number): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (neg ? '-' : '') + digits.slice(0, digits.length - scale) + (frac ? '.' + frac : '');
}

/** Java-style double text (what BigQuery's REST API prints for FLOAT64). */
function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '0.0';
  const abs = Math.abs(x);
  const [m, e] = abs.toExponential().split('e') as [string, string];
  const digits = m.replace('.', '');
  const exp = Number(e);
  const sign = x < 0 ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${digits.slice(exp + 1) || '0'}`;
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exp}`;
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(sortedJson).join(',') + ']';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + sortedJson(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}

const INT64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);

const scalarGens: Record<string, Gen> = {
  INT64: fc
    .oneof(fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n), INT64)
    .chain((v) =>
      fc.constantFrom<Case>(
        { input: v.toString(), wire: v.toString() },
        ...(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? [{ input: Number(v), wire: v.toString() }]
          : []),
      ),
    ),
  FLOAT64: fc
    .double()
    .filter((x) => !Object.is(x, -0))
    .map((x) => ({ input: Number.isFinite(x) ? x : String(x), wire: javaDouble(x) })),
  NUMERIC: fc
    .oneof(fc.constantFrom(10n ** 38n - 1n, -(10n ** 38n - 1n), 1n, 0n), fc.bigInt(-(10n ** 38n - 1n), 10n ** 38n - 1n))
    .map((v) => ({ input: decimalText(v, 9), wire: decimalText(v, 9) })),
  BIGNUMERIC: fc
    .oneof(fc.constantFrom(2n ** 255n - 1n, -(2n ** 255n), 1n), fc.bigInt(-(2n ** 255n), 2n ** 255n - 1n))
    .map((v) => ({ input: decimalText(v, 38), wire: decimalText(v, 38) })),
  BOOL: fc.boolean().map((b) => ({ input: b, wire: String(b) })),
  STRING: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => ({ input: s, wire: s })),
  BYTES: fc.uint8Array({ maxLength: 24 }).map((b) => {
    const b64 = Buffer.from(b).toString('base64');
    return { input: b64, wire: b64 };
  }),
  DATE: fc.integer({ min: MIN_DAYS, max: MAX_DAYS }).map((d) => ({ input: civil(d), wire: civil(d) })),
  DATETIME: fc.bigInt(BigInt(MIN_DAYS) * DAY_US, BigInt(MAX_DAYS + 1) * DAY_US - 1n).map((us) => {
    const [d, t] = splitMicros(us);
    return { input: `${civil(d)} ${timeOfDay(t)}`, wire: `${civil(d)}T${timeOfDay(t)}` };
  }),
  TIME: fc.bigInt(0n, DAY_US - 1n).map((us) => ({ input: timeOfDay(us), wire: timeOfDay(us) })),
  TIMESTAMP: fc.bigInt(BigInt(MIN_DAYS) * DAY_US, BigInt(MAX_DAYS + 1) * DAY_US - 1n).chain((us) => {
    const [d, t] = splitMicros(us);
    return fc.constantFrom<Case>(
      { input: `${civil(d)}T${timeOfDay(t)}Z`, wire: us.toString() },
      { input: `${civil(d)} ${timeOfDay(t)} UTC`, wire: us.toString() },
    );
  }),
  GEOGRAPHY: fc.tuple(fc.integer({ min: -180, max: 180 }), fc.integer({ min: -900, max: 900 })).map(([x, y]) => {
    const wkt = `POINT(${x} ${y / 10})`;
    return { input: wkt, wire: wkt };
  }),
  JSON: fc
    .jsonValue({ maxDepth: 2 })
    .map((v) => ({ input: JSON.stringify(v), wire: sortedJson(JSON.parse(JSON.stringify(v))) })),
};

interface FieldPlan {
  schema: FieldSchema;
  gen: fc.Arbitrary<Case | undefined>;
}

const TYPES = Object.keys(scalarGens);
const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), {
  minLength: 1,
  maxLength: 5,
  selector: (s) => s.toLowerCase(),
});

function fieldPlan(depth: number): fc.Arbitrary<(name: string) => FieldPlan> {
  const mode = fc.constantFrom<'NULLABLE' | 'REQUIRED' | 'REPEATED'>('NULLABLE', 'REQUIRED', 'REPEATED');
  const leaf = fc.tuple(fc.constantFrom(...TYPES), mode).map(
    ([type, m]) =>
      (name: string): FieldPlan =>
        wrap({ name, type: type as FieldSchema['type'], mode: m }, scalarGens[type] as Gen),
  );
  if (depth >= 2) return leaf;
  const record = fc
    .tuple(names, fc.array(fieldPlan(depth + 1), { minLength: 5, maxLength: 5 }), mode)
    .map(([ns, plans, m]) => (name: string): FieldPlan => {
      const children = ns.map((n, i) => (plans[i] as (name: string) => FieldPlan)(n));
      const schema: FieldSchema = { name, type: 'RECORD', mode: m, fields: children.map((c) => c.schema) };
      const gen: Gen = fc.tuple(...children.map((c) => c.gen)).map((cells) => {
        const input: Record<string, unknown> = {};
        const f: { v: unknown }[] = [];
        cells.forEach((c, i) => {
          const child = children[i] as FieldPlan;
          if (c !== undefined) input[child.schema.name] = c.input;
          f.push({ v: c === undefined ? (child.schema.mode === 'REPEATED' ? [] : null) : c.wire });
        });
        return { input, wire: { f } };
      });
      return wrap(schema, gen);
    });
  return fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: record });
}

/** Applies the mode: REPEATED -> array of 0..3, NULLABLE -> sometimes absent. */
function wrap(schema: FieldSchema, gen: Gen): FieldPlan {
  if (schema.mode === 'REPEATED') {
    return {
      schema,
      gen: fc
        .array(gen, { maxLength: 3 })
        .map((items) => ({ input: items.map((i) => i.input), wire: items.map((i) => ({ v: i.wire })) })),
    };
  }
  if (schema.mode === 'REQUIRED') return { schema, gen };
  return { schema, gen: fc.option(gen, { nil: undefined, freq: 3 }) };
}

const tablePlan = fc.tuple(names, fc.array(fieldPlan(0), { minLength: 5, maxLength: 5 })).chain(([ns, plans]) => {
  const fields = ns.map((n, i) => (plans[i] as (name: string) => FieldPlan)(n));
  const row = fc.tuple(...fields.map((f) => f.gen));
  return fc.record({ fields: fc.constant(fields), rows: fc.array(row, { minLength: 1, maxLength: 4 }) });
});

describe('insertRows round trip', () => {
  it('listRows and SELECT * return what was inserted, normalised like BigQuery', async () => {
    await fc.assert(
      fc.asyncProperty(tablePlan, async ({ fields, rows }) => {
        const tableId = `t${++tableNo}`;
        const ref = { projectId: PROJECT, datasetId: 'p', tableId };
        await engine.createTable(ref, { fields: fields.map((f) => f.schema) }, {});
        const input = rows.map((cells) => {
          const o: Record<string, unknown> = {};
          cells.forEach((c, i) => {
            if (c !== undefined) o[(fields[i] as FieldPlan).schema.name] = c.input;
          });
          return o;
        });
        const expected = rows.map((cells) => ({
          f: cells.map((c, i) => ({
            v: c === undefined ? ((fields[i] as FieldPlan).schema.mode === 'REPEATED' ? [] : null) : c.wire,
          })),
        }));
        const res = await engine.insertRows(ref, input, {});
        expect(res.insertErrors).toEqual([]);
        const listed = await engine.listRows(ref, { useInt64Timestamp: true });
        expect(listed.rows).toEqual(expected);
        const selected = await engine.query(`SELECT * FROM p.${tableId}`, {
          defaultProjectId: PROJECT,
          useInt64Timestamp: true,
        });
        expect(selected.rows).toEqual(expected);
        await engine.deleteTable(ref);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60) },
    );
  }, 60_000);
});

describe('query parameters round trip', () => {
  const cases: [string, Gen][] = [
    'INT64',
    'NUMERIC',
    'BIGNUMERIC',
    'TIMESTAMP',
    'DATETIME',
    'DATE',
    'TIME',
    'STRING',
    'BYTES',
    'BOOL',
  ].map((t) => [t, scalarGens[t] as Gen]);
  for (const [type, gen] of cases) {
    it(`${type} parameters come back exactly`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(gen, { maxLength: 3 }), gen, async (arr, one) => {
          const params: QueryParameter[] = [
            { name: 'v', parameterType: { type }, parameterValue: { value: String(one.input) } },
            {
              name: 'a',
              parameterType: { type: 'ARRAY', arrayType: { type } },
              parameterValue: { arrayValues: arr.map((c) => ({ value: String(c.input) })) },
            },
          ];
          const r = await engine.query('SELECT @v, @a', {
            defaultProjectId: PROJECT,
            useInt64Timestamp: true,
            queryParameters: params,
          });
          expect(r.rows[0]?.f.map((c) => c.v)).toEqual([one.wire, arr.map((c) => ({ v: c.wire }))]);
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe('keyset pagination', () => {
  it('any data with timestamp ties, any page size: every row exactly once, in cursor order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        async (secs, pageSize) => {
          const tableId = `k${++tableNo}`;
          const ref = { projectId: PROJECT, datasetId: 'p', tableId };
          await engine.createTable(
            ref,
            {
              fields: [
                { name: 'ts', type: 'TIMESTAMP' },
                { name: 'k', type: 'STRING' },
              ],
            },
            {},
          );
          const rows = secs.map((s, i) => ({ ts: 1_700_000_000 + s, k: `id-${i}` }));
          if (rows.length > 0) await engine.insertRows(ref, rows, {});
          const seen: string[] = [];
          let t = '1970-01-01T00:00:00Z';
          let k = '';
          for (let guard = 0; guard < 200; guard++) {
            const r = await engine.query(
              `SELECT ts, k FROM p.${tableId} WHERE (ts, k) > (@t, @k) ORDER BY ts, k LIMIT ${pageSize}`,
              {
                defaultProjectId: PROJECT,
                useInt64Timestamp: true,
                queryParameters: [
                  { name: 't', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: t } },
                  { name: 'k', parameterType: { type: 'STRING' }, parameterValue: { value: k } },
                ],
              },
            );
            for (const row of r.rows) seen.push(`${String(row.f[0]?.v)}/${String(row.f[1]?.v)}`);
            if (r.rows.length < pageSize) break;
            const last = r.rows[r.rows.length - 1]?.f ?? [];
            t = new Date(Number(BigInt(last[0]?.v as string) / 1000n)).toISOString();
            k = last[1]?.v as string;
          }
          const expected = rows
            .map((r) => ({ key: `${BigInt(r.ts) * 1_000_000n}/${r.k}`, ts: r.ts, k: r.k }))
            .sort((a, b) => a.ts - b.ts || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
            .map((r) => r.key);
          expect(seen).toEqual(expected);
          await engine.deleteTable(ref);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
