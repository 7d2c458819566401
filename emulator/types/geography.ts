/**
 * GEOGRAPHY values. BigQuery accepts WKT or GeoJSON and prints WKT; DuckDB's GEOMETRY column
 * stores WKB. This module parses/validates input, prints BigQuery-style WKT, and decodes WKB.
 */

type Pt = [number, number];
export type Geo =
  | { t: 'POINT'; p: Pt | null }
  | { t: 'LINESTRING'; pts: Pt[] }
  | { t: 'POLYGON'; rings: Pt[][] }
  | { t: 'MULTIPOINT'; pts: Pt[] }
  | { t: 'MULTILINESTRING'; lines: Pt[][] }
  | { t: 'MULTIPOLYGON'; polys: Pt[][][] }
  | { t: 'GEOMETRYCOLLECTION'; geoms: Geo[] };

class GeoError extends Error {}

class WktParser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    throw new GeoError(`${msg} at position ${this.pos}`);
  }

  ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos] as string)) this.pos++;
  }

  word(): string {
    this.ws();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.pos));
    if (!m) this.fail('expected a geometry type');
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }

  peek(c: string): boolean {
    this.ws();
    return this.s[this.pos] === c;
  }

  expect(c: string): void {
    if (!this.peek(c)) this.fail(`expected "${c}"`);
    this.pos++;
  }

  empty(): boolean {
    this.ws();
    if (/^empty\b/i.test(this.s.slice(this.pos))) {
      this.pos += 5;
      return true;
    }
    return false;
  }

  num(): number {
    this.ws();
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.s.slice(this.pos));
    if (!m) this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  point(): Pt {
    const x = this.num();
    const y = this.num();
    // Z/M coordinates are accepted and dropped, as BigQuery keeps only longitude/latitude.
    while (/^\s*[-+.\d]/.test(this.s.slice(this.pos))) this.num();
    return [x, y];
  }

  list<T>(item: () => T): T[] {
    this.expect('(');
    const out = [item()];
    while (this.peek(',')) {
      this.pos++;
      out.push(item());
    }
    this.expect(')');
    return out;
  }

  /** MULTIPOINT allows both "(1 2, 3 4)" and "((1 2), (3 4))". */
  multipointItem(): Pt {
    if (this.peek('(')) {
      this.pos++;
      const p = this.point();
      this.expect(')');
      return p;
    }
    return this.point();
  }

  geometry(): Geo {
    const t = this.word();
    this.ws();
    const zm = /^(ZM|Z|M)\b/i.exec(this.s.slice(this.pos));
    if (zm) this.pos += zm[0].length;
    const isEmpty = this.empty();
    switch (t) {
      case 'POINT':
        return { t, p: isEmpty ? null : (this.list(() => this.point())[0] as Pt) };
      case 'LINESTRING':
        return { t, pts: isEmpty ? [] : this.list(() => this.point()) };
      case 'POLYGON':
        return { t, rings: isEmpty ? [] : this.list(() => this.list(() => this.point())) };
      case 'MULTIPOINT':
        return { t, pts: isEmpty ? [] : this.list(() => this.multipointItem()) };
      case 'MULTILINESTRING':
        return { t, lines: isEmpty ? [] : this.list(() => this.list(() => this.point())) };
      case 'MULTIPOLYGON':
        return { t, polys: isEmpty ? [] : this.list(() => this.list(() => this.list(() => this.point()))) };
      case 'GEOMETRYCOLLECTION':
        return { t, geoms: isEmpty ? [] : this.list(() => this.geometry()) };
      default:
        return this.fail(`unknown geometry type ${t}`);
    }
  }
}

function pointsOf(g: Geo): Pt[] {
  switch (g.t) {
    case 'POINT':
      return g.p ? [g.p] : [];
    case 'LINESTRING':
    case 'MULTIPOINT':
      return g.pts;
    case 'POLYGON':
      return g.rings.flat();
    case 'MULTILINESTRING':
      return g.lines.flat();
    case 'MULTIPOLYGON':
      return g.polys.flat(2);
    case 'GEOMETRYCOLLECTION':
      return g.geoms.flatMap(pointsOf);
  }
}

function validate(g: Geo): void {
  for (const [x, y] of pointsOf(g)) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < -180 || x > 180 || y < -90 || y > 90) {
      throw new GeoError(`longitude/latitude out of range: ${x} ${y}`);
    }
  }
  const rings = g.t === 'POLYGON' ? g.rings : g.t === 'MULTIPOLYGON' ? g.polys.flat() : [];
  for (const r of rings) {
    const a = r[0];
    const b = r[r.length - 1];
    if (r.length < 4 || !a || !b || a[0] !== b[0] || a[1] !== b[1]) throw new GeoError('polygon ring is not closed');
  }
  if (g.t === 'LINESTRING' && g.pts.length === 1) throw new GeoError('linestring with a single point');
  if (g.t === 'GEOMETRYCOLLECTION') g.geoms.forEach(validate);
}

function fmtNum(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}
const fmtPt = (p: Pt): string => `${fmtNum(p[0])} ${fmtNum(p[1])}`;
const fmtLine = (pts: Pt[]): string => '(' + pts.map(fmtPt).join(', ') + ')';
const fmtPoly = (rings: Pt[][]): string => '(' + rings.map(fmtLine).join(', ') + ')';

