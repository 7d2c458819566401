import { MultiBar, Presets } from 'cli-progress';
import { RateMeter } from './rate-meter.js';

export type ProgressMode = 'bars' | 'lines' | 'quiet';

/** Bars only on an interactive terminal outside CI; periodic plain lines otherwise. */
export function progressMode(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, quiet: boolean): ProgressMode {
  if (quiet) return 'quiet';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !ci ? 'bars' : 'lines';
}

export interface Progress {
  /** Registers a table; `total` undefined for endless (continuous) counters. */
  track(name: string, total?: number): void;
  /** Sets a table's running total. */
  update(name: string, value: number): void;
  /** A message that must not be torn by redrawn bars. */
  log(line: string): void;
  stop(): void;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface Counter {
  readonly total: number | undefined;
  value: number;
  readonly meter: RateMeter;
  printed: number;
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WriteStream, intervalMs = 2000): Progress {
  const counters = new Map<string, Counter>();
  const width = (): number => Math.max(0, ...[...counters.keys()].map((k) => k.length));

  if (mode === 'bars') {
    const multi = new MultiBar(
      { stream, hideCursor: true, clearOnComplete: false, stopOnComplete: false, fps: 5, barsize: 30 },
      Presets.shades_classic,
    );
    const bars = new Map<string, ReturnType<MultiBar['create']>>();
    return {
      track(name, total) {
        counters.set(name, { total, value: 0, meter: new RateMeter(), printed: 0 });
        const format =
          total === undefined
            ? '{name} | {value} rows | {rate} rows/s'
            : '{name} |{bar}| {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}';
        bars.set(name, multi.create(total ?? 0, 0, { name: name.padEnd(16), rate: '0' }, { format }));
      },
      update(name, value) {
        const c = counters.get(name);
        if (!c) return;
        c.value = value;
        bars.get(name)?.update(value, { rate: fmt(c.meter.update(value)) });
      },
      log(line) {
        multi.log(line + '\n');
      },
      stop() {
        multi.stop();
      },
    };
  }

  const print = (force: boolean): void => {
    for (const [name, c] of counters) {
      if (!force && c.value === c.printed) continue;
      c.printed = c.value;
      const of = c.total === undefined ? '' : `/${fmt(c.total)}`;
      const pct = c.total ? ` (${Math.floor((100 * c.value) / c.total)}%)` : '';
      stream.write(`${name.padEnd(width())}  ${fmt(c.value)}${of} rows${pct}, ${fmt(c.meter.rate())} rows/s\n`);
    }
  };
  const timer = mode === 'lines' ? setInterval(() => print(false), intervalMs) : undefined;
  timer?.unref();
  return {
    track(name, total) {
      counters.set(name, { total, value: 0, meter: new RateMeter(), printed: -1 });
    },
    update(name, value) {
      const c = counters.get(name);
      if (!c) return;
      c.value = value;
      c.meter.update(value);
    },
    log(line) {
      if (mode !== 'quiet') stream.write(line + '\n');
    },
    stop() {
      if (timer) clearInterval(timer);
      if (mode === 'lines') print(false);
    },
  };
}
