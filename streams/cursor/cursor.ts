import type { Cursor, KeyKind, KeyValue, StoredCursor } from '../model/index.js';

export type { Cursor, KeyKind, KeyValue, StoredCursor };

/** Orders key values the way BigQuery's ORDER BY does for the column's type. */
export function compareKeyValue(kind: KeyKind, a: KeyValue, b: KeyValue): number {
  switch (kind) {
    case 'integer':
    case 'timestamp':
      return compareBigInt(BigInt(a), BigInt(b));
    case 'float':
      return Math.sign(Number(a) - Number(b));
    case 'decimal':
      return compareDecimal(a, b);
    case 'bool':
      return (a === 'true' ? 1 : 0) - (b === 'true' ? 1 : 0);
    case 'string':
      return compareUtf8(a, b);
    case 'bytes':
      return Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'));
    case 'temporal':
      // DATE, DATETIME and TIME wire forms are fixed-width ISO text: text order is time order.
      return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Cursor order: timestamp first, then the key columns lexicographically. */
export function compareCursor(kinds: readonly KeyKind[], a: Cursor, b: Cursor): number {
  const byTime = compareBigInt(a.timestampMicros, b.timestampMicros);
  if (byTime !== 0) return byTime;
  for (let i = 0; i < kinds.length; i++) {
    const c = compareKeyValue(kinds[i]!, a.key[i]!, b.key[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

export function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** BigQuery compares STRING by UTF-8 bytes, which differs from JS's UTF-16 order for astral characters. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Exact comparison of decimal strings such as "-12.5" and "3", without floats. */
export function compareDecimal(a: string, b: string): number {
  const [sa, ia, fa] = splitDecimal(a);
  const [sb, ib, fb] = splitDecimal(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const width = Math.max(fa.length, fb.length);
  const na = BigInt(ia + fa.padEnd(width, '0'));
  const nb = BigInt(ib + fb.padEnd(width, '0'));
  return sa * compareBigInt(na, nb);
}

function splitDecimal(value: string): [number, string, string] {
  const negative = value.startsWith('-');
  const body = negative || value.startsWith('+') ? value.slice(1) : value;
  const [whole = '0', fraction = ''] = body.split('.');
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return [isZero ? 0 : negative ? -1 : 1, whole || '0', fraction];
}

export function storeCursor(cursor: Cursor): StoredCursor {
  return { cursorTimestampMicros: cursor.timestampMicros.toString(), cursorKey: JSON.stringify(cursor.key) };
}

export function restoreCursor(stored: StoredCursor): Cursor {
  const key: unknown = JSON.parse(stored.cursorKey);
  if (!Array.isArray(key) || !key.every((v) => typeof v === 'string')) {
    throw new Error(`Checkpoint cursor key is not a JSON array of strings: ${stored.cursorKey}`);
  }
  if (!/^-?\d+$/.test(stored.cursorTimestampMicros)) {
    throw new Error(`Checkpoint cursor timestamp is not an integer of microseconds: ${stored.cursorTimestampMicros}`);
  }
  return { timestampMicros: BigInt(stored.cursorTimestampMicros), key };
}

/** Formats microseconds as RFC 3339 UTC with all six fractional digits. */
export function microsToIso(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const subMillis = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString(); // ...T00:00:00.123Z
  return `${iso.slice(0, -1)}${subMillis.toString().padStart(3, '0')}Z`;
}
