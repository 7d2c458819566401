import { describe, expect, it } from 'vitest';
import { FLAG_STATES, flagByMid } from '../../../streams/synthesizer/data/flags.js';
import { imoCheckDigit, isValidImo, makeImo } from '../../../streams/synthesizer/identity/imo.js';
import { flagOfMmsi, isValidMmsi, makeMmsi, midOf } from '../../../streams/synthesizer/identity/mmsi.js';

describe('IMO numbers', () => {
  it("accepts real ships' IMO numbers", () => {
    // IMO 9074729 is the worked example of the IMO scheme; the others are well-known ships.
    for (const imo of [9074729, 9321483, 9241061, 9811000, 'IMO 9074729'])
      expect(isValidImo(imo), String(imo)).toBe(true);
    expect(imoCheckDigit(907472)).toBe(9);
    expect(imoCheckDigit(932148)).toBe(3);
    expect(makeImo(924106)).toBe(9241061);
  });

  it('rejects wrong check digits and wrong shapes', () => {
    for (const imo of [9074728, 9321484, 123456, 12345678, 'IMO12345', '0074729', 'abcdefg']) {
      expect(isValidImo(imo), String(imo)).toBe(false);
    }
  });

  it('catches every change to the digits weighted 7 and 3, and to the check digit', () => {
    // Even weights (6, 4, 2) and 5 share a factor with 10, so some changes there go unseen:
    // a property of the IMO scheme itself.
    const base = '9074729';
    for (const pos of [0, 4, 6]) {
      for (let d = 0; d <= 9; d++) {
        const changed = base.slice(0, pos) + d + base.slice(pos + 1);
        if (changed !== base && changed[0] !== '0') expect(isValidImo(changed), changed).toBe(false);
      }
    }
  });
});

describe('MMSI numbers', () => {
  it('names the flag state by its Maritime Identification Digits', () => {
    expect(flagOfMmsi(636012345)?.name).toBe('Liberia');
    expect(flagOfMmsi(351234567)?.name).toBe('Panama');
    expect(flagOfMmsi(538001234)?.name).toBe('Marshall Islands');
    expect(flagOfMmsi(477123456)?.name).toBe('Hong Kong');
    expect(flagOfMmsi(366123456)?.name).toBe('United States');
    expect(flagOfMmsi(244123456)?.name).toBe('Netherlands');
    expect(midOf(563000001)).toBe(563);
    expect(makeMmsi(219, 42)).toBe(219000042);
  });

  it('validates shape and MID', () => {
    expect(isValidMmsi(636012345)).toBe(true);
    expect(isValidMmsi('538001234')).toBe(true);
    expect(isValidMmsi(123456789)).toBe(false); // 123 is not a MID
    expect(isValidMmsi(63601234)).toBe(false); // 8 digits
    expect(isValidMmsi('0063601234')).toBe(false);
    expect(isValidMmsi(2190000420)).toBe(false);
  });

  it('has a MID table of at least 40 flag states with unique MIDs and call-sign prefixes', () => {
    expect(FLAG_STATES.length).toBeGreaterThanOrEqual(40);
    const mids = FLAG_STATES.flatMap((f) => f.mids);
    expect(new Set(mids).size).toBe(mids.length);
    expect(new Set(FLAG_STATES.map((f) => f.country)).size).toBe(FLAG_STATES.length);
    for (const f of FLAG_STATES) {
      expect(f.country).toMatch(/^[A-Z]{2}$/);
      expect(f.callSignPrefixes.length).toBeGreaterThan(0);
      for (const mid of f.mids) {
        expect(mid).toBeGreaterThanOrEqual(201);
        expect(mid).toBeLessThanOrEqual(775);
        expect(flagByMid(mid)).toBe(f);
      }
    }
  });
});
