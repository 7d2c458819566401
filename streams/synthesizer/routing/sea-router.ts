import { PORTS, type Port } from '../data/ports.js';
import { SEA_EDGES, SEA_NODES, type SeaEdge, type SeaNode } from '../data/sea-lanes.js';
import { distanceM, type LatLon } from '../geo/geo.js';
import { Polyline } from '../geo/polyline.js';

export interface Route {
  readonly from: Port;
  readonly to: Port;
  readonly points: readonly LatLon[];
  readonly polyline: Polyline;
}

const pt = ([lat, lon]: readonly [number, number]): LatLon => ({ lat, lon });

function pathLength(points: readonly LatLon[]): number {
  let d = 0;
  for (let i = 1; i < points.length; i++) d += distanceM(points[i - 1] as LatLon, points[i] as LatLon);
  return d;
}

/**
 * Shortest sea routes between ports over the sea-lane network. All-pairs distances are
 * computed once (Floyd-Warshall over ~170 waypoints: a few milliseconds), routes are built
 * on first use and kept, so voyage planning costs a map lookup per leg.
 */
export class SeaRouter {
  readonly ports: readonly Port[];
  private readonly nodeIndex = new Map<string, number>();
  private readonly nodes: readonly SeaNode[];
  private readonly dist: Float64Array;
  private readonly next: Int32Array;
  /** Points strictly between node i and node j along the direct edge, keyed i*n+j. */
  private readonly edgeVia = new Map<number, LatLon[]>();
  private readonly portIndex = new Map<string, number>();
  private readonly portDist: Float64Array;
  private readonly routes = new Map<number, Route>();
  private readonly neighbourCache = new Map<number, readonly { port: Port; distanceM: number }[]>();

