import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { chunked, toNdjson, withNdjsonFile, withTempDir } from '../../../streams/synthesizer/writer/index.js';

const parent = mkdtempSync(join(tmpdir(), 'ndjson-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('chunked', () => {
  it('splits into full chunks and a final remainder', () => {
    expect([...chunked([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunked([1, 2, 3, 4], 2)]).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect([...chunked([], 3)]).toEqual([]);
  });

  it('keeps every item in order for any size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 50 }), (items, size) => {
        const chunks = [...chunked(items, size)];
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((c, i) => c.length === size || (i === chunks.length - 1 && c.length > 0))).toBe(true);
      }),
    );
  });

  it('pulls only one chunk ahead from a lazy source', () => {
    let pulled = 0;
    function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    }
    const it = chunked(endless(), 10_000);
    expect(it.next().value).toHaveLength(10_000);
    expect(pulled).toBe(10_000);
    it.next();
    expect(pulled).toBe(20_000);
  });

  it('rejects sizes below 1', () => {
    expect(() => [...chunked([1], 0)]).toThrow(RangeError);
  });
});

describe('toNdjson', () => {
  it('writes one parseable line per row, newline-terminated, even with newlines inside values', () => {
    const rows = [
      { a: 1, s: 'x\ny' },
      { a: null, s: 'é"\\' },
    ];
    const text = toNdjson(rows);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(rows);
  });

  it('round-trips arbitrary JSON objects', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null)))),
        (rows) => {
          const lines = toNdjson(rows).split('\n');
          expect(lines.pop()).toBe('');
          expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(rows);
        },
      ),
    );
  });
});

describe('temp files', () => {
  it('removes the file after use and the folder afterwards', async () => {
    let seenDir = '';
    await withTempDir(parent, async (dir) => {
      seenDir = dir;
      const file = join(dir, 'a.json');
      await withNdjsonFile(file, [{ x: 1 }], async () => {
        expect(readFileSync(file, 'utf8')).toBe('{"x":1}\n');
      });
      expect(existsSync(file)).toBe(false);
    });
    expect(existsSync(seenDir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('removes file and folder when the work throws', async () => {
    await expect(
      withTempDir(parent, (dir) =>
        withNdjsonFile(join(dir, 'b.json'), [{ x: 2 }], () => Promise.reject(new Error('boom'))),
      ),
    ).rejects.toThrow('boom');
    expect(readdirSync(parent)).toEqual([]);
  });
});
