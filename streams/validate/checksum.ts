import { bigqueryFingerprint } from 'farmhash-modern';

/**
 * What both sides compute per window: the row count and two order-independent checksums,
 * the XOR of FARM_FINGERPRINT over the key texts and over the canonical row texts.
 * XOR cancels in pairs, so a duplicated key would vanish from keyXor; the count catches it.
 */
export interface WindowSummary {
  count: number;
  keyXor: bigint;
  rowXor: bigint;
}

export const EMPTY_SUMMARY: Readonly<WindowSummary> = Object.freeze({ count: 0, keyXor: 0n, rowXor: 0n });

/** BigQuery's FARM_FINGERPRINT (signed int64) of a text. */
export function fingerprint(text: string): bigint {
  return bigqueryFingerprint(text);
}

/** Adds one row's fingerprints to a summary in place. */
export function addRow(summary: WindowSummary, keyFp: bigint, rowFp: bigint): void {
  summary.count += 1;
  summary.keyXor ^= keyFp;
  summary.rowXor ^= rowFp;
}

export function sameSummary(a: WindowSummary | undefined, b: WindowSummary | undefined): boolean {
  const x = a ?? EMPTY_SUMMARY;
  const y = b ?? EMPTY_SUMMARY;
  return x.count === y.count && x.keyXor === y.keyXor && x.rowXor === y.rowXor;
}

/** JSON-safe form for audit records (int64 as decimal text). */
export function summaryJson(s: WindowSummary | undefined): { count: number; keyXor: string; rowXor: string } {
  const x = s ?? EMPTY_SUMMARY;
  return { count: x.count, keyXor: x.keyXor.toString(), rowXor: x.rowXor.toString() };
}
