/**
 * Vessel classes with the dimensions, speeds and port habits that make their tracks look
 * like their real counterparts. Ranges come from typical fleet figures (e.g. a 400 m
 * container ship draws ~16 m and steams at ~18-22 kn; a harbour tug is 25-40 m).
 */
export type VesselType =
  | 'container'
  | 'tanker'
  | 'bulk_carrier'
  | 'cargo'
  | 'ro_ro'
  | 'passenger'
  | 'fishing'
  | 'tug'
  | 'pilot'
  | 'sailing'
  | 'pleasure_craft';

/** How far a type trades: drives how distant its next port may be. */
export type TradeRange = 'deep_sea' | 'short_sea' | 'local';

export interface VesselTypeProfile {
  readonly type: VesselType;
  /** Share of the registry. */
  readonly weight: number;
  readonly lengthM: readonly [number, number];
  /** Beam as a fraction of length. */
  readonly beamRatio: readonly [number, number];
  readonly draftM: readonly [number, number];
  /** Service speed range, knots. */
  readonly serviceKn: readonly [number, number];
  readonly trade: TradeRange;
  /** Typical time alongside per call, hours. */
  readonly berthHours: readonly [number, number];
  /** Probability of waiting at anchor before berthing. */
  readonly anchorProbability: number;
  readonly anchorHours: readonly [number, number];
  /** AIS navigational status while moving. */
  readonly movingStatus: 'under_way_using_engine' | 'under_way_sailing' | 'engaged_in_fishing';
  /** Build years are drawn from [now - maxAge, now]. */
  readonly maxAgeYears: number;
}

export const VESSEL_TYPES: readonly VesselTypeProfile[] = [
  {
    type: 'container',
    weight: 12,
    lengthM: [140, 400],
    beamRatio: [0.13, 0.16],
    draftM: [9, 16],
    serviceKn: [17, 23],
    trade: 'deep_sea',
    berthHours: [10, 36],
    anchorProbability: 0.25,
    anchorHours: [2, 24],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 25,
  },
  {
    type: 'tanker',
    weight: 16,
    lengthM: [100, 333],
    beamRatio: [0.16, 0.19],
    draftM: [7, 22],
    serviceKn: [12, 16],
    trade: 'deep_sea',
    berthHours: [18, 48],
    anchorProbability: 0.5,
    anchorHours: [4, 72],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 30,
  },
  {
    type: 'bulk_carrier',
    weight: 16,
    lengthM: [120, 300],
    beamRatio: [0.15, 0.18],
    draftM: [8, 18],
    serviceKn: [12, 15],
    trade: 'deep_sea',
    berthHours: [24, 96],
    anchorProbability: 0.6,
    anchorHours: [6, 96],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 30,
  },
  {
    type: 'cargo',
    weight: 18,
    lengthM: [70, 190],
    beamRatio: [0.14, 0.17],
    draftM: [4.5, 10],
    serviceKn: [11, 16],
    trade: 'short_sea',
    berthHours: [12, 48],
    anchorProbability: 0.4,
    anchorHours: [2, 36],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 35,
  },
  {
    type: 'ro_ro',
    weight: 4,
    lengthM: [140, 230],
    beamRatio: [0.14, 0.17],
    draftM: [6.5, 10],
    serviceKn: [16, 20],
    trade: 'short_sea',
    berthHours: [6, 18],
    anchorProbability: 0.1,
    anchorHours: [1, 12],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 25,
  },
  {
    type: 'passenger',
    weight: 6,
    lengthM: [60, 360],
    beamRatio: [0.12, 0.16],
    draftM: [4, 9],
    serviceKn: [16, 22],
    trade: 'short_sea',
    berthHours: [2, 12],
    anchorProbability: 0.05,
    anchorHours: [1, 6],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 35,
  },
  {
    type: 'fishing',
    weight: 12,
    lengthM: [15, 90],
    beamRatio: [0.2, 0.26],
    draftM: [2.5, 7],
    serviceKn: [8, 12],
    trade: 'local',
    berthHours: [6, 48],
    anchorProbability: 0.15,
    anchorHours: [1, 12],
    movingStatus: 'engaged_in_fishing',
    maxAgeYears: 40,
  },
  {
    type: 'tug',
    weight: 8,
    lengthM: [20, 45],
    beamRatio: [0.3, 0.38],
    draftM: [3, 6],
    serviceKn: [10, 13],
    trade: 'local',
    berthHours: [1, 8],
    anchorProbability: 0.05,
    anchorHours: [1, 4],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 40,
  },
  {
    type: 'pilot',
    weight: 2,
    lengthM: [12, 25],
    beamRatio: [0.28, 0.34],
    draftM: [1.5, 3],
    serviceKn: [16, 22],
    trade: 'local',
    berthHours: [0.5, 3],
    anchorProbability: 0,
    anchorHours: [1, 2],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 30,
  },
  {
    type: 'sailing',
    weight: 3,
    lengthM: [10, 60],
    beamRatio: [0.2, 0.3],
    draftM: [1.8, 5],
    serviceKn: [5, 9],
    trade: 'short_sea',
    berthHours: [4, 48],
    anchorProbability: 0.3,
    anchorHours: [2, 24],
    movingStatus: 'under_way_sailing',
    maxAgeYears: 50,
  },
  {
    type: 'pleasure_craft',
    weight: 3,
    lengthM: [8, 40],
    beamRatio: [0.22, 0.3],
    draftM: [1, 3.5],
    serviceKn: [9, 20],
    trade: 'local',
    berthHours: [2, 24],
    anchorProbability: 0.3,
    anchorHours: [1, 8],
    movingStatus: 'under_way_using_engine',
    maxAgeYears: 40,
  },
];

const BY_TYPE = new Map<VesselType, VesselTypeProfile>(VESSEL_TYPES.map((p) => [p.type, p]));

export function vesselTypeProfile(type: VesselType): VesselTypeProfile {
  const p = BY_TYPE.get(type);
  if (!p) throw new RangeError(`unknown vessel type ${type}`);
  return p;
}

export const VESSEL_TYPE_WEIGHTS: readonly number[] = VESSEL_TYPES.map((p) => p.weight);
