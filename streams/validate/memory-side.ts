import { addRow, type WindowSummary } from './checksum.js';
import type { ValidationSide } from './side.js';
import { windowIndex, type TimeWindow, type WindowPlan } from './windows.js';

/** A row as validation sees it: timestamp (ms), key text, key and row fingerprints. */
export interface FingerprintedRow {
  ms: number;
  key: string;
  keyFp: bigint;
  rowFp: bigint;
}

/** An in-memory side over an array of rows: for embedding, examples and property tests. */
export class MemorySide implements ValidationSide {
  constructor(private readonly rows: () => readonly FingerprintedRow[]) {}

  summarize(plan: WindowPlan): Promise<Map<number, WindowSummary>> {
    const out = new Map<number, WindowSummary>();
    for (const row of this.rows()) {
      if (row.ms < plan.fromMs || row.ms >= plan.toMs) continue;
      const i = windowIndex(plan, row.ms);
      let s = out.get(i);
      if (!s) out.set(i, (s = { count: 0, keyXor: 0n, rowXor: 0n }));
      addRow(s, row.keyFp, row.rowFp);
    }
    return Promise.resolve(out);
  }

  keys(window: TimeWindow): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const row of this.rows()) if (row.ms >= window.startMs && row.ms < window.endMs) out.set(row.key, row.rowFp);
    return Promise.resolve(out);
  }
}
