/**
 * Reads a V8 CPU profile (the `.cpuprofile` JSON the inspector's Profiler.stop returns) into
 * shares of the profiled thread's time: per function (self time) and per area (which code the
 * time was spent in), so a benchmark can say where Harper's worker thread goes.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Self time in milliseconds. */
  ms: number;
  /** Share of the profile's sampled time, 0..1. */
  share: number;
}

export interface ProfileSummary {
  /** Sampled wall time of the thread, ms (idle included). */
  sampledMs: number;
  areas: ProfileShare[];
  functions: ProfileShare[];
}

/** Which code a frame belongs to, from its script URL (first match wins). */
const AREAS: readonly [string, (url: string, fn: string) => boolean][] = [
  ['idle', (_u, f) => f === '(idle)'],
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  ['native / program', (u, f) => u === '' && (f === '(program)' || f === '(root)')],
  ['lmdb', (u) => /node_modules\/lmdb\//.test(u)],
  ['msgpackr', (u) => /node_modules\/msgpackr\//.test(u)],
  ['ordered-binary', (u) => /node_modules\/ordered-binary\//.test(u)],
  ['harper', (u) => /node_modules\/harperdb\//.test(u)],
  ['grpc', (u) => /node_modules\/(@grpc|protobufjs|@protobufjs|google-gax)\//.test(u)],
  ['apache-arrow', (u) => /node_modules\/apache-arrow\//.test(u)],
  ['sync: storage read', (u) => /\/dist\/streams\/(storage-read|offload)\//.test(u)],
  ['sync: convert', (u) => /\/dist\/streams\/convert\//.test(u)],
  ['sync: sink', (u) => /\/dist\/streams\/sink\//.test(u)],
  ['sync: other', (u) => /\/dist\/(streams|actors|src|config)\//.test(u)],
  ['benchmark', (u) => /\/dist\/benchmarks\//.test(u)],
  // A native function has no script: its time is the native call's (e.g. an lmdb binding).
  ['native calls', (u) => u === ''],
  ['node internals', (u) => u.startsWith('node:')],
  ['other', () => true],
];

export function areaOf(url: string, functionName: string): string {
  return AREAS.find(([, match]) => match(url, functionName))![0];
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the sample owns the interval up to the next one.
  for (let i = 0; i < profile.samples.length; i++) {
    const next = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, next));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
    const name = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const shares = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: total > 0 ? Math.round((us / total) * 1000) / 1000 : 0,
      }));
  return { sampledMs: Math.round(total / 1000), areas: shares(areas), functions: shares(functions).slice(0, top) };
}

/** The same summary as shares of the busy time only (idle left out). */
export function busyShares(summary: ProfileSummary): ProfileShare[] {
  const idle = summary.areas.find((a) => a.name === 'idle')?.ms ?? 0;
  const busy = summary.sampledMs - idle;
  return summary.areas
    .filter((a) => a.name !== 'idle')
    .map((a) => ({ ...a, share: busy > 0 ? Math.round((a.ms / busy) * 1000) / 1000 : 0 }));
}
