import { Permutation } from '../core/permutation.js';
import { Rng } from '../core/prng.js';
import { FLAG_STATES, FLAG_WEIGHTS, type FlagState } from '../data/flags.js';
import { PORTS } from '../data/ports.js';
import { VESSEL_TYPES, VESSEL_TYPE_WEIGHTS, type VesselType, type VesselTypeProfile } from '../data/vessel-types.js';
import { makeImo } from '../identity/imo.js';
import { makeMmsi, midOf } from '../identity/mmsi.js';
import { callSign, vesselName } from './vessel-names.js';

/** A vessel as registered at the start of a scenario (later metadata updates may change it). */
export interface Vessel {
  /** Position in the registry, 0-based. */
  readonly index: number;
  readonly mmsi: number;
  /** Null for small craft, which carry no IMO number (IMO numbers are for ships >= 100 GT). */
  readonly imo: number | null;
  readonly name: string;
  readonly callSign: string;
  readonly type: VesselType;
  readonly flag: string;
  readonly lengthM: number;
  readonly beamM: number;
  readonly draftM: number;
  readonly buildYear: number;
  /** Service speed in knots: voyages cruise at this, give or take a few percent. */
  readonly serviceSpeedKn: number;
  /** UN/LOCODE of the port where its timeline starts. */
  readonly homePort: string;
}

export interface RegistryOptions {
  seed: number;
  /** Number of vessels, default 100,000, at most 500,000 (the IMO numbers we can make unique). */
  size?: number;
  /** Build years are at most this; default 2026. */
  asOfYear?: number;
}

export const DEFAULT_REGISTRY_SIZE = 100_000;
export const MAX_REGISTRY_SIZE = 500_000;
const MMSI_SUFFIXES = 1_000_000;
const IMO_BASE = 500_000;

const round1 = (x: number): number => Math.round(x * 10) / 10;

function hasImo(type: VesselType, lengthM: number): boolean {
  if (type === 'pilot' || type === 'pleasure_craft' || type === 'sailing') return false;
  if (type === 'fishing' || type === 'tug') return lengthM >= 24;
  return true;
}

/**
 * The fleet, generated on demand by index: vessel i depends only on (seed, i), so the
 * synthesizer can use vessel 73,512 without building the 73,511 before it. MMSI suffixes
 * and IMO numbers come from seeded bijections of the index, which makes both unique and
 * lets `byMmsi` find a vessel by inverting the bijection.
 */
export class VesselRegistry {
  readonly seed: number;
  readonly size: number;
  readonly asOfYear: number;
  private readonly mmsiSuffix: Permutation;
  private readonly imoSerial: Permutation;

  constructor(options: RegistryOptions) {
    const size = options.size ?? DEFAULT_REGISTRY_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_REGISTRY_SIZE) {
      throw new RangeError(`registry size must be an integer in [1, ${MAX_REGISTRY_SIZE}], got ${size}`);
    }
    this.seed = options.seed >>> 0;
    this.size = size;
    this.asOfYear = options.asOfYear ?? 2026;
    this.mmsiSuffix = new Permutation(MMSI_SUFFIXES, this.seed ^ 0x5a5a5a5a);
    this.imoSerial = new Permutation(IMO_BASE, this.seed ^ 0x3c3c3c3c);
  }

  get(index: number): Vessel {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`vessel index ${index} outside [0, ${this.size})`);
    }
    const rng = new Rng(this.seed, 'vessel', index);
    const profile = VESSEL_TYPES[rng.weightedIndex(VESSEL_TYPE_WEIGHTS)] as VesselTypeProfile;
    const flag = FLAG_STATES[rng.weightedIndex(FLAG_WEIGHTS)] as FlagState;
    const mid = rng.pick(flag.mids);
    const [lLo, lHi] = profile.lengthM;
    // Mean of two uniforms: mid-sized ships are commoner than the extremes.
    const sizeFactor = (rng.next() + rng.next()) / 2;
    const lengthM = round1(lLo + (lHi - lLo) * sizeFactor);
    const beamM = round1(lengthM * rng.range(profile.beamRatio[0], profile.beamRatio[1]));
    const [dLo, dHi] = profile.draftM;
    const draftM = round1(dLo + (dHi - dLo) * Math.min(1, 0.7 * sizeFactor + 0.3 * rng.next()));
    const [sLo, sHi] = profile.serviceKn;
    const serviceSpeedKn = round1(sLo + (sHi - sLo) * Math.min(1, 0.5 * sizeFactor + 0.5 * rng.next()));
    const age = Math.floor(rng.next() ** 1.3 * profile.maxAgeYears);
    const name = vesselName(rng, profile.type);
    const sign = callSign(rng, flag.callSignPrefixes);
    const homePort = rng.pick(PORTS).locode;
    return {
      index,
      mmsi: makeMmsi(mid, this.mmsiSuffix.apply(index % MMSI_SUFFIXES)),
      imo: hasImo(profile.type, lengthM) ? makeImo(IMO_BASE + this.imoSerial.apply(index)) : null,
      name,
      callSign: sign,
      type: profile.type,
      flag: flag.country,
      lengthM,
      beamM,
      draftM,
      buildYear: this.asOfYear - age,
      serviceSpeedKn,
      homePort,
    };
  }

  byMmsi(mmsi: number): Vessel | undefined {
    if (!Number.isInteger(mmsi) || mmsi < 0) return undefined;
    const index = this.mmsiSuffix.invert(mmsi % MMSI_SUFFIXES);
    if (index >= this.size) return undefined;
    const v = this.get(index);
    return v.mmsi === mmsi && midOf(v.mmsi) === midOf(mmsi) ? v : undefined;
  }

  *[Symbol.iterator](): IterableIterator<Vessel> {
    for (let i = 0; i < this.size; i++) yield this.get(i);
  }
}
