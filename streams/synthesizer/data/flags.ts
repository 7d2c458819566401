/**
 * Flag states with their ITU Maritime Identification Digits (the first three digits of a
 * ship station MMSI) and ITU call-sign prefixes. `weight` is the flag's rough share of the
 * world merchant fleet, so open registries (Panama, Liberia, Marshall Islands) dominate as
 * they do in real AIS traffic.
 */
export interface FlagState {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly name: string;
  readonly mids: readonly number[];
  readonly callSignPrefixes: readonly string[];
  readonly weight: number;
}

export const FLAG_STATES: readonly FlagState[] = [
  {
    country: 'PA',
    name: 'Panama',
    mids: [351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373],
    callSignPrefixes: ['3E', 'HO', 'HP', '3F'],
    weight: 16,
  },
  { country: 'LR', name: 'Liberia', mids: [636, 637], callSignPrefixes: ['A8', 'D5', '5L'], weight: 14 },
  { country: 'MH', name: 'Marshall Islands', mids: [538], callSignPrefixes: ['V7'], weight: 12 },
  { country: 'HK', name: 'Hong Kong', mids: [477], callSignPrefixes: ['VR'], weight: 8 },
  { country: 'SG', name: 'Singapore', mids: [563, 564, 565, 566], callSignPrefixes: ['9V', 'S6'], weight: 7 },
  { country: 'MT', name: 'Malta', mids: [215, 229, 248, 249, 256], callSignPrefixes: ['9H'], weight: 5 },
  { country: 'CN', name: 'China', mids: [412, 413, 414], callSignPrefixes: ['BO', 'BP', 'BQ', 'BR'], weight: 5 },
  { country: 'BS', name: 'Bahamas', mids: [308, 309, 311], callSignPrefixes: ['C6'], weight: 4 },
  { country: 'GR', name: 'Greece', mids: [237, 239, 240, 241], callSignPrefixes: ['SV', 'SX', 'SZ'], weight: 3 },
  { country: 'JP', name: 'Japan', mids: [431, 432], callSignPrefixes: ['JA', 'JD', 'JG', '7K'], weight: 2 },
  { country: 'CY', name: 'Cyprus', mids: [209, 210, 212], callSignPrefixes: ['5B', 'C4', 'H2'], weight: 2 },
  { country: 'NO', name: 'Norway', mids: [257, 258, 259], callSignPrefixes: ['LA', 'LF', 'LJ', 'LK'], weight: 2 },
  { country: 'PT', name: 'Portugal', mids: [263, 255], callSignPrefixes: ['CQ', 'CS', 'CT'], weight: 2 },
  {
    country: 'GB',
    name: 'United Kingdom',
    mids: [232, 233, 234, 235],
    callSignPrefixes: ['MA', 'GB', 'ZC', '2A'],
    weight: 1.5,
  },
  { country: 'DK', name: 'Denmark', mids: [219, 220], callSignPrefixes: ['OU', 'OW', 'OX', 'OZ'], weight: 1.5 },
  { country: 'IN', name: 'India', mids: [419], callSignPrefixes: ['AT', 'AU', 'VT', 'VW'], weight: 1.2 },
  { country: 'KR', name: 'South Korea', mids: [440, 441], callSignPrefixes: ['DS', 'DT', 'D7', 'D8'], weight: 1.2 },
  { country: 'ID', name: 'Indonesia', mids: [525], callSignPrefixes: ['PK', 'PM', 'PN', 'YB'], weight: 1.2 },
  { country: 'IT', name: 'Italy', mids: [247], callSignPrefixes: ['IB', 'IC', 'IZ'], weight: 1 },
  { country: 'DE', name: 'Germany', mids: [211, 218], callSignPrefixes: ['DA', 'DC', 'DF', 'DJ'], weight: 1 },
  {
    country: 'US',
    name: 'United States',
    mids: [338, 366, 367, 368, 369],
    callSignPrefixes: ['WD', 'WC', 'KC', 'WDC'],
    weight: 1,
  },
  {
    country: 'NL',
    name: 'Netherlands',
    mids: [244, 245, 246],
    callSignPrefixes: ['PA', 'PB', 'PC', 'PD', 'PH'],
    weight: 1,
  },
  { country: 'TR', name: 'Turkey', mids: [271], callSignPrefixes: ['TC', 'YM'], weight: 0.8 },
  { country: 'BE', name: 'Belgium', mids: [205], callSignPrefixes: ['OR', 'OO', 'OT'], weight: 0.6 },
  { country: 'MY', name: 'Malaysia', mids: [533], callSignPrefixes: ['9M', '9W'], weight: 0.6 },
  { country: 'VN', name: 'Vietnam', mids: [574], callSignPrefixes: ['3W', 'XV'], weight: 0.6 },
  { country: 'RU', name: 'Russia', mids: [273], callSignPrefixes: ['UB', 'UA', 'UF', 'UH'], weight: 0.6 },
  { country: 'FR', name: 'France', mids: [226, 227, 228], callSignPrefixes: ['FM', 'FN', 'FQ'], weight: 0.5 },
  { country: 'AE', name: 'United Arab Emirates', mids: [470, 471], callSignPrefixes: ['A6'], weight: 0.5 },
  { country: 'SA', name: 'Saudi Arabia', mids: [403], callSignPrefixes: ['HZ', '7Z'], weight: 0.4 },
  { country: 'TW', name: 'Taiwan', mids: [416], callSignPrefixes: ['BI', 'BV'], weight: 0.4 },
  { country: 'PH', name: 'Philippines', mids: [548], callSignPrefixes: ['DU', 'DV', 'DY', '4D'], weight: 0.4 },
  { country: 'TH', name: 'Thailand', mids: [567], callSignPrefixes: ['HS', 'E2'], weight: 0.3 },
  { country: 'ES', name: 'Spain', mids: [224, 225], callSignPrefixes: ['EA', 'EB', 'EC'], weight: 0.3 },
  { country: 'SE', name: 'Sweden', mids: [265, 266], callSignPrefixes: ['SB', 'SE', 'SF', 'SL'], weight: 0.3 },
  { country: 'FI', name: 'Finland', mids: [230], callSignPrefixes: ['OH', 'OI', 'OJ'], weight: 0.2 },
  { country: 'CA', name: 'Canada', mids: [316], callSignPrefixes: ['CF', 'CG', 'VC', 'VO'], weight: 0.2 },
  { country: 'AU', name: 'Australia', mids: [503], callSignPrefixes: ['VJ', 'VH', 'VM'], weight: 0.2 },
  { country: 'BR', name: 'Brazil', mids: [710], callSignPrefixes: ['PP', 'PQ', 'PS'], weight: 0.2 },
  { country: 'AG', name: 'Antigua and Barbuda', mids: [304, 305], callSignPrefixes: ['V2'], weight: 0.4 },
  {
    country: 'VC',
    name: 'Saint Vincent and the Grenadines',
    mids: [375, 376, 377],
    callSignPrefixes: ['J8'],
    weight: 0.3,
  },
  { country: 'BZ', name: 'Belize', mids: [312], callSignPrefixes: ['V3'], weight: 0.2 },
  { country: 'GI', name: 'Gibraltar', mids: [236], callSignPrefixes: ['ZD'], weight: 0.1 },
  { country: 'IE', name: 'Ireland', mids: [250], callSignPrefixes: ['EI', 'EJ'], weight: 0.1 },
  { country: 'PL', name: 'Poland', mids: [261], callSignPrefixes: ['SP', 'SQ'], weight: 0.1 },
  { country: 'EG', name: 'Egypt', mids: [622], callSignPrefixes: ['SU', '6A'], weight: 0.1 },
  { country: 'NG', name: 'Nigeria', mids: [657], callSignPrefixes: ['5N'], weight: 0.1 },
  { country: 'ZA', name: 'South Africa', mids: [601], callSignPrefixes: ['ZR', 'ZS'], weight: 0.1 },
  { country: 'MX', name: 'Mexico', mids: [345], callSignPrefixes: ['XC', 'XA'], weight: 0.1 },
  { country: 'AR', name: 'Argentina', mids: [701], callSignPrefixes: ['LW', 'LO'], weight: 0.1 },
  { country: 'CL', name: 'Chile', mids: [725], callSignPrefixes: ['CA', 'CB'], weight: 0.1 },
  { country: 'NZ', name: 'New Zealand', mids: [512], callSignPrefixes: ['ZM', 'ZK'], weight: 0.1 },
  { country: 'PE', name: 'Peru', mids: [760], callSignPrefixes: ['OA', 'OB'], weight: 0.05 },
  { country: 'LK', name: 'Sri Lanka', mids: [417], callSignPrefixes: ['4R'], weight: 0.05 },
  { country: 'PK', name: 'Pakistan', mids: [463], callSignPrefixes: ['AP'], weight: 0.05 },
  { country: 'BD', name: 'Bangladesh', mids: [405], callSignPrefixes: ['S2'], weight: 0.05 },
  { country: 'TG', name: 'Togo', mids: [671], callSignPrefixes: ['5V'], weight: 0.1 },
  { country: 'KM', name: 'Comoros', mids: [616, 620], callSignPrefixes: ['D6'], weight: 0.1 },
  { country: 'TV', name: 'Tuvalu', mids: [572], callSignPrefixes: ['T2'], weight: 0.05 },
];

const BY_MID = new Map<number, FlagState>();
const BY_COUNTRY = new Map<string, FlagState>();
for (const f of FLAG_STATES) {
  BY_COUNTRY.set(f.country, f);
  for (const mid of f.mids) BY_MID.set(mid, f);
}

export function flagByMid(mid: number): FlagState | undefined {
  return BY_MID.get(mid);
}

export function flagByCountry(country: string): FlagState | undefined {
  return BY_COUNTRY.get(country);
}

export const FLAG_WEIGHTS: readonly number[] = FLAG_STATES.map((f) => f.weight);
