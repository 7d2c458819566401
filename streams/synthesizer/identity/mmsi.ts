import { flagByMid, type FlagState } from '../data/flags.js';

/**
 * Ship station MMSI: nine digits `MIDXXXXXX` (ITU-R M.585), where the MID names the flag
 * state. Coast stations (00MID...), groups (0MID...) and SAR aircraft (111MID...) are not
 * generated, so every MMSI here starts with a real MID.
 */

export function makeMmsi(mid: number, suffix: number): number {
  if (!Number.isInteger(mid) || mid < 201 || mid > 775) throw new RangeError(`bad MID ${mid}`);
  if (!Number.isInteger(suffix) || suffix < 0 || suffix > 999_999) throw new RangeError(`bad MMSI suffix ${suffix}`);
  return mid * 1_000_000 + suffix;
}

export function midOf(mmsi: number): number {
  return Math.floor(mmsi / 1_000_000);
}

/** The flag state a ship-station MMSI claims, or undefined when its MID is not in our table. */
export function flagOfMmsi(mmsi: number): FlagState | undefined {
  if (!isShipMmsiShape(mmsi)) return undefined;
  return flagByMid(midOf(mmsi));
}

function isShipMmsiShape(mmsi: number): boolean {
  return Number.isInteger(mmsi) && mmsi >= 201_000_000 && mmsi <= 775_999_999;
}

/** Nine digits and a MID that belongs to a known flag state. */
export function isValidMmsi(mmsi: number | string): boolean {
  const text = String(mmsi);
  if (!/^\d{9}$/.test(text)) return false;
  return flagOfMmsi(Number(text)) !== undefined;
}
