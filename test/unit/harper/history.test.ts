import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  historySample,
  historySamples,
  historyWindow,
  parseMinutes,
  type HistorySample,
  type SampledStatus,
} from '../../../src/harper/history.js';

describe('historySample', () => {
  it('reads the contract fields when present', () => {
    const status: SampledStatus = {
      tableId: 'vessel_positions',
      lagMs: 1200,
      rowsPerSecond: 9,
      rowsPerSecond10s: 10,
      rowsCommitted: 5,
      rowsWritten: 50,
      bytesBilled: { today: 10_485_760 },
    };
    expect(historySample(status, 1000)).toEqual({
      id: 'vessel_positions@1000',
      tableId: 'vessel_positions',
      at: 1000,
      rowsPerSecond: 10,
      lagMs: 1200,
      bytesBilledToday: 10_485_760,
      rowsWritten: 50,
    });
  });

  it('falls back to the older fields and reports null for what is absent', () => {
    expect(historySample({ tableId: 't', rowsPerSecond: 3, rowsCommitted: 7, lagMs: null }, 5)).toEqual({
      id: 't@5',
      tableId: 't',
      at: 5,
      rowsPerSecond: 3,
      lagMs: null,
      bytesBilledToday: null,
      rowsWritten: 7,
    });
  });
});

describe('historySamples (virtual clock)', () => {
  it('samples every table once per period at the scheduler time', () => {
    const ts = new TestScheduler((a, e) => expect(a).toEqual(e));
    ts.run(({ expectObservable }) => {
      let rows = 0;
      const statuses = () => [
        { tableId: 'a', rowsPerSecond: ++rows, lagMs: 10 },
        { tableId: 'b', rowsPerSecond: 0, lagMs: null },
      ];
      const sample = (at: number, rate: number): HistorySample[] => [
        historySample({ tableId: 'a', rowsPerSecond: rate, lagMs: 10 }, at),
        historySample({ tableId: 'b', rowsPerSecond: 0, lagMs: null }, at),
      ];
      expectObservable(historySamples(statuses, 5000, ts), '^ 15000ms !').toBe('5000ms x 4999ms y 4999ms z', {
        x: sample(5000, 1),
        y: sample(10000, 2),
        z: sample(15000, 3),
      });
    });
  });
});

describe('historyWindow', () => {
  const at = (tableId: string, t: number) => historySample({ tableId, rowsPerSecond: t }, t);
  it('keeps one table and the last minutes, oldest first', () => {
    const samples = [at('a', 400_000), at('b', 300_000), at('a', 100_000), at('a', 300_000), at('a', 500_000)];
    expect(historyWindow(samples, 'a', 5, 400_000).map((s) => s.at)).toEqual([100_000, 300_000, 400_000]);
    expect(historyWindow(samples, undefined, 2, 400_000).map((s) => `${s.tableId}${s.at}`)).toEqual([
      'a300000',
      'b300000',
      'a400000',
    ]);
  });
});

describe('parseMinutes', () => {
  it('defaults to and caps at the hour kept, rejects nonsense', () => {
    expect(parseMinutes(undefined)).toBe(60);
    expect(parseMinutes('15')).toBe(15);
    expect(parseMinutes('600')).toBe(60);
    expect(parseMinutes('0')).toBeUndefined();
    expect(parseMinutes('soon')).toBeUndefined();
  });
});
