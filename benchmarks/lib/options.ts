/**
 * Benchmark sizes come from `--name=value` flags or `BENCH_NAME` environment variables
 * (flag wins), so `npm run bench -- initial-sync --rows=200000` and
 * `BENCH_ROWS=200000 npm run bench` both work. `--set=path=value` may repeat (see `list`).
 */
export class BenchOptions {
  private readonly flags = new Map<string, string>();
  /** Every value of a flag given more than once (`--set=a=1 --set=b=2`), in order. */
  private readonly lists = new Map<string, string[]>();

  constructor(
    argv: readonly string[],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    for (const arg of argv) {
      const m = /^--([a-z][a-z0-9-]*)=(.*)$/i.exec(arg);
      if (!m) continue;
      const name = m[1]!.toLowerCase();
      this.flags.set(name, m[2]!);
      this.lists.set(name, [...(this.lists.get(name) ?? []), m[2]!]);
    }
  }

  /** Every value of a repeatable flag (none: an empty list; the environment is not read). */
  list(name: string): string[] {
    return [...(this.lists.get(name) ?? [])];
  }

  /** A positive integer; accepts `1_000_000`, `1e6`, `300k` and `1m`. */
  int(name: string, fallback: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const n = parseCount(raw);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name}=${raw}: expected a positive whole number`);
    return n;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  private raw(name: string): string | undefined {
    const envName = `BENCH_${name.toUpperCase().replace(/-/g, '_')}`;
    return this.flags.get(name) ?? this.env[envName];
  }
}

export function parseCount(text: string): number {
  const t = text.trim().toLowerCase().replace(/_/g, '');
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([km]?)$/.exec(t);
  if (!m) return NaN;
  const scale = m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * scale);
}

/** `--set path=value` (two words) -> `--set=path=value`, so the value is not taken for a benchmark name. */
export function joinSetFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--set' && i + 1 < argv.length) out.push(`--set=${argv[++i]!}`);
    else out.push(argv[i]!);
  }
  return out;
}