export function formatWkt(g: Geo): string {
  switch (g.t) {
    case 'POINT':
      return g.p ? `POINT(${fmtPt(g.p)})` : 'POINT EMPTY';
    case 'LINESTRING':
      return g.pts.length ? 'LINESTRING' + fmtLine(g.pts) : 'LINESTRING EMPTY';
    case 'POLYGON':
      return g.rings.length ? 'POLYGON' + fmtPoly(g.rings) : 'POLYGON EMPTY';
    case 'MULTIPOINT':
      return g.pts.length ? 'MULTIPOINT' + fmtLine(g.pts) : 'MULTIPOINT EMPTY';
    case 'MULTILINESTRING':
      return g.lines.length ? 'MULTILINESTRING' + fmtPoly(g.lines) : 'MULTILINESTRING EMPTY';
    case 'MULTIPOLYGON':
      return g.polys.length ? 'MULTIPOLYGON(' + g.polys.map(fmtPoly).join(', ') + ')' : 'MULTIPOLYGON EMPTY';
    case 'GEOMETRYCOLLECTION':
      return g.geoms.length
        ? 'GEOMETRYCOLLECTION(' + g.geoms.map(formatWkt).join(', ') + ')'
        : 'GEOMETRYCOLLECTION EMPTY';
  }
}

function fromGeoJson(obj: unknown): Geo {
  const o = obj as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const pt = (c: unknown): Pt => {
    if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number')
      throw new GeoError('bad GeoJSON position');
    return [c[0], c[1]];
  };
  const arr = (c: unknown): unknown[] => {
    if (!Array.isArray(c)) throw new GeoError('bad GeoJSON coordinates');
    return c;
  };
  switch (o.type) {
    case 'Point':
      return { t: 'POINT', p: arr(o.coordinates).length ? pt(o.coordinates) : null };
    case 'LineString':
      return { t: 'LINESTRING', pts: arr(o.coordinates).map(pt) };
    case 'Polygon':
      return { t: 'POLYGON', rings: arr(o.coordinates).map((r) => arr(r).map(pt)) };
    case 'MultiPoint':
      return { t: 'MULTIPOINT', pts: arr(o.coordinates).map(pt) };
    case 'MultiLineString':
      return { t: 'MULTILINESTRING', lines: arr(o.coordinates).map((r) => arr(r).map(pt)) };
    case 'MultiPolygon':
      return { t: 'MULTIPOLYGON', polys: arr(o.coordinates).map((p) => arr(p).map((r) => arr(r).map(pt))) };
    case 'GeometryCollection':
      return { t: 'GEOMETRYCOLLECTION', geoms: arr(o.geometries).map(fromGeoJson) };
    default:
      throw new GeoError(`unknown GeoJSON type ${String(o.type)}`);
  }
}

/** Parses WKT or GeoJSON (text or object) into a validated geography, or an Error. */
export function parseGeography(value: unknown): Geo | Error {
  try {
    let g: Geo;
    if (typeof value === 'string' && !value.trim().startsWith('{')) {
      const p = new WktParser(value);
      g = p.geometry();
      p.ws();
      if (p.pos !== value.length) p.fail('unexpected trailing characters');
    } else {
      g = fromGeoJson(typeof value === 'string' ? JSON.parse(value) : value);
    }
    validate(g);
    return g;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Logical size BigQuery documents for GEOGRAPHY: 16 bytes + 24 bytes per vertex. */
export function geographySize(g: Geo): number {
  return 16 + 24 * pointsOf(g).length;
}

class WkbReader {
  pos = 0;
  private readonly view: DataView;
  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(): Geo {
    const little = this.view.getUint8(this.pos) === 1;
    this.pos += 1;
    const raw = this.view.getUint32(this.pos, little);
    this.pos += 4;
    // ISO WKB adds 1000/2000/3000 for Z/M/ZM; EWKB sets high flag bits instead.
    const base = raw & 0xffff;
    const iso = Math.floor(base / 1000); // 0 plain, 1 Z, 2 M, 3 ZM
    const dims = 2 + (iso === 3 ? 2 : iso > 0 ? 1 : 0) + (raw & 0x80000000 ? 1 : 0) + (raw & 0x40000000 ? 1 : 0);
    const type = base % 1000;
    const d = (): number => {
      const v = this.view.getFloat64(this.pos, little);
      this.pos += 8;
      return v;
    };
    const u = (): number => {
      const v = this.view.getUint32(this.pos, little);
      this.pos += 4;
      return v;
    };
    const pt = (): Pt => {
      const p: Pt = [d(), d()];
      for (let i = 2; i < dims; i++) d();
      return p;
    };
    const pts = (): Pt[] => Array.from({ length: u() }, pt);
    const rings = (): Pt[][] => Array.from({ length: u() }, pts);
    switch (type) {
      case 1: {
        const p = pt();
        return { t: 'POINT', p: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : p };
      }
      case 2:
        return { t: 'LINESTRING', pts: pts() };
      case 3:
        return { t: 'POLYGON', rings: rings() };
      case 4:
        return { t: 'MULTIPOINT', pts: Array.from({ length: u() }, () => this.only('POINT').p as Pt) };
      case 5:
        return { t: 'MULTILINESTRING', lines: Array.from({ length: u() }, () => this.only('LINESTRING').pts) };
      case 6:
        return { t: 'MULTIPOLYGON', polys: Array.from({ length: u() }, () => this.only('POLYGON').rings) };
      case 7:
        return { t: 'GEOMETRYCOLLECTION', geoms: Array.from({ length: u() }, () => this.geometry()) };
      default:
        throw new GeoError(`unsupported WKB geometry type ${type}`);
    }
  }

  only<T extends Geo['t']>(t: T): Extract<Geo, { t: T }> {
    const g = this.geometry();
    if (g.t !== t) throw new GeoError(`expected ${t} in WKB, got ${g.t}`);
    return g as Extract<Geo, { t: T }>;
  }
}

export function wkbToGeo(bytes: Uint8Array): Geo {
  return new WkbReader(bytes).geometry();
}

export function wkbToWkt(bytes: Uint8Array): string {
  return formatWkt(wkbToGeo(bytes));
}
