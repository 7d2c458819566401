import { describe, expect, it } from 'vitest';
import { PORTS, portByLocode } from '../../../streams/synthesizer/data/ports.js';
import { SEA_EDGES, SEA_NODES } from '../../../streams/synthesizer/data/sea-lanes.js';
import { distanceM } from '../../../streams/synthesizer/geo/geo.js';
import { defaultSeaRouter } from '../../../streams/synthesizer/routing/sea-router.js';

describe('port table', () => {
  it('has at least 100 ports with unique, well-formed UN/LOCODEs', () => {
    expect(PORTS.length).toBeGreaterThanOrEqual(100);
    const codes = PORTS.map((p) => p.locode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of PORTS) {
      expect(p.locode).toMatch(/^[A-Z]{2}[A-Z2-9]{3}$/);
      expect(p.country).toBe(p.locode.slice(0, 2));
      expect(p.name.length).toBeGreaterThan(0);
      expect(portByLocode(p.locode)).toBe(p);
    }
  });

  it('has coordinates in range, at most two decimals, and no two ports on the same spot', () => {
    for (const p of PORTS) {
      expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
      expect(Math.round(p.lat * 100) / 100).toBe(p.lat);
      expect(Math.round(p.lon * 100) / 100).toBe(p.lon);
    }
    for (let i = 0; i < PORTS.length; i++) {
      for (let j = i + 1; j < PORTS.length; j++) {
        // Neighbouring terminals (Los Angeles / Long Beach, Kobe / Osaka) are a few km apart.
        expect(distanceM(PORTS[i]!, PORTS[j]!), `${PORTS[i]!.locode} ${PORTS[j]!.locode}`).toBeGreaterThan(3_000);
      }
    }
  });

  it('spot checks known positions (to ~0.1 degree)', () => {
    const near = (code: string, lat: number, lon: number) => {
      const p = portByLocode(code)!;
      expect(distanceM(p, { lat, lon }), code).toBeLessThan(25_000);
    };
    near('NLRTM', 51.95, 4.14);
    near('SGSIN', 1.26, 103.82);
    near('CNSHA', 30.63, 122.06);
    near('USLAX', 33.74, -118.27);
    near('DEHAM', 53.54, 9.97);
    near('AUSYD', -33.97, 151.21);
  });

  it('connects every port to the sea-lane network, near its access waypoints', () => {
    const ids = new Set(SEA_NODES.map((n) => n.id));
    expect(ids.size).toBe(SEA_NODES.length);
    for (const e of SEA_EDGES) {
      expect(ids.has(e.a), e.a).toBe(true);
      expect(ids.has(e.b), e.b).toBe(true);
    }
    for (const n of SEA_NODES) {
      expect(Math.abs(n.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(n.lon)).toBeLessThanOrEqual(180);
    }
    for (const p of PORTS) {
      for (const id of p.nodes) {
        const n = SEA_NODES.find((x) => x.id === id)!;
        expect(distanceM(p, n), `${p.locode} -> ${id}`).toBeLessThan(1_500_000);
      }
    }
    const router = defaultSeaRouter();
    for (const a of PORTS)
      for (const b of PORTS) if (a !== b) expect(Number.isFinite(router.distanceM(a.locode, b.locode))).toBe(true);
  });

  it('routes go around continents, not across them', () => {
    const router = defaultSeaRouter();
    const nm = (a: string, b: string) => router.route(a, b).polyline.lengthM / 1852;
    // Published sea distances (via Suez, via Panama, across the Pacific), within 10%.
    expect(nm('NLRTM', 'SGSIN')).toBeGreaterThan(8_200 * 0.95);
    expect(nm('NLRTM', 'SGSIN')).toBeLessThan(8_300 * 1.1);
    expect(nm('USNYC', 'USLAX')).toBeGreaterThan(4_900 * 0.95); // via Panama, not overland
    expect(nm('CNSHA', 'USLAX')).toBeLessThan(5_700 * 1.1);
    const route = router.route('NLRTM', 'SGSIN');
    expect(route.points[0]).toEqual({ lat: 51.95, lon: 4.05 });
    expect(route.points[route.points.length - 1]).toEqual({ lat: 1.26, lon: 103.84 });
  });
});
