import { mix32 } from './prng.js';

/**
 * A seeded bijection on [0, n). Lets the registry hand out unique MMSI suffixes and IMO
 * numbers from a vessel's index alone, and invert them for lookups, without a table.
 * Balanced Feistel network on the smallest even power of two >= n, with cycle walking to
 * stay inside [0, n): every step is a bijection, so the walk always returns to the domain.
 */
export class Permutation {
  readonly size: number;
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(size: number, seed: number) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** 40) {
      throw new RangeError(`permutation size must be an integer in [1, 2^40], got ${size}`);
    }
    this.size = size;
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.halfBits = bits / 2;
    this.mask = 2 ** this.halfBits - 1;
    this.keys = [];
    for (let r = 0; r < 4; r++) this.keys.push(mix32((seed >>> 0) + Math.imul(r + 1, 0x9e3779b1)));
  }

  private round(x: number, k: number): number {
    return mix32(x ^ k) & this.mask;
  }

  private encryptOnce(x: number): number {
    const base = 2 ** this.halfBits;
    let l = Math.floor(x / base);
    let r = x % base;
    for (const k of this.keys) {
      const nl = r;
      r = (l ^ this.round(r, k)) & this.mask;
      l = nl;
    }
    return l * base + r;
  }

  private decryptOnce(x: number): number {
    const base = 2 ** this.halfBits;
    let l = Math.floor(x / base);
    let r = x % base;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const k = this.keys[i] as number;
      const pr = l;
      l = (r ^ this.round(pr, k)) & this.mask;
      r = pr;
    }
    return l * base + r;
  }

  apply(i: number): number {
    this.check(i);
    let x = this.encryptOnce(i);
    while (x >= this.size) x = this.encryptOnce(x);
    return x;
  }

  invert(y: number): number {
    this.check(y);
    let x = this.decryptOnce(y);
    while (x >= this.size) x = this.decryptOnce(x);
    return x;
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new RangeError(`index ${i} outside [0, ${this.size})`);
    }
  }
}
