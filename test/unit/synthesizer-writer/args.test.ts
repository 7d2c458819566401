import { Writable } from 'node:stream';
import { InvalidArgumentError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseCount,
  parseDurationMs,
  parseEndpoint,
  parseIsoTime,
  parseRates,
  parseSeed,
  parseTables,
} from '../../../src/cli/synthesizer/args.js';
import { parseCommandLine, type Io } from '../../../src/cli/synthesizer/program.js';

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      w.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

function parse(...argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const io: Io = { stdout, stderr, env: {} };
  return { outcome: parseCommandLine(argv, io), stdout: stdout.text, stderr: stderr.text };
}

describe('value parsers', () => {
  it('parses counts with separators and rejects the rest', () => {
    expect(parseCount('100_000')).toBe(100_000);
    expect(parseCount('1,000')).toBe(1000);
    expect(() => parseCount('-1')).toThrow(InvalidArgumentError);
    expect(() => parseCount('1.5')).toThrow(InvalidArgumentError);
    expect(() => parseCount('lots')).toThrow(InvalidArgumentError);
    expect(() => parseSeed('4294967296')).toThrow(/4294967295/);
  });

  it('parses durations with units', () => {
    expect(parseDurationMs('24h')).toBe(86_400_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('7d')).toBe(7 * 86_400_000);
    expect(() => parseDurationMs('0s')).toThrow(InvalidArgumentError);
    expect(() => parseDurationMs('soon')).toThrow(/24h/);
  });

  it('parses ISO times, treating a missing zone as UTC', () => {
    expect(parseIsoTime('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(parseIsoTime('2026-03-01T12:00:00')).toBe('2026-03-01T12:00:00.000Z');
    expect(parseIsoTime('2026-03-01T12:00:00+02:00')).toBe('2026-03-01T10:00:00.000Z');
    expect(() => parseIsoTime('2026-13-45')).toThrow(InvalidArgumentError);
    expect(() => parseIsoTime('tomorrow')).toThrow(InvalidArgumentError);
  });

  it('parses table lists by short or full name, without repeats', () => {
    expect(parseTables('positions,events')).toEqual(['vessel_positions', 'port_events']);
    expect(parseTables(' vessel_metadata , metadata ')).toEqual(['vessel_metadata']);
    expect(() => parseTables('ships')).toThrow(/unknown table "ships"/);
    expect(() => parseTables(',')).toThrow(InvalidArgumentError);
  });

  it('parses rate maps', () => {
    expect(parseRates('positions=50,events=2,metadata=0.1')).toEqual({
      vessel_positions: 50,
      port_events: 2,
      vessel_metadata: 0.1,
    });
    expect(() => parseRates('positions')).toThrow(/name=rate/);
    expect(() => parseRates('positions=-1')).toThrow(/>= 0, got "-1"/);
    expect(() => parseRates('ships=1')).toThrow(/unknown table/);
  });

  it('accepts http(s) endpoints only', () => {
    expect(parseEndpoint('http://127.0.0.1:9050/')).toBe('http://127.0.0.1:9050');
    expect(() => parseEndpoint('127.0.0.1:9050')).toThrow(InvalidArgumentError);
    expect(() => parseEndpoint('ftp://x')).toThrow(/http/);
  });
});

describe('command line', () => {
  afterEach(() => {
    delete process.env.BIGQUERY_API_ENDPOINT;
  });

  it('builds an initialize invocation with counts, window and common flags', () => {
    const { outcome } = parse(
      'initialize',
      'realistic',
      '--positions',
      '2000',
      '--events',
      '50',
      '--start',
      '2026-02-01T00:00:00Z',
      '--duration',
      '6h',
      '--seed',
      '42',
      '--tables',
      'positions,events',
      '--streaming',
      '--dataset',
      'ds1',
    );
    expect(outcome).toEqual({
      kind: 'run',
      invocation: {
        command: 'initialize',
        scenario: 'realistic',
        counts: { positions: 2000, events: 50 },
        start: '2026-02-01T00:00:00.000Z',
        durationMs: 6 * 3_600_000,
        append: false,
        common: {
          endpoint: 'http://127.0.0.1:9050',
          dataset: 'ds1',
          seed: 42,
          tables: ['vessel_positions', 'port_events'],
          streaming: true,
          quiet: false,
          json: false,
        },
      },
    });
  });

  it('defaults start rates and reads the endpoint from the environment', () => {
    process.env.BIGQUERY_API_ENDPOINT = 'http://127.0.0.1:9999';
    const { outcome } = parse('start', '--retention-days', '3', '--for', '10s');
    expect(outcome.kind).toBe('run');
    if (outcome.kind !== 'run' || outcome.invocation.command !== 'start') throw new Error('not start');
    expect(outcome.invocation.rates).toEqual({ vessel_positions: 50, port_events: 2, vessel_metadata: 0.1 });
    expect(outcome.invocation.retentionDays).toBe(3);
    expect(outcome.invocation.forMs).toBe(10_000);
    expect(outcome.invocation.flushMs).toBe(5000);
    expect(outcome.invocation.common.endpoint).toBe('http://127.0.0.1:9999');
  });

  it('takes an optional scenario for verify', () => {
    const a = parse('verify');
    const b = parse('verify', 'small', '--metadata', '7');
    expect(a.outcome).toMatchObject({ kind: 'run', invocation: { command: 'verify', counts: {} } });
    expect(b.outcome).toMatchObject({ kind: 'run', invocation: { scenario: 'small', counts: { metadata: 7 } } });
  });

  it('exits 2 naming the flag and the bad value', () => {
    const r = parse('start', '--rates', 'positions=fast');
    expect(r.outcome).toEqual({ kind: 'exit', code: 2 });
    expect(r.stderr).toContain("'--rates <list>'");
    expect(r.stderr).toContain('positions=fast');
  });

  it('exits 2 for an unknown scenario, option or command, and for no command', () => {
    expect(parse('initialize', 'huge').stderr).toMatch(/'huge'.*small, realistic, stress/);
    expect(parse('initialize', 'huge').outcome).toEqual({ kind: 'exit', code: 2 });
    expect(parse('stats', '--frobnicate').outcome).toEqual({ kind: 'exit', code: 2 });
    expect(parse('launch').outcome).toEqual({ kind: 'exit', code: 2 });
    expect(parse().outcome).toEqual({ kind: 'exit', code: 2 });
  });

  it('refuses --endpoint together with --credentials', () => {
    const r = parse('stats', '--credentials', 'key.json', '--endpoint', 'http://127.0.0.1:1');
    expect(r.outcome).toEqual({ kind: 'exit', code: 2 });
    expect(r.stderr).toMatch(/--endpoint and --credentials/);
  });

  it('prints help with exit 0', () => {
    const r = parse('initialize', '--help');
    expect(r.outcome).toEqual({ kind: 'exit', code: 0 });
    expect(r.stdout).toContain('--positions <n>');
  });
});
