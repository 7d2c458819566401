import { microsToIso } from '../cursor/cursor.js';

/**
 * The Harper primary key of a source row, from its key values: deterministic, so replaying
 * a batch overwrites the same records. One key column gives its value as is; several are
 * joined with '|' after escaping '%' and '|' so distinct keys never collide.
 */
export function harperId(keyValues: readonly string[]): string {
  if (keyValues.length === 1) return keyValues[0]!;
  return keyValues.map((v) => v.replace(/[%|]/g, (c) => (c === '%' ? '%25' : '%7C'))).join('|');
}

/** The readable form of a key column's wire value (timestamps as RFC 3339 with microseconds). */
export function keyPart(type: string, wire: string): string {
  return type === 'TIMESTAMP' ? microsToIso(BigInt(wire)) : wire;
}
