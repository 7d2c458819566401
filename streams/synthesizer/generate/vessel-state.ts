import { hash01, Rng } from '../core/prng.js';
import type { Micros } from '../core/time.js';
import { FLAG_STATES, FLAG_WEIGHTS, type FlagState } from '../data/flags.js';
import { vesselTypeProfile } from '../data/vessel-types.js';
import type { Vessel } from '../registry/vessel-registry.js';
import { callSign, vesselName } from '../registry/vessel-names.js';

/** The slowly changing attributes of a vessel (the vessel_metadata dimension). */
export interface VesselState {
  readonly name: string;
  readonly callSign: string;
  readonly flag: string;
  readonly draftM: number;
}

export type UpdateKind = 'rename' | 'reflag' | 'draught';

export function initialState(v: Vessel): VesselState {
  return { name: v.name, callSign: v.callSign, flag: v.flag, draftM: v.draftM };
}

/**
 * Applies metadata update number j of a vessel. Kinds follow what AIS static data really
 * shows changing: the voyage draught most often, renames after a sale, and reflagging
 * (new flag and call sign). A reflag keeps the MMSI here, as many transponders go
 * unreprogrammed for a while; the sync keys on MMSI, so a new MMSI would be a new vessel.
 */
export function applyUpdate(
  seed: number,
  v: Vessel,
  j: number,
  prev: VesselState,
): { kind: UpdateKind; state: VesselState } {
  const rng = new Rng(seed, 'metadata-update', v.index, j);
  const x = rng.next();
  if (x < 0.45) {
    const profile = vesselTypeProfile(v.type);
    let draftM = Math.round(rng.range(profile.draftM[0], Math.max(profile.draftM[0], v.draftM)) * 10) / 10;
    if (draftM === prev.draftM) draftM = Math.round((draftM + 0.3) * 10) / 10;
    return { kind: 'draught', state: { ...prev, draftM } };
  }
  if (x < 0.8) {
    let name = vesselName(rng, v.type);
    for (let i = 0; i < 5 && name === prev.name; i++) name = vesselName(rng, v.type);
    return { kind: 'rename', state: { ...prev, name } };
  }
  let flag: FlagState = FLAG_STATES[rng.weightedIndex(FLAG_WEIGHTS)] as FlagState;
  for (let i = 0; i < 5 && flag.country === prev.flag; i++)
    flag = FLAG_STATES[rng.weightedIndex(FLAG_WEIGHTS)] as FlagState;
  return { kind: 'reflag', state: { ...prev, flag: flag.country, callSign: callSign(rng, flag.callSignPrefixes) } };
}

/** When metadata update j of a vessel happens; undefined once a vessel has no more. */
export type UpdateSchedule = (j: number) => Micros | undefined;

/**
 * `count` updates spread evenly (with jitter) over (from, to): strictly increasing,
 * all after the vessel's initial row and before the window end.
 */
export function stratifiedSchedule(
  seed: number,
  order: number,
  count: number,
  from: Micros,
  to: Micros,
): UpdateSchedule {
  const span = to - from - 1;
  let last = from;
  let lastJ = -1;
  return (j) => {
    if (j >= count || span < 1) return undefined;
    if (j !== lastJ + 1) throw new Error('update schedule must be read in order');
    const h = 0.05 + 0.9 * hash01(seed, 'metadata-time', order, j);
    let t = from + 1 + Math.floor(((j + h) / count) * span);
    if (t <= last) t = last + 1;
    last = t;
    lastJ = j;
    return t;
  };
}

/** Unbounded updates at a mean rate (exponential gaps), for live mode. */
export function poissonSchedule(seed: number, order: number, perMicro: number, from: Micros): UpdateSchedule {
  let last = from;
  let lastJ = -1;
  return (j) => {
    if (perMicro <= 0) return undefined;
    if (j !== lastJ + 1) throw new Error('update schedule must be read in order');
    const u = hash01(seed, 'metadata-gap', order, j);
    last = last + 1 + Math.floor(-Math.log(1 - u) / perMicro);
    lastJ = j;
    return last;
  };
}

/** Walks one vessel's metadata versions in time order. */
export class VesselStateCursor {
  private j = 0;
  private nextAt: Micros | undefined;
  state: VesselState;
  lastKind: UpdateKind | 'initial' = 'initial';

  constructor(
    private readonly seed: number,
    readonly vessel: Vessel,
    private readonly schedule: UpdateSchedule,
  ) {
    this.state = initialState(vessel);
    this.nextAt = schedule(0);
  }

  /** Time of the next update, or undefined. */
  get nextUpdateAt(): Micros | undefined {
    return this.nextAt;
  }

  /** Applies the next update; returns its time. */
  applyNext(): Micros {
    const at = this.nextAt;
    if (at === undefined) throw new Error('no more updates');
    const { kind, state } = applyUpdate(this.seed, this.vessel, this.j, this.state);
    this.state = state;
    this.lastKind = kind;
    this.j += 1;
    this.nextAt = this.schedule(this.j);
    return at;
  }

  /** Applies every update at or before t, so `state` is the version in force at t. */
  advanceTo(t: Micros): VesselState {
    while (this.nextAt !== undefined && this.nextAt <= t) this.applyNext();
    return this.state;
  }
}
