/**
 * Rows per second of wall time over a trailing window. The rate falls as time passes with no
 * new rows (it is evaluated at a time, not at the last arrival), and a meter younger than the
 * window divides by its age (at least one second) so the first seconds are not inflated.
 */
export class RateWindow {
  private readonly entries: { at: number; rows: number }[] = [];

  constructor(
    private readonly startedAtMs: number,
    private readonly maxWindowMs = 60_000,
  ) {}

  add(atMs: number, rows: number): void {
    if (rows > 0) this.entries.push({ at: atMs, rows });
  }

  rate(nowMs: number, windowMs: number): number {
    const from = nowMs - windowMs;
    while (this.entries.length > 0 && this.entries[0]!.at <= nowMs - this.maxWindowMs) this.entries.shift();
    let rows = 0;
    for (const e of this.entries) if (e.at > from && e.at <= nowMs) rows += e.rows;
    const span = Math.max(1000, Math.min(windowMs, nowMs - this.startedAtMs));
    return (rows * 1000) / span;
  }
}
