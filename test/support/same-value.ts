/**
 * Deep equality as strict as a record's consumer sees it: same prototypes (a Buffer is not a
 * plain Uint8Array), numbers by Object.is (-0 and NaN), Dates by time, BigInt by value, own
 * keys (including a key named `__proto__`) in the same order. Returns the first difference.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (typeof a !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime()) ? undefined : `${path}: dates differ`;
  if (ArrayBuffer.isView(a)) {
    const x = a as Uint8Array;
    const y = b as Uint8Array;
    return x.byteLength === y.byteLength && x.every((v, i) => v === y[i]) ? undefined : `${path}: bytes differ`;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  for (const k of ka) {
    const d = firstDifference(
      Object.getOwnPropertyDescriptor(a, k)?.value,
      Object.getOwnPropertyDescriptor(b, k)?.value,
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return undefined;
}
