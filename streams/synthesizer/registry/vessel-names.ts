import { faker } from '@faker-js/faker';
import type { Rng } from '../core/prng.js';
import type { VesselType } from '../data/vessel-types.js';

/**
 * Ship names in the style AIS shows them: upper case, Latin letters, digits and spaces,
 * at most 20 characters (the AIS static-data name field). Person and place names come
 * from faker's English word lists; the maritime words are our own.
 */
export const AIS_NAME_MAX = 20;

const ADJECTIVES = [
  'GOLDEN',
  'SILVER',
  'BLUE',
  'GREAT',
  'BRIGHT',
  'SWIFT',
  'NOBLE',
  'ROYAL',
  'GRAND',
  'BRAVE',
  'LUCKY',
  'CALM',
  'FAIR',
  'NORTHERN',
  'SOUTHERN',
  'EASTERN',
  'WESTERN',
  'ETERNAL',
  'FREE',
  'GLORIOUS',
  'HAPPY',
  'MIGHTY',
  'PROUD',
  'RADIANT',
  'SERENE',
  'STEADY',
  'TRUE',
  'VALIANT',
  'WISE',
  'CRYSTAL',
  'EMERALD',
  'SAPPHIRE',
  'AMBER',
  'IVORY',
  'CRIMSON',
  'JADE',
  'PEARL',
  'SILENT',
  'ENDLESS',
  'RISING',
];
const NOUNS = [
  'HORIZON',
  'STAR',
  'WAVE',
  'WIND',
  'OCEAN',
  'HARMONY',
  'DAWN',
  'SPIRIT',
  'PRIDE',
  'FORTUNE',
  'GLORY',
  'VOYAGER',
  'EXPLORER',
  'PIONEER',
  'NAVIGATOR',
  'MARINER',
  'TRADER',
  'CARRIER',
  'VENTURE',
  'EAGLE',
  'FALCON',
  'DOLPHIN',
  'ORCA',
  'ALBATROSS',
  'PHOENIX',
  'DRAGON',
  'LION',
  'TIGER',
  'CROWN',
  'BRIDGE',
  'ANCHOR',
  'COMPASS',
  'BEACON',
  'LEGEND',
  'DREAM',
  'JOURNEY',
  'PROMISE',
  'TRIUMPH',
  'UNITY',
  'VICTORY',
  'CORAL',
  'LOTUS',
  'ORCHID',
  'SUMMIT',
  'CAPE',
  'ISLAND',
  'RIVER',
  'TIDE',
  'CURRENT',
  'HARBOUR',
];
const PREFIXES = [
  'NORDIC',
  'PACIFIC',
  'ATLANTIC',
  'OCEAN',
  'SEA',
  'GLOBAL',
  'ORIENT',
  'BALTIC',
  'AEGEAN',
  'ARCTIC',
  'POLAR',
  'ASIAN',
  'EURO',
  'AFRICAN',
  'MARE',
  'TRANS',
  'CAPE',
  'GULF',
  'INDIAN',
  'CARIBBEAN',
  'MED',
];
const SUFFIXES = [
  'TRADER',
  'SPIRIT',
  'EXPRESS',
  'VOYAGER',
  'PIONEER',
  'CARRIER',
  'LEADER',
  'BRIDGE',
  'STAR',
  'QUEEN',
  'PRINCESS',
  'HIGHWAY',
  'GLORY',
  'PRIDE',
  'FORTUNE',
  'JOURNEY',
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

// faker's word lists, reduced to names that survive AIS's character set.
function cleanList(words: readonly string[] | null | undefined, fallback: readonly string[]): readonly string[] {
  const out = (words ?? []).map((w) => w.toUpperCase()).filter((w) => /^[A-Z]+( [A-Z]+)?$/.test(w) && w.length <= 12);
  return out.length > 0 ? out : fallback;
}

const defs = faker.rawDefinitions;
const FIRST_NAMES = cleanList(defs.person?.first_name?.female, ['MARIA', 'ANNA', 'ELENA']);
const LAST_NAMES = cleanList(defs.person?.last_name?.generic, ['HANSEN', 'SMITH', 'RIVERA']);
const CITIES = cleanList(defs.location?.city_name, ['BRISTOL', 'MADISON', 'AURORA']);

function fit(name: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  if (n.length <= AIS_NAME_MAX) return n;
  // Cut at a word boundary when possible; AIS transponders truncate, crews abbreviate.
  const cut = n.slice(0, AIS_NAME_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > 8 ? cut.slice(0, space) : cut).trim();
}

export function vesselName(rng: Rng, type: VesselType): string {
  if (type === 'pilot') return `PILOT ${1 + rng.int(99)}`;
  if (type === 'tug' && rng.chance(0.5)) return fit(`${rng.pick(LAST_NAMES)} ${1 + rng.int(30)}`);
  if (type === 'fishing' && rng.chance(0.4))
    return fit(`${rng.pick(FIRST_NAMES)} ${rng.pick(['MAY', 'ANN', 'JANE', 'MARIE', 'LOU'])}`);
  const pattern = rng.int(6);
  switch (pattern) {
    case 0:
      return fit(`${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
    case 1:
      return fit(`${rng.pick(PREFIXES)} ${rng.pick(NOUNS)}`);
    case 2: {
      const first = rng.pick(FIRST_NAMES);
      return fit(rng.chance(0.4) ? `${first} ${rng.pick(ROMAN)}` : first);
    }
    case 3:
      return fit(`${rng.pick(LAST_NAMES)} ${rng.pick(SUFFIXES)}`);
    case 4:
      return fit(`${rng.pick(CITIES)} ${rng.pick(SUFFIXES)}`);
    default:
      return fit(`${rng.pick(PREFIXES)} ${rng.pick(FIRST_NAMES)}`);
  }
}

const CALL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ITU-style call sign: the flag's prefix, then letters and a digit, 4 to 7 characters. */
export function callSign(rng: Rng, prefixes: readonly string[]): string {
  const prefix = rng.pick(prefixes);
  let s = prefix;
  const letters = prefix.length >= 3 ? 1 : 2;
  for (let i = 0; i < letters; i++) s += CALL_CHARS[rng.int(CALL_CHARS.length)];
  s += String(rng.int(10));
  if (rng.chance(0.5) && s.length < 7) s += String(rng.int(10));
  return s;
}