  constructor(
    ports: readonly Port[] = PORTS,
    nodes: readonly SeaNode[] = SEA_NODES,
    edges: readonly SeaEdge[] = SEA_EDGES,
  ) {
    this.ports = ports;
    this.nodes = nodes;
    nodes.forEach((n, i) => this.nodeIndex.set(n.id, i));
    const n = nodes.length;
    this.dist = new Float64Array(n * n).fill(Infinity);
    this.next = new Int32Array(n * n).fill(-1);
    for (let i = 0; i < n; i++) {
      this.dist[i * n + i] = 0;
      this.next[i * n + i] = i;
    }
    for (const e of edges) {
      const a = this.node(e.a);
      const b = this.node(e.b);
      const via = (e.via ?? []).map(pt);
      const na = nodes[a] as SeaNode;
      const nb = nodes[b] as SeaNode;
      const len = pathLength([na, ...via, nb]);
      this.dist[a * n + b] = len;
      this.dist[b * n + a] = len;
      this.next[a * n + b] = b;
      this.next[b * n + a] = a;
      this.edgeVia.set(a * n + b, via);
      this.edgeVia.set(b * n + a, [...via].reverse());
    }
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        const ik = this.dist[i * n + k] as number;
        if (ik === Infinity) continue;
        for (let j = 0; j < n; j++) {
          const d = ik + (this.dist[k * n + j] as number);
          if (d < (this.dist[i * n + j] as number)) {
            this.dist[i * n + j] = d;
            this.next[i * n + j] = this.next[i * n + k] as number;
          }
        }
      }
    }
    ports.forEach((p, i) => {
      if (this.portIndex.has(p.locode)) throw new Error(`duplicate port ${p.locode}`);
      this.portIndex.set(p.locode, i);
      if (p.nodes.length === 0) throw new Error(`port ${p.locode} has no sea-lane node`);
      for (const id of p.nodes) this.node(id);
    });
    const m = ports.length;
    this.portDist = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        this.portDist[i * m + j] = i === j ? 0 : this.bestAccess(ports[i] as Port, ports[j] as Port).length;
      }
    }
  }

  private node(id: string): number {
    const i = this.nodeIndex.get(id);
    if (i === undefined) throw new Error(`unknown sea-lane node ${id}`);
    return i;
  }

  /** Channel points from a port out to one of its nodes, port first. */
  private accessOut(p: Port, nodeId: string): LatLon[] {
    const node = this.nodes[this.node(nodeId)] as SeaNode;
    return [{ lat: p.lat, lon: p.lon }, ...(p.via ?? []).map(pt).reverse(), { lat: node.lat, lon: node.lon }];
  }

  private readonly accessLengths = new Map<string, number>();

  private accessLength(p: Port, nodeId: string): number {
    const key = `${p.locode}>${nodeId}`;
    let d = this.accessLengths.get(key);
    if (d === undefined) {
      d = pathLength(this.accessOut(p, nodeId));
      this.accessLengths.set(key, d);
    }
    return d;
  }

  private bestAccess(a: Port, b: Port): { length: number; na: string; nb: string } {
    const n = this.nodes.length;
    let best = { length: Infinity, na: a.nodes[0] as string, nb: b.nodes[0] as string };
    for (const na of a.nodes) {
      const outA = this.accessLength(a, na);
      for (const nb of b.nodes) {
        const inB = this.accessLength(b, nb);
        const d = outA + (this.dist[this.node(na) * n + this.node(nb)] as number) + inB;
        if (d < best.length) best = { length: d, na, nb };
      }
    }
    return best;
  }

  private index(locode: string): number {
    const i = this.portIndex.get(locode);
    if (i === undefined) throw new RangeError(`unknown port ${locode}`);
    return i;
  }

  /** Route length in metres between two ports (Infinity if the network does not connect them). */
  distanceM(from: string, to: string): number {
    const m = this.ports.length;
    return this.portDist[this.index(from) * m + this.index(to)] as number;
  }

  route(from: string, to: string): Route {
    const i = this.index(from);
    const j = this.index(to);
    if (i === j) throw new RangeError(`route from ${from} to itself`);
    const key = i * this.ports.length + j;
    const cached = this.routes.get(key);
    if (cached) return cached;
    const a = this.ports[i] as Port;
    const b = this.ports[j] as Port;
    const { length, na, nb } = this.bestAccess(a, b);
    if (!Number.isFinite(length)) throw new Error(`no sea route from ${from} to ${to}`);
    const n = this.nodes.length;
    const points: LatLon[] = this.accessOut(a, na);
    let u = this.node(na);
    const target = this.node(nb);
    while (u !== target) {
      const v = this.next[u * n + target] as number;
      points.push(...(this.edgeVia.get(u * n + v) ?? []));
      const node = this.nodes[v] as SeaNode;
      points.push({ lat: node.lat, lon: node.lon });
      u = v;
    }
    points.push(...this.accessOut(b, nb).reverse().slice(1));
    const route: Route = { from: a, to: b, points, polyline: new Polyline(points) };
    this.routes.set(key, route);
    return route;
  }

  /**
   * A round trip from a port out along its approach channel and back: the track of a tug
   * job, a pilot run or a fishing trip. Goes out `outM` metres (capped at the approach's
   * length) and returns along the same line.
   */
  excursion(locode: string, outM: number): Route {
    const p = this.ports[this.index(locode)] as Port;
    const out = new Polyline(this.accessOut(p, p.nodes[0] as string));
    const d = Math.max(1_000, Math.min(outM, out.lengthM * 0.95));
    const points: LatLon[] = [];
    for (const slice of out.slices(0, d)) {
      if (points.length === 0) points.push(slice.arc.pointAt(slice.f0));
      points.push(slice.arc.pointAt(slice.f1));
    }
    const back = points.slice(0, -1).reverse();
    const all = [...points, ...back];
    return { from: p, to: p, points: all, polyline: new Polyline(all) };
  }

  /** The k ports nearest to `locode` by sea route, nearest first. */
  nearest(locode: string, k: number): readonly { port: Port; distanceM: number }[] {
    const i = this.index(locode);
    const cacheKey = i * 4096 + k;
    const cached = this.neighbourCache.get(cacheKey);
    if (cached) return cached;
    const m = this.ports.length;
    const all: { port: Port; distanceM: number }[] = [];
    for (let j = 0; j < m; j++) {
      const d = this.portDist[i * m + j] as number;
      if (j !== i && Number.isFinite(d)) all.push({ port: this.ports[j] as Port, distanceM: d });
    }
    all.sort((x, y) => x.distanceM - y.distanceM || (x.port.locode < y.port.locode ? -1 : 1));
    const out = all.slice(0, k);
    this.neighbourCache.set(cacheKey, out);
    return out;
  }
}

let shared: SeaRouter | undefined;

/** The router over the built-in ports and sea lanes, built on first use. */
export function defaultSeaRouter(): SeaRouter {
  shared ??= new SeaRouter();
  return shared;
}
