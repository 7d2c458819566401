import { describe, expect, it } from 'vitest';
import { areaOf, busyShares, summarizeProfile, type CpuProfile } from '../../../benchmarks/lib/cpu-profile.js';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9 });

// root -> put (harper) -> encode (msgpackr); idle beside them.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4] },
    { id: 2, callFrame: frame('put', 'file:///x/node_modules/harperdb/resources/Table.js'), children: [3] },
    { id: 3, callFrame: frame('pack', 'file:///x/node_modules/msgpackr/pack.js') },
    { id: 4, callFrame: frame('(idle)') },
  ],
  startTime: 0,
  endTime: 10_000,
  // Sample i owns the time up to sample i+1: put 1 ms, pack 3 ms, idle 6 ms.
  samples: [2, 3, 4, 4],
  timeDeltas: [0, 1000, 3000, 6000],
};

describe('summarizeProfile', () => {
  it('gives each sample the interval up to the next and groups self time by area and function', () => {
    const s = summarizeProfile(profile);
    expect(s.sampledMs).toBe(10);
    expect(s.areas).toEqual([
      { name: 'idle', ms: 6, share: 0.6 },
      { name: 'msgpackr', ms: 3, share: 0.3 },
      { name: 'harper', ms: 1, share: 0.1 },
    ]);
    expect(s.functions[1]).toEqual({ name: 'pack msgpackr/pack.js:10', ms: 3, share: 0.3 });
  });

  it('busy shares leave idle out', () => {
    const s = summarizeProfile({ ...profile, samples: [2, 4, 3, 3], timeDeltas: [0, 2000, 2000, 2000] });
    // put 2 ms, idle 2 ms, pack 2 ms (the last sample owns nothing).
    expect(busyShares(s).map((a) => [a.name, a.share])).toEqual([
      ['harper', 0.5],
      ['msgpackr', 0.5],
    ]);
  });

  it('names the areas the sync cares about', () => {
    expect(areaOf('file:///r/node_modules/lmdb/write.js', 'commit')).toBe('lmdb');
    expect(areaOf('file:///r/dist/streams/storage-read/stream-reader.js', 'x')).toBe('sync: storage read');
    expect(areaOf('file:///r/dist/streams/sink/harper-sink.js', 'x')).toBe('sync: sink');
    expect(areaOf('node:internal/streams', 'x')).toBe('node internals');
    expect(areaOf('', '(garbage collector)')).toBe('garbage collection');
    expect(areaOf('', 'getBinaryFast')).toBe('native calls');
    expect(areaOf('file:///r/node_modules/ordered-binary/dist/index.cjs', 'writeKey')).toBe('ordered-binary');
  });
});
