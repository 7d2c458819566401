/** Pure parts of the local Storage Read service: stream ranges, splits, read plans, names. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { partition, splitRange, streamCount } from '../../../emulator/storage-read/streams.js';
import { buildReadPlan } from '../../../emulator/storage-read/read-plan.js';
import { parseStreamName, parseTablePath, streamName } from '../../../emulator/storage-read/names.js';
import { StorageReadError } from '../../../emulator/storage-read/errors.js';
import { normalizeSchema } from '../../../emulator/types/schema.js';
import { status } from '@grpc/grpc-js';

describe('stream ranges', () => {
  it('partition covers [0, rows) with disjoint contiguous ranges of near-equal size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 50 }), (rows, wanted) => {
        const count = streamCount(rows, wanted, 0, 100_000);
        const ranges = partition(rows, count);
        expect(ranges).toHaveLength(Math.min(wanted, rows));
        expect(ranges[0]!.start).toBe(0);
        expect(ranges.at(-1)!.end).toBe(rows);
        ranges.forEach((r, i) => {
          expect(r.end).toBeGreaterThan(r.start);
          if (i > 0) expect(r.start).toBe(ranges[i - 1]!.end);
        });
        const sizes = ranges.map((r) => r.end - r.start);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives no stream for no rows, and the server decides with max_stream_count 0', () => {
    expect(streamCount(0, 4, 0, 100)).toBe(0);
    expect(streamCount(1_000, 0, 0, 100)).toBe(10);
    expect(streamCount(1_000, 0, 20, 100)).toBe(20);
    expect(streamCount(3, 10, 0, 100)).toBe(3);
  });

  it('splits a range into a primary and a remainder that are the original back to back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (start, size, fraction) => {
          const halves = splitRange({ start, end: start + size }, fraction);
          if (!halves) return;
          expect(halves[0].start).toBe(start);
          expect(halves[0].end).toBe(halves[1].start);
          expect(halves[1].end).toBe(start + size);
          expect(halves[0].end).toBeGreaterThan(start);
          expect(halves[1].start).toBeLessThan(start + size);
        },
      ),
    );
    expect(splitRange({ start: 5, end: 6 }, 0.5)).toBeUndefined();
  });
});

describe('read plan', () => {
  const fields = normalizeSchema({
    fields: [
      { name: 'a', type: 'INT64' },
      { name: 'B', type: 'STRING' },
      { name: 'st', type: 'RECORD', fields: [{ name: 'x', type: 'INT64' }] },
    ],
  });
  const ref = { projectId: 'p', datasetId: 'd', tableId: 't' };

  it('selects fields in table order whatever order and case they are named in', () => {
    const plan = buildReadPlan(ref, fields, ['st', 'b'], '');
    expect(plan.fields.map((f) => f.name)).toEqual(['B', 'st']);
    expect(plan.sql).toBe('SELECT `B`, `st` FROM `p.d.t`');
  });

  it('puts the restriction on lines of its own so a trailing comment cannot swallow the bracket', () => {
    expect(buildReadPlan(ref, fields, [], 'a > 1 -- c').sql).toBe(
      'SELECT `a`, `B`, `st` FROM `p.d.t`\nWHERE (\na > 1 -- c\n)',
    );
  });

  it('rejects unknown fields (INVALID_ARGUMENT) and nested paths (UNIMPLEMENTED)', () => {
    const codeOf = (f: () => unknown): number | undefined => {
      try {
        f();
      } catch (e) {
        return (e as StorageReadError).code;
      }
      return undefined;
    };
    expect(codeOf(() => buildReadPlan(ref, fields, ['nope'], ''))).toBe(status.INVALID_ARGUMENT);
    expect(codeOf(() => buildReadPlan(ref, fields, ['st.x'], ''))).toBe(status.UNIMPLEMENTED);
    expect(codeOf(() => buildReadPlan(ref, fields, ['a.x'], ''))).toBe(status.INVALID_ARGUMENT);
  });
});

describe('names', () => {
  it('round-trips stream names and parses table paths', () => {
    expect(parseStreamName(streamName('p', 's1', 'r2'))).toEqual({
      projectId: 'p',
      location: 'us',
      sessionId: 's1',
      streamId: 'r2',
    });
    expect(parseTablePath('projects/p/datasets/d/tables/t')).toEqual({ projectId: 'p', datasetId: 'd', tableId: 't' });
    expect(parseTablePath('projects/p/datasets/d')).toBeUndefined();
  });
});
