import type { Observable } from 'rxjs';
import { distanceM } from '../../../streams/synthesizer/geo/geo.js';
import { parseTimestamp } from '../../../streams/synthesizer/core/time.js';

/** Subscribes and collects synchronously: scenario observables emit synchronously. */
export function collect<T>(obs: Observable<T>): T[] {
  const out: T[] = [];
  let done = false;
  obs.subscribe({
    next: (r) => out.push(r),
    complete: () => {
      done = true;
    },
  });
  if (!done) throw new Error('observable did not complete synchronously');
  return out;
}

export const us = parseTimestamp;

export function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

export const km = (a: { latitude: number | null; longitude: number | null }, b: { lat: number; lon: number }): number =>
  distanceM({ lat: a.latitude ?? NaN, lon: a.longitude ?? NaN }, b) / 1000;
