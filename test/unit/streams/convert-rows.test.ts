import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { convertRows, skippedRowId } from '../../../streams/operators/convert-rows.js';
import { pageOf, rowsOf } from './page-fixtures.js';

const convert = (n: number) => (n % 3 === 2 ? { error: `bad ${n}` } : { record: { id: String(n), n } });

describe('convertRows', () => {
  it('converts every row of each page, keeps failures as skipped rows, one output per page', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const empty = pageOf([]);
      const full = pageOf(rowsOf(3), { limit: 3 });
      expectObservable(cold('-e-f|', { e: empty, f: full }).pipe(convertRows('t', convert))).toBe('-e-f|', {
        e: { page: empty, records: [], skipped: [] },
        f: {
          page: full,
          records: [
            { id: '0', n: 0 },
            { id: '1', n: 1 },
          ],
          skipped: [
            { id: skippedRowId('t', full.rows[2]!.cursor), reason: 'bad 2', rawRow: 2, cursor: full.rows[2]!.cursor },
          ],
        },
      });
    });
  });

  it('a converter that throws skips that row instead of failing the stream', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ cold, expectObservable }) => {
      const page = pageOf(rowsOf(1));
      const throwing = () => {
        throw new Error('boom');
      };
      expectObservable(cold('a|', { a: page }).pipe(convertRows('t', throwing))).toBe('a|', {
        a: expect.objectContaining({ records: [], skipped: [expect.objectContaining({ reason: 'boom' })] }),
      });
    });
  });
});
