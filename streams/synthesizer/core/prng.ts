/**
 * Seeded randomness. Generation never touches Math.random: every value derives from the
 * scenario seed plus a path of keys (vessel index, report number, ...), so any single
 * vessel, report or update can be regenerated on its own without replaying the rest.
 */

/** 32-bit avalanche mix (a murmur3-style finaliser): small input changes flip half the bits. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units: stable hash of string keys such as stream names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type SeedKey = number | string;

/**
 * Combines a seed with keys into one 32-bit value. Numbers may be any safe integer: the
 * high part is folded in so that indices above 2^32 (e.g. microsecond times) still differ.
 */
export function hashKeys(seed: number, ...keys: SeedKey[]): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  for (const k of keys) {
    let v: number;
    if (typeof k === 'string') v = hashString(k);
    else {
      const lo = k >>> 0;
      const hi = Math.floor(k / 4294967296) >>> 0;
      v = mix32(lo ^ mix32(hi + 0x7f4a7c15));
    }
    h = mix32((h ^ v) + 0x6d2b79f5 + (h << 6) + (h >>> 2));
  }
  return h;
}

/** Uniform [0, 1) from a seed and keys, with no generator state: for per-row jitter. */
export function hash01(seed: number, ...keys: SeedKey[]): number {
  return hashKeys(seed, ...keys) / 4294967296;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator): 128-bit state, fast, and
 * passes PractRand far beyond what a synthesizer needs. Sequential use only where order is
 * itself deterministic (one vessel's voyage plan, one operator's subscription).
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...keys: SeedKey[]) {
    const h = hashKeys(seed, ...keys);
    this.a = h;
    this.b = mix32(h ^ 0xdeadbeef);
    this.c = mix32(h + 0x1b873593);
    this.d = 1;
    // Discard the first outputs: sfc32 seeded from correlated words needs a short warm-up.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Index drawn with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Log-uniform in [lo, hi): durations spread over orders of magnitude look natural. */
  logRange(lo: number, hi: number): number {
    return Math.exp(this.range(Math.log(lo), Math.log(hi)));
  }
}
