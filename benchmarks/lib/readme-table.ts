import type { BenchRecord } from './context.js';
import type { Machine } from './machine.js';
import { clusterRows } from './cluster-table.js';

/* The shapes read here are what the benchmarks write (see each benchmark's `results`). */
type Anyish = Record<string, unknown>;
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Anyish)[k] : undefined), o);
const num = (o: unknown, path: string): number => Number(get(o, path));
const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '?';

interface Snapshot {
  label: string;
  rssMiB: number;
  anonMiB: number;
}

function rssSeries(memory: unknown, prefix: string): string {
  const snaps = (get(memory, 'snapshots') as Snapshot[] | undefined) ?? [];
  return snaps
    .filter((s) => s.label.startsWith(prefix) && s.label !== `${prefix}0%`)
    .map((s) => `${fmt(s.rssMiB)}/${fmt(s.anonMiB)}`)
    .join(' → ');
}

/** The generated part of README's Benchmarks section: one table of figures, one of runs. */
export function renderTable(records: Record<string, BenchRecord | undefined>): string {
  const rows: string[][] = [];
  const s = records['initial-sync'];
  if (s) {
    const r = s.results;
    const rows1M = fmt(num(s.parameters, 'rows'));
    rows.push(
      [
        'initial sync, one table',
        `${rows1M} positions, pages of ${fmt(num(s.parameters, 'batchSize'))}, first→last commit`,
        `**${fmt(num(r, 'sync.rowsPerSecond'))} rows/s**`,
        'old plugin peaked near 6,800 rows/s',
      ],
      [
        'raw Harper write',
        `same rows and schema, ${fmt(num(s.parameters, 'txnSize'))}-row transactions, same run`,
        `${fmt(num(r, 'raw.rowsPerSecond'))} rows/s`,
        '',
      ],
      ['ratio sync / raw', '', `**${fmt(num(r, 'ratio'), 2)}**`, 'goal ≥ 0.8'],
      [
        'Harper worker thread busy',
        'event-loop utilization during the sync / the raw writes',
        `${fmt(num(r, 'workerBusy.sync') * 100)}% / ${fmt(num(r, 'workerBusy.raw') * 100)}%`,
        '',
      ],
      [
        'Harper RSS / anon MiB',
        'at 25 → 50 → 75 → 100% of the sync',
        rssSeries(get(r, 'memory.harper'), 'sync '),
        'goal: flat',
      ],
      [
        'local server RSS / anon MiB',
        'at 25 → 50 → 75 → 100% of the sync',
        rssSeries(get(r, 'memory.localServer'), 'sync '),
        'goal: flat',
      ],
      [
        'local server share',
        "server's own query time / sync wall time",
        `${fmt(num(r, 'serverQueries.shareOfSyncWall') * 100)}%`,
        '',
      ],
    );
  }
  const t = records['three-tables'];
  if (t) {
    const p = t.parameters;
    rows.push([
      'initial sync, three tables at once',
      `${fmt(num(p, 'positions'))} + ${fmt(num(p, 'events'))} + ${fmt(num(p, 'metadata'))} rows`,
      `**${fmt(num(t.results, 'totalRowsPerSecond'))} rows/s** total`,
      '',
    ]);
    const counted = get(t.results, 'rowsInHarper') as Record<string, number> | undefined;
    if (counted) {
      const inHarper = Object.values(counted).reduce((a, b) => a + b, 0);
      const expected = num(p, 'positions') + num(p, 'events') + num(p, 'metadata');
      rows.push([
        'exact under timestamp ties',
        `same run; the first ${fmt(num(p, 'eventsTieGroup'))} port events share one timestamp, pages of ${fmt(num(p, 'batchSize'))}`,
        `**${fmt(inHarper)} of ${fmt(expected)}** rows in Harper (exact COUNT)`,
        'old plugin lost 10,050 of 45,050 rows with 15,000 on one timestamp',
      ]);
    }
  }
  const f = records.freshness;
  if (f) {
    const lanes = (get(f.results, 'lanes') as Anyish[] | undefined) ?? [];
    for (const lane of lanes) {
      const poll = num(lane, 'pollMs') / 1000;
      rows.push([
        `freshness, pollInterval ${fmt(poll)} s`,
        `${fmt(num(f.parameters, 'rowsPerSecond'))} rows/s for ${fmt(num(f.parameters, 'seconds'))} s, insert → visible in Harper` +
          ` (${fmt(num(lane, 'arrivals'))} visible batches)`,
        `p50 **${fmt(num(lane, 'p50Ms') / 1000, 1)} s**, p99 ${fmt(num(lane, 'p99Ms') / 1000, 1)} s`,
        `goal p50 < ${fmt(poll + 1)} s; ${fmt(num(lane, 'seen'))} of ${fmt(num(lane, 'inserted'))} rows seen (old plugin: ~17 rows/s once steady)`,
      ]);
    }
  }
  const b = records.breakdown;
  if (b) {
    const st = get(b.results, 'stagesMs') as Record<string, number> | undefined;
    const total = num(b.results, 'stagedTotalMs');
    const pct = (k: string) => `${fmt(((st?.[k] ?? NaN) / total) * 100)}%`;
    rows.push([
      'where a sync page goes',
      `${fmt(num(b.parameters, 'rows'))} rows, stages run one after another`,
      `Harper commit ${pct('harperCommit')}, local server ${pct('server')}, client ${pct('client')}, ` +
        `convert ${pct('convert')}, row mapping ${pct('mapRows')}`,
      '',
    ]);
    const variants = (get(b.results, 'harperWriteVariants') as Anyish[] | undefined) ?? [];
    if (variants.length > 0) {
      rows.push([
        'raw Harper write variants',
        `${fmt(num(variants[0], 'rows'))} rows each into a fresh copy of VesselPositions`,
        variants.map((v) => `${String(v.label)}: ${fmt(num(v, 'rowsPerSecond'))} rows/s`).join('; '),
        '',
      ]);
    }
  }
  const l = records['local-bigquery'];
  if (l) {
    rows.push(
      [
        'local BigQuery insertAll',
        'official client, 5,000 rows per request',
        `${fmt(num(l.results, 'insertAll.rowsPerSecond'))} rows/s`,
        '',
      ],
      [
        'local BigQuery load jobs',
        'official client, NDJSON',
        `${fmt(num(l.results, 'loadJobs.rowsPerSecond'))} rows/s`,
        '',
      ],
    );
    const pages = (get(l.results, 'pages') as Anyish[] | undefined) ?? [];
    const sizes = [...new Set(pages.map((p) => num(p, 'tableRows')))];
    for (const variant of ['or-form', 'sync-source']) {
      for (const size of sizes) {
        const picked = pages.filter((p) => p.variant === variant && num(p, 'tableRows') === size);
        if (picked.length === 0) continue;
        rows.push([
          `keyset page of ${fmt(num(l.parameters, 'pageSize'))}, ${fmt(size)}-row table`,
          variant === 'or-form' ? 'OR form via client.query (jobs.query)' : "the sync's own read (page source)",
          picked.map((p) => `${fmt(num(p, 'clientMs'))} (${fmt(num(p, 'serverMs'))})`).join(' / ') + ' ms',
          'cursor start / middle / end; (server)',
        ]);
      }
    }
  }
  const bb = records['bytes-billed'];
  if (bb) {
    const names: [string, string][] = [
      ['windowed', 'this sync: one job per window, page tokens'],
      ['keysetPages', 'previous read: a keyset query per page'],
      ['oldPlugin', 'old plugin: `ts > @last ORDER BY ts LIMIT n` per page'],
    ];
    const rowsN = fmt(num(bb.parameters, 'rows'));
    const poll = fmt(num(bb.parameters, 'pollSeconds'));
    for (const kind of ['day', 'unpartitioned']) {
      const t = get(bb.results, kind);
      if (!t) continue;
      const label = kind === 'day' ? 'DAY-partitioned, 30 days' : 'unpartitioned';
      const mib = (n: number) => fmt(n / 1024 ** 2);
      for (const [name, setup] of names) {
        const r = get(t, name);
        if (!r) continue;
        rows.push([
          `bytes billed, initial sync of ${rowsN} positions (${label})`,
          `${setup}; pages of ${fmt(num(bb.parameters, 'page'))}`,
          `${name === 'windowed' ? '**' : ''}${fmt(num(r, 'billedRatio'), 2)}x the table${name === 'windowed' ? '**' : ''} (${mib(num(r, 'bytesBilled'))} of ${mib(num(t, 'tableBytes'))} MiB, ${fmt(num(r, 'jobs'))} jobs, ${fmt(num(r, 'rowsPerSecond'))} rows/s read)`,
          name === 'windowed' ? 'goal ≤ 1.1x' : '',
        ]);
      }
      const w = get(t, 'windowed');
      rows.push([
        `steady polls (${label})`,
        `idle poll every ${poll} s, same table`,
        `${mib(num(w, 'steadyBytesBilledPerDay') / 1024)} GiB billed/day`,
        '10 MB minimum per poll when partitioned',
      ]);
      rows.push([
        `projection to a 100 GB table (${label})`,
        `$6.25/TiB; backfill: windowed / previous / old plugin; steady per day at ${poll}-s polls`,
        `$${fmt(num(w, 'projection100GB.backfillUsd'), 2)} / $${fmt(num(get(t, 'keysetPages'), 'projection100GB.backfillUsd'), 2)} / $${fmt(num(get(t, 'oldPlugin'), 'projection100GB.backfillUsd'), 2)}; steady $${fmt(num(w, 'projection100GB.steadyUsdPerDay'), 2)}/day`,
        '',
      ]);
    }
  }
  const soak = records['soak'];
  if (soak) {
    const p = soak.parameters;
    const r = soak.results;
    rows.push(
      [
        'query jobs per poll per table (soak)',
        `\`npm run bench -- soak --minutes=${fmt(num(p, 'minutes'))}\`: ${fmt(num(p, 'tables'))} tables, polls every ${fmt(num(p, 'pollMs') / 1000)} s; idle, then ${fmt(num(p, 'rate'))} rows/s inserted; other work on the machine ${fmt(num(r, 'cpu.otherCores'), 1)} of ${fmt(num(r, 'cpu.machineCores'))} cores`,
        `**${fmt(num(r, 'queriesPerPollPerTable.idle'), 2)}** idle, ${fmt(num(r, 'queriesPerPollPerTable.underLoad'), 2)} under load, worst minute ${fmt(num(r, 'queriesPerPollPerTable.max'), 2)}`,
        'goal 1 (before the fix: 21.6 on average and growing)',
      ],
      [
        'RSS over the soak, MiB',
        'Harper / local server, first → last minute (max)',
        `Harper ${fmt(num(r, 'rss.harperFirstMiB'))} → ${fmt(num(r, 'rss.harperLastMiB'))} (${fmt(num(r, 'rss.harperMaxMiB'))}); server ${fmt(num(r, 'rss.serverFirstMiB'))} → ${fmt(num(r, 'rss.serverLastMiB'))} (${fmt(num(r, 'rss.serverMaxMiB'))})`,
        'goal: flat',
      ],
    );
  }
  const v = records['validate'];
  if (v) {
    const r = v.results;
    const validated = fmt(num(r, 'validation.sourceRows'));
    const projected = num(v.parameters, 'rows') < 1_000_000;
    rows.push(
      [
        `validate ${validated} positions (one table, unpartitioned)`,
        `POST /SyncControl/ validate, ${fmt(num(r, 'validation.windows'))} one-hour windows, ${fmt(num(r, 'validation.jobs'))} query job(s)`,
        `**${fmt(num(r, 'validation.durationMs') / 1000, 1)} s**, ${fmt(num(r, 'validation.bytesBilled') / 1024 ** 2, 1)} MiB billed` +
          (projected ? ` (projected to 1M rows: ${fmt(num(r, 'projection1M.validationMs') / 1000, 1)} s)` : ''),
        `shared machine (2 cores, 8 sessions): Harper got ${fmt(num(r, 'validation.cpu.processes.harper'), 2)} cores`,
      ],
      [
        'Harper write rate while a validation runs',
        `raw writes of ${fmt(num(v.parameters, 'writeRows'))} rows, during / mean of before and after (one worker thread)`,
        `**${fmt(num(r, 'writes.ratio'), 2)}** (${fmt(num(r, 'writes.duringRowsPerSecond'))} vs ${fmt(num(r, 'writes.beforeRowsPerSecond'))} / ${fmt(num(r, 'writes.afterRowsPerSecond'))} rows/s)`,
        'shared machine (2 cores, 8 sessions), one Harper worker thread',
      ],
    );
  }
  for (const sr of [records['storage-read'], records['storage-read-worker']]) {
    if (!sr) continue;
    const paths = (get(sr.results, 'paths') as Record<string, Anyish> | undefined) ?? {};
    const n = fmt(num(sr.parameters, 'rows'));
    const settings = (get(sr.parameters, 'settings') as string[] | undefined) ?? [];
    const setup = settings.length > 0 ? ` (${settings.join(', ')})` : '';
    const mib = (b: number) => `${fmt(b / 1024 ** 2, 1)} MiB`;
    const labels: Record<string, string> = {
      'storage-read': 'initial sync through Storage Read',
      query: 'initial sync through queries',
      raw: 'raw Harper write, same records',
      'raw-exists': 'raw Harper write with the sinks’ new-key check per row',
    };
    for (const name of ['storage-read', 'query', 'raw', 'raw-exists']) {
      const p = paths[name];
      if (!p) continue;
      const threads = (get(p, 'busiestThreads') as Anyish[] | undefined) ?? [];
      const busy = `worker thread busy ${fmt(num(p, 'workerEventLoopBusy') * 100)}% (event loop), busiest thread ${fmt(num(threads[0], 'busy') * 100)}% CPU`;
      const anon = num(p, 'harperPeakAnonMiB');
      const rss =
        `peak RSS Harper ${fmt(num(p, 'harperPeakRssMiB'))} MiB` +
        (Number.isFinite(anon) ? ` (anon ${fmt(anon)})` : '') +
        `, local server ${fmt(num(p, 'localServerPeakRssMiB'))} MiB`;
      const bytes =
        name === 'storage-read'
          ? `${mib(num(p, 'bytes.read'))} Arrow read, session created in ${((get(p, 'sessions.createMs') as number[] | undefined) ?? []).map((ms) => fmt(ms)).join('/')} ms`
          : name === 'query'
            ? `${mib(num(p, 'bytes.processed'))} processed / ${mib(num(p, 'bytes.billed'))} billed in ${fmt(num(p, 'bytes.queryJobs'))} jobs`
            : '';
      rows.push([
        labels[name]!,
        `${n} positions, fresh Harper, one worker thread${name.startsWith('raw') ? '' : setup}, same run`,
        `**${fmt(num(p, 'rowsPerSecond'))} rows/s**` +
          (name === 'raw' ? '' : `, ratio to raw **${fmt(num(p, 'ratioToRaw'), 2)}**`),
        [
          busy,
          rss,
          bytes,
          `machine busy ${fmt(num(p, 'cpu.machineCores'), 2)} of ${fmt(num(sr.machine, 'cpuCount'))} cores, other work ${fmt(num(p, 'cpu.otherCores'), 2)}`,
        ]
          .filter((x) => x !== '')
          .join('; ') + (name.startsWith('raw') ? '' : '; goal ratio ≥ 0.95'),
      ]);
    }
  }
  const enc = records['rest-encoding'];
  if (enc) {
    const r = enc.results;
    const path = (which: string) =>
      `${fmt(num(r, `rowPath.${which}.microsPerValue`), 2)} µs/value, ${fmt(num(r, `rowPath.${which}.rowsPerSecond`))} rows/s`;
    rows.push([
      'local server REST row encoding',
      `\`npm run bench -- rest-encoding\`: ${fmt(num(enc.parameters, 'rows'))} rows of INT64, FLOAT64 x4, STRING, TIMESTAMP, DuckDB → wire rows → JSON, per CPU second, in-process`,
      `before ${path('before')}; **after ${path('after')}**; FLOAT64 text ${fmt(num(r, 'float64Text.microsPerValueBefore'), 2)} → ${fmt(num(r, 'float64Text.microsPerValueAfter'), 2)} µs`,
      'the local server only; real BigQuery encodes on its side',
    ]);
  }
  rows.push(...clusterRows(records.cluster));
  const table = [
    '| measure | setup | result | bar |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  const runs = Object.values(records)
    .filter((r): r is BenchRecord => r !== undefined)
    .map((r) => {
      const cpu = (get(r.results, 'cpu.sync') ??
        get(r.results, 'cpu') ??
        get(r.results, 'cpuWhileMeasuringPages') ??
        get(r.results, 'paths.storage-read.cpu')) as Anyish | undefined;
      const other = cpu ? `${fmt(num(cpu, 'otherCores'), 2)} cores` : '?';
      return `| ${r.name} | ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC | ${fmt(r.durationSeconds)} s | ${other} |`;
    });
  const hardware = (m: Machine) => `${m.cpuCount} x ${m.cpuModel}, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}`;
  const machines = [...new Set(Object.values(records).flatMap((r) => (r ? [hardware(r.machine)] : [])))];
  return [
    `Machine: ${machines.join('; ')}.`,
    '',
    ...table,
    '',
    '| run | started | took | other work on the machine meanwhile |',
    '| --- | --- | --- | --- |',
    ...runs,
  ].join('\n');
}
