/** Rows per second over a sliding window, so a long run shows its current pace, not its lifetime average. */
export class RateMeter {
  private readonly samples: { t: number; value: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.samples.push({ t: this.now(), value: 0 });
  }

  /** Records the running total; returns the rate over the window. */
  update(value: number): number {
    const t = this.now();
    this.samples.push({ t, value });
    while (this.samples.length > 2 && (this.samples[1] as { t: number }).t <= t - this.windowMs) this.samples.shift();
    return this.rate();
  }

  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t <= first.t) return 0;
    return ((last.value - first.value) * 1000) / (last.t - first.t);
  }
}
