import { describe, expect, it } from 'vitest';
import { addPage, addStats, emptyTotals, todayOf } from '../../../streams/stats/sync-totals.js';

const DAY = 86_400_000;
const read = (bytesRead: number, sessions = 0) => ({
  jobs: 0,
  bytesProcessed: 0,
  bytesBilled: 0,
  storageRead: { sessions, streams: sessions * 3, rowsRead: 10, bytesRead },
});

describe('Storage Read in the running totals', () => {
  it('counts sessions, streams, rows and bytes read apart from the query bytes billed', () => {
    const t = addPage(addPage(emptyTotals(0), 10, read(500, 1), 1), 10, read(700), 2);
    expect(t).toMatchObject({
      storageReadSessions: 1,
      storageReadStreams: 3,
      storageReadRows: 20,
      storageReadBytes: 1_200,
      storageReadBytesToday: 1_200,
      bytesBilled: 0,
      bytesBilledToday: 0,
      queries: 0,
    });
    expect(todayOf(t, 3).storageReadBytes).toBe(1_200);
  });

  it("today's Storage Read bytes restart at UTC midnight; totals keep going", () => {
    const yesterday = addPage(emptyTotals(0), 0, read(500, 1), 1);
    expect(todayOf(yesterday, DAY + 1).storageReadBytes).toBe(0);
    const t = addPage(yesterday, 0, read(300), DAY + 1);
    expect(t).toMatchObject({ storageReadBytes: 800, storageReadBytesToday: 300 });
  });

  it('totals from an older checkpoint without Storage Read fields count from zero', () => {
    const { storageReadBytes: _b, storageReadBytesToday: _t, ...old } = emptyTotals(0);
    expect(addPage(old, 0, read(40), 1)).toMatchObject({ storageReadBytes: 40, storageReadBytesToday: 40 });
  });

  it('addStats sums two reads, Storage Read parts included only when one has them', () => {
    const q = { jobs: 1, bytesProcessed: 5, bytesBilled: 10 };
    expect(addStats(q, q)).toEqual({ jobs: 2, bytesProcessed: 10, bytesBilled: 20 });
    expect(addStats(q, read(7, 1))).toEqual({
      jobs: 1,
      bytesProcessed: 5,
      bytesBilled: 10,
      storageRead: { sessions: 1, streams: 3, rowsRead: 10, bytesRead: 7 },
    });
  });
});
