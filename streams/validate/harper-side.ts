import { addRow, fingerprint, type WindowSummary } from './checksum.js';
import { rowTextJs, type ContentColumn } from './canonical.js';
import type { ValidationSide } from './side.js';
import { windowIndex, type TimeWindow, type WindowPlan } from './windows.js';

/** The part of a Harper table class a scan needs. */
export interface ScannableTable {
  search(query: {
    conditions: { attribute: string; comparator: string; value: unknown }[];
  }): AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
}

export interface HarperSideOptions {
  /** Harper attribute holding the sync's timestamp column (a Date). */
  timestampAttribute: string;
  content: readonly ContentColumn[];
  /** Rows between two yields to the event loop, so the sync's writes interleave. */
  chunkRows?: number;
}

/**
 * The Harper side: a streaming scan through the timestamp index (`between`, inclusive, so
 * the exclusive end becomes end - 1 ms), folding each record into its window's figures as
 * it passes. Memory holds one summary per window, never the rows. The scan yields to the
 * event loop every chunk so the sync's own commits are not held up behind it.
 */
export class HarperSide implements ValidationSide {
  constructor(
    private readonly table: ScannableTable,
    private readonly o: HarperSideOptions,
  ) {}

  async summarize(plan: WindowPlan): Promise<Map<number, WindowSummary>> {
    const out = new Map<number, WindowSummary>();
    await this.scan(plan.fromMs, plan.toMs, (ms, id, rowFp) => {
      const i = windowIndex(plan, ms);
      let s = out.get(i);
      if (!s) out.set(i, (s = { count: 0, keyXor: 0n, rowXor: 0n }));
      addRow(s, fingerprint(id), rowFp);
    });
    return out;
  }

  async keys(window: TimeWindow): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    await this.scan(window.startMs, window.endMs, (_ms, id, rowFp) => out.set(id, rowFp));
    return out;
  }

  private async scan(fromMs: number, toMs: number, visit: (ms: number, id: string, rowFp: bigint) => void) {
    if (fromMs >= toMs) return;
    const chunk = this.o.chunkRows ?? 1000;
    const attribute = this.o.timestampAttribute;
    const rows = this.table.search({
      conditions: [{ attribute, comparator: 'between', value: [fromMs, toMs - 1] }],
    });
    let n = 0;
    for await (const record of rows) {
      const ts = record[attribute];
      const ms = ts instanceof Date ? ts.getTime() : typeof ts === 'number' ? ts : Date.parse(String(ts));
      // The index range is exact for Date attributes; the check keeps other storage honest.
      if (!(ms >= fromMs && ms < toMs)) continue;
      const id = String(record.id);
      visit(ms, id, fingerprint(rowTextJs(id, record, this.o.content)));
      if (++n % chunk === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
