/**
 * IMO ship identification numbers: seven digits, the last a check digit equal to the sum
 * of the first six multiplied by 7, 6, 5, 4, 3, 2, modulo 10 (IMO resolution A.1117(30)).
 */

export function imoCheckDigit(firstSix: number): number {
  if (!Number.isInteger(firstSix) || firstSix < 100_000 || firstSix > 999_999) {
    throw new RangeError(`IMO base must be six digits, got ${firstSix}`);
  }
  let sum = 0;
  let rest = firstSix;
  for (let weight = 2; weight <= 7; weight++) {
    sum += (rest % 10) * weight;
    rest = Math.floor(rest / 10);
  }
  return sum % 10;
}

export function makeImo(firstSix: number): number {
  return firstSix * 10 + imoCheckDigit(firstSix);
}

export function isValidImo(imo: number | string): boolean {
  const text = typeof imo === 'number' ? String(imo) : imo.replace(/^IMO\s*/i, '');
  if (!/^\d{7}$/.test(text)) return false;
  const n = Number(text);
  if (n < 1_000_000) return false;
  return imoCheckDigit(Math.floor(n / 10)) === n % 10;
}
