/**
 * Major world ports. Coordinates are the container/cargo terminals (to ~0.01 degree),
 * written from published positions, not the city centres, so that a moored vessel sits at
 * the waterline. `nodes` are the sea-lane waypoints (see sea-lanes.ts) a ship uses to reach
 * open water; `via` lists the channel points from that waypoint in to the berth, for ports
 * up rivers or behind islands (Hamburg, Baltimore, Seattle, ...).
 */
export interface Port {
  /** UN/LOCODE: ISO 3166-1 country code + three characters. */
  readonly locode: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly nodes: readonly string[];
  readonly via?: readonly (readonly [number, number])[];
}

type Via = (readonly [number, number])[];
const P = (locode: string, name: string, lat: number, lon: number, nodes: string[], via?: Via): Port => {
  const base = { locode, name, country: locode.slice(0, 2), lat, lon, nodes };
  return via ? { ...base, via } : base;
};

export const PORTS: readonly Port[] = [
  // North-West Europe
  P('NLRTM', 'Rotterdam', 51.95, 4.05, ['NSEA_S']),
  P(
    'BEANR',
    'Antwerp',
    51.28,
    4.33,
    ['NSEA_S'],
    [
      [51.47, 3.45],
      [51.42, 3.8],
      [51.35, 4.2],
    ],
  ),
  P(
    'DEHAM',
    'Hamburg',
    53.54,
    9.93,
    ['GBIGHT'],
    [
      [54.0, 8.3],
      [53.88, 8.75],
      [53.88, 9.15],
      [53.7, 9.5],
    ],
  ),
  P('DEBRV', 'Bremerhaven', 53.57, 8.55, ['GBIGHT'], [[53.85, 8.1]]),
  P('GBFXT', 'Felixstowe', 51.95, 1.33, ['NSEA_S']),
  P('GBLGP', 'London Gateway', 51.5, 0.48, ['NSEA_S'], [[51.58, 1.25]]),
  P(
    'GBSOU',
    'Southampton',
    50.9,
    -1.4,
    ['DOVER', 'CHANNEL_W'],
    [
      [50.3, -0.9],
      [50.68, -1.0],
      [50.78, -1.2],
    ],
  ),
  P('FRLEH', 'Le Havre', 49.48, 0.1, ['DOVER', 'CHANNEL_W'], [[49.75, -0.5]]),
  P('FRDKK', 'Dunkirk', 51.05, 2.35, ['NSEA_S', 'DOVER']),
  P('BEZEE', 'Zeebrugge', 51.33, 3.2, ['NSEA_S']),
  P('GBIMM', 'Immingham', 53.63, -0.19, ['NSEA_S']),
  P('GBLIV', 'Liverpool', 53.45, -3.02, ['IRISH_C']),
  P('IEDUB', 'Dublin', 53.35, -6.2, ['IRISH_C']),
  P('NOBGO', 'Bergen', 60.4, 5.31, ['NSEA_N'], [[60.35, 4.9]]),
  P(
    'NOOSL',
    'Oslo',
    59.9,
    10.73,
    ['SKAGERRAK'],
    [
      [59.0, 10.55],
      [59.6, 10.62],
    ],
  ),
  P('SEGOT', 'Gothenburg', 57.69, 11.85, ['SKAW']),
  P('DKAAR', 'Aarhus', 56.15, 10.23, ['KATTEGAT'], [[56.05, 10.6]]),
  P('DKCPH', 'Copenhagen', 55.7, 12.6, ['SOUND_N', 'SOUND_S']),
  P(
    'PLGDN',
    'Gdansk',
    54.4,
    18.67,
    ['BALTIC_S'],
    [
      [54.9, 19.0],
      [54.5, 18.9],
    ],
  ),
  P('FIHEL', 'Helsinki', 60.15, 24.95, ['GULF_FIN']),
  P('EETLL', 'Tallinn', 59.45, 24.77, ['GULF_FIN']),
  P(
    'RULED',
    'Saint Petersburg',
    59.88,
    30.2,
    ['GULF_FIN'],
    [
      [59.95, 26.5],
      [60.05, 29.0],
    ],
  ),
  // Atlantic Iberia and Morocco
  P('ESBIO', 'Bilbao', 43.36, -3.05, ['BISCAY']),
  P('PTLIS', 'Lisbon', 38.7, -9.15, ['PORTUGAL_W'], [[38.62, -9.35]]),
  P('PTSIE', 'Sines', 37.95, -8.87, ['PORTUGAL_W', 'ST_VINCENT']),
  P('MACAS', 'Casablanca', 33.61, -7.61, ['ST_VINCENT']),
  P('ESLPA', 'Las Palmas', 28.14, -15.42, ['CANARIES']),
  // Mediterranean
  P('ESALG', 'Algeciras', 36.13, -5.43, ['GIBRALTAR']),
  P('MAPTM', 'Tanger Med', 35.89, -5.5, ['GIBRALTAR']),
  P('ESVLC', 'Valencia', 39.45, -0.32, ['BALEARIC_N']),
  P('ESBCN', 'Barcelona', 41.35, 2.17, ['BALEARIC_N']),
  P('DZALG', 'Algiers', 36.77, 3.07, ['BALEARIC_S']),
  P('FRMRS', 'Marseille', 43.33, 5.34, ['GULF_LION']),
  P('ITGOA', 'Genoa', 44.4, 8.92, ['LIGURIAN']),
  P('ITSPE', 'La Spezia', 44.1, 9.84, ['LIGURIAN']),
  P('ITLIV', 'Livorno', 43.55, 10.3, ['LIGURIAN', 'TYRRH_N']),
  P('ITNAP', 'Naples', 40.84, 14.27, ['TYRRH']),
  P('ITGIT', 'Gioia Tauro', 38.45, 15.9, ['TYRRH']),
  P('TNTUN', 'Tunis', 36.81, 10.31, ['SICILY_CH'], [[37.3, 10.5]]),
  P('MTMAR', 'Marsaxlokk', 35.82, 14.54, ['MALTA_S']),
  P('ITTRS', 'Trieste', 45.65, 13.76, ['ADRIATIC_N'], [[45.45, 13.4]]),
  P('SIKOP', 'Koper', 45.55, 13.74, ['ADRIATIC_N'], [[45.45, 13.4]]),
  P('GRPIR', 'Piraeus', 37.94, 23.62, ['AEGEAN_W']),
  P('GRSKG', 'Thessaloniki', 40.63, 22.93, ['AEGEAN_N'], [[40.0, 23.0]]),
  P('TRIST', 'Istanbul', 41.01, 28.98, ['MARMARA']),
  P('TRMER', 'Mersin', 36.78, 34.64, ['LEVANT'], [[35.2, 34.95]]),
  P('ILHFA', 'Haifa', 32.82, 35.0, ['LEVANT']),
  P('ILASH', 'Ashdod', 31.82, 34.64, ['LEVANT']),
  P('EGALY', 'Alexandria', 31.19, 29.87, ['LEVANT', 'CRETE_S']),
  P('EGPSD', 'Port Said', 31.26, 32.31, ['PORT_SAID_N']),
  P('EGDAM', 'Damietta', 31.47, 31.76, ['PORT_SAID_N', 'LEVANT']),
  // Black Sea
  P('ROCND', 'Constanta', 44.17, 28.66, ['BLACK_W']),
  P('UAODS', 'Odesa', 46.49, 30.75, ['BLACK_W']),
  P('RUNVS', 'Novorossiysk', 44.72, 37.8, ['BLACK_E']),
  // Red Sea, Gulf, Arabian Sea
  P('SAJED', 'Jeddah', 21.47, 39.17, ['RED_C']),
  P('DJJIB', 'Djibouti', 11.6, 43.13, ['BAB', 'ADEN_W']),
  P('YEADE', 'Aden', 12.79, 44.98, ['ADEN_W']),
  P('OMSLL', 'Salalah', 16.94, 54.0, ['SOCOTRA_N', 'ARABIAN']),
  P('OMSOH', 'Sohar', 24.5, 56.62, ['OMAN_GULF']),
  P('AEFJR', 'Fujairah', 25.17, 56.36, ['OMAN_GULF']),
  P('IRBND', 'Bandar Abbas', 27.14, 56.21, ['HORMUZ']),
  P('AEJEA', 'Jebel Ali', 25.01, 55.06, ['GULF_E']),
  P('AEKHL', 'Khalifa Port', 24.81, 54.65, ['GULF_E']),
  P('QAHMD', 'Hamad Port', 24.99, 51.62, ['GULF_E']),
  P('SADMM', 'Dammam', 26.5, 50.2, ['GULF_C']),
  P('SARTA', 'Ras Tanura', 26.64, 50.16, ['GULF_C']),
  P('KWSWK', 'Shuwaikh', 29.35, 47.93, ['GULF_N']),
  P(
    'IQUQR',
    'Umm Qasr',
    30.03,
    47.95,
    ['GULF_N'],
    [
      [29.6, 48.7],
      [29.85, 48.45],
      [30.0, 48.1],
    ],
  ),
  P('PKKHI', 'Karachi', 24.84, 66.98, ['INDIA_W', 'ARABIAN']),
  // South Asia
  P('INMUN', 'Mundra', 22.74, 69.7, ['INDIA_W'], [[22.55, 69.0]]),
  P('INNSA', 'Nhava Sheva', 18.95, 72.95, ['INDIA_W']),
  P('INCOK', 'Kochi', 9.97, 76.26, ['INDIA_SW']),
  P('LKCMB', 'Colombo', 6.95, 79.84, ['INDIA_SW']),
  P('INMAA', 'Chennai', 13.1, 80.3, ['BENGAL']),
  P('INVTZ', 'Visakhapatnam', 17.69, 83.29, ['BENGAL']),
  P('BDCGP', 'Chittagong', 22.27, 91.8, ['BENGAL']),
  // South-East Asia
  P('MYPEN', 'Penang', 5.41, 100.35, ['MALACCA_N', 'MALACCA_C']),
  P('IDBLW', 'Belawan', 3.78, 98.69, ['MALACCA_N']),
  P('MYPKG', 'Port Klang', 3.0, 101.39, ['MALACCA_C']),
  P('MYTPP', 'Tanjung Pelepas', 1.36, 103.55, ['SINGAPORE_W']),
  P('SGSIN', 'Singapore', 1.26, 103.84, ['SINGAPORE_W', 'SINGAPORE_E']),
  P('THLCH', 'Laem Chabang', 13.08, 100.88, ['GOT']),
  P('VNVUT', 'Vung Tau', 10.34, 107.07, ['SCS_S']),
  P('VNHPH', 'Haiphong', 20.86, 106.68, ['TONKIN']),
  P('PHMNL', 'Manila', 14.59, 120.96, ['SCS_C'], [[14.4, 120.45]]),
  P('IDTPP', 'Tanjung Priok', -6.1, 106.88, ['GASPAR', 'JAVA_NW']),
  P('IDSUB', 'Surabaya', -7.2, 112.73, ['JAVA_SEA'], [[-6.85, 112.6]]),
  // East Asia
  P('HKHKG', 'Hong Kong', 22.3, 114.17, ['SCS_N'], [[22.25, 114.3]]),
  P('CNYTN', 'Yantian', 22.57, 114.27, ['SCS_N'], [[22.45, 114.45]]),
  P('TWKHH', 'Kaohsiung', 22.61, 120.28, ['TAIWAN_S']),
  P('CNXMN', 'Xiamen', 24.45, 118.07, ['TAIWAN_STR', 'TAIWAN_S'], [[24.3, 118.25]]),
  P('TWKEL', 'Keelung', 25.15, 121.74, ['EAST_CHINA']),
  P('CNNGB', 'Ningbo', 29.93, 121.85, ['EAST_CHINA', 'EAST_CHINA_N'], [[29.75, 122.3]]),
  P('CNSHA', 'Shanghai', 30.62, 122.07, ['EAST_CHINA_N']),
  P('CNTAO', 'Qingdao', 36.07, 120.32, ['YELLOW_C']),
  P('CNDLC', 'Dalian', 38.93, 121.65, ['YELLOW_N']),
  P('CNTSN', 'Tianjin', 38.97, 117.8, ['BOHAI']),
  P(
    'KRINC',
    'Incheon',
    37.45,
    126.6,
    ['YELLOW_C'],
    [
      [37.0, 125.6],
      [37.35, 126.3],
    ],
  ),
  P('KRKAN', 'Gwangyang', 34.9, 127.7, ['KOREA_S'], [[34.6, 127.75]]),
  P('KRPUS', 'Busan', 35.1, 129.04, ['KOREA_S', 'TSUSHIMA']),
  P('JPFUK', 'Hakata', 33.61, 130.4, ['TSUSHIMA']),
  P('JPUKB', 'Kobe', 34.67, 135.22, ['JAPAN_S'], [[34.25, 134.95]]),
  P('JPOSA', 'Osaka', 34.64, 135.42, ['JAPAN_S'], [[34.25, 134.95]]),
  P('JPNGO', 'Nagoya', 35.05, 136.85, ['JAPAN_SE'], [[34.5, 136.95]]),
  P('JPYOK', 'Yokohama', 35.45, 139.66, ['TOKYO_OFF'], [[35.2, 139.75]]),
  P('JPTYO', 'Tokyo', 35.62, 139.78, ['TOKYO_OFF'], [[35.2, 139.75]]),
  P('RUVVO', 'Vladivostok', 43.1, 131.88, ['JAPAN_SEA'], [[42.6, 132.0]]),
  // Oceania
  P('AUPHE', 'Port Hedland', -20.31, 118.58, ['AUS_NW']),
  P('AUFRE', 'Fremantle', -32.05, 115.74, ['AUS_W']),
  P(
    'AUMEL',
    'Melbourne',
    -37.84,
    144.92,
    ['BASS'],
    [
      [-38.35, 144.6],
      [-38.1, 144.8],
    ],
  ),
  P('AUSYD', 'Sydney', -33.97, 151.22, ['SYDNEY_OFF']),
  P('AUNTL', 'Newcastle', -32.92, 151.79, ['SYDNEY_OFF']),
  P('AUBNE', 'Brisbane', -27.38, 153.17, ['QLD_OFF'], [[-26.85, 153.3]]),
  P(
    'NZAKL',
    'Auckland',
    -36.84,
    174.77,
    ['NZ_N'],
    [
      [-35.3, 174.6],
      [-36.35, 174.95],
    ],
  ),
  P(
    'NZTRG',
    'Tauranga',
    -37.65,
    176.18,
    ['NZ_N'],
    [
      [-35.3, 174.6],
      [-36.2, 175.95],
      [-37.4, 176.3],
    ],
  ),
  // Africa
  P('SNDKR', 'Dakar', 14.68, -17.43, ['DAKAR']),
  P('CIABJ', 'Abidjan', 5.28, -4.02, ['GUINEA']),
  P('GHTEM', 'Tema', 5.63, 0.01, ['GOG']),
  P('TGLFW', 'Lome', 6.13, 1.28, ['GOG']),
  P('NGAPP', 'Lagos Apapa', 6.44, 3.37, ['GOG']),
  P('CGPNR', 'Pointe-Noire', -4.79, 11.84, ['CONGO']),
  P('AOLAD', 'Luanda', -8.8, 13.24, ['ANGOLA']),
  P('NAWVB', 'Walvis Bay', -22.95, 14.5, ['NAMIBIA']),
  P('ZACPT', 'Cape Town', -33.91, 18.43, ['CAPE_W']),
  P('ZAPLZ', 'Port Elizabeth', -33.96, 25.63, ['ALGOA']),
  P('ZADUR', 'Durban', -29.87, 31.03, ['NATAL']),
  P('ZARCB', 'Richards Bay', -28.8, 32.07, ['NATAL', 'MOZ_S']),
  P('MZMPM', 'Maputo', -25.97, 32.57, ['MOZ_S'], [[-25.8, 33.0]]),
  P('TZDAR', 'Dar es Salaam', -6.83, 39.29, ['EAST_AFRICA'], [[-6.7, 39.5]]),
  P('KEMBA', 'Mombasa', -4.06, 39.66, ['EAST_AFRICA']),
  // North America
  P('CAHAL', 'Halifax', 44.64, -63.56, ['NOVA_SCOTIA']),
  P('USBOS', 'Boston', 42.35, -71.03, ['BOSTON_OFF']),
  P(
    'USNYC',
    'New York',
    40.67,
    -74.04,
    ['NY_OFF'],
    [
      [40.47, -73.85],
      [40.6, -74.05],
    ],
  ),
  P(
    'USBAL',
    'Baltimore',
    39.26,
    -76.58,
    ['HATTERAS'],
    [
      [36.95, -75.95],
      [37.5, -76.15],
      [38.3, -76.3],
      [39.0, -76.4],
    ],
  ),
  P('USORF', 'Norfolk', 36.93, -76.33, ['HATTERAS'], [[36.95, -75.95]]),
  P('USCHS', 'Charleston', 32.78, -79.92, ['CAROLINA']),
  P('USSAV', 'Savannah', 32.08, -81.09, ['CAROLINA'], [[31.95, -80.75]]),
  P('USPEF', 'Port Everglades', 26.09, -80.12, ['FL_E']),
  P('USMIA', 'Miami', 25.77, -80.17, ['FL_E']),
  P('BSFPO', 'Freeport', 26.52, -78.77, ['FL_E']),
  P('USMOB', 'Mobile', 30.69, -88.04, ['GOM_C'], [[30.2, -88.05]]),
  P('USHOU', 'Houston', 29.68, -95.0, ['GOM_C'], [[29.33, -94.7]]),
  P('USCRP', 'Corpus Christi', 27.81, -97.4, ['GOM_C'], [[27.83, -97.05]]),
  P('MXVER', 'Veracruz', 19.2, -96.13, ['GOM_C']),
  P('USLAX', 'Los Angeles', 33.73, -118.26, ['SOCAL']),
  P('USLGB', 'Long Beach', 33.75, -118.21, ['SOCAL']),
  P(
    'USOAK',
    'Oakland',
    37.8,
    -122.32,
    ['SF_OFF'],
    [
      [37.8, -122.6],
      [37.81, -122.48],
    ],
  ),
  P(
    'USSEA',
    'Seattle',
    47.6,
    -122.35,
    ['JUAN_DE_FUCA'],
    [
      [48.3, -124.0],
      [48.2, -123.2],
      [48.1, -122.75],
      [47.9, -122.45],
    ],
  ),
  P(
    'CAVAN',
    'Vancouver',
    49.29,
    -123.1,
    ['JUAN_DE_FUCA'],
    [
      [48.3, -124.0],
      [48.3, -123.25],
      [48.7, -123.2],
      [49.0, -123.3],
    ],
  ),
  P('CAPRR', 'Prince Rupert', 54.31, -130.33, ['HECATE'], [[54.2, -130.6]]),
  P('MXZLO', 'Manzanillo', 19.06, -104.31, ['MEX_PAC']),
  P('MXLZC', 'Lazaro Cardenas', 17.93, -102.18, ['MEX_PAC']),
  // Central and South America
  P('PAMIT', 'Manzanillo International', 9.36, -79.88, ['PANAMA_ATL']),
  P(
    'PABLB',
    'Balboa',
    8.95,
    -79.57,
    ['PANAMA_PAC'],
    [
      [7.8, -79.4],
      [8.7, -79.5],
    ],
  ),
  P('COCTG', 'Cartagena', 10.4, -75.53, ['PANAMA_ATL', 'CARIB_C']),
  P('JMKIN', 'Kingston', 17.97, -76.8, ['CARIB_C']),
  P('COBUN', 'Buenaventura', 3.89, -77.08, ['PANAMA_PAC']),
  P('PECLL', 'Callao', -12.05, -77.15, ['PERU_N']),
  P('CLSAI', 'San Antonio', -33.59, -71.62, ['CHILE_C']),
  P('CLVAP', 'Valparaiso', -33.03, -71.63, ['CHILE_C']),
  P('BRSSA', 'Salvador', -12.97, -38.51, ['SALVADOR_OFF'], [[-13.05, -38.57]]),
  P('BRRIO', 'Rio de Janeiro', -22.89, -43.18, ['CABO_FRIO', 'SANTOS_OFF'], [[-23.0, -43.15]]),
  P('BRSSZ', 'Santos', -23.97, -46.3, ['SANTOS_OFF'], [[-24.05, -46.3]]),
  P('BRPNG', 'Paranagua', -25.5, -48.51, ['SOUTH_BRAZIL'], [[-25.57, -48.3]]),
  P('BRITJ', 'Itajai', -26.9, -48.65, ['SOUTH_BRAZIL']),
  P('UYMVD', 'Montevideo', -34.9, -56.21, ['PLATA']),
  P('ARBUE', 'Buenos Aires', -34.6, -58.37, ['PLATA'], [[-35.0, -57.0]]),
];

const BY_LOCODE = new Map<string, Port>(PORTS.map((p) => [p.locode, p]));

export function portByLocode(locode: string): Port | undefined {
  return BY_LOCODE.get(locode);
}
