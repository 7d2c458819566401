import { runContinuous, selectTables } from '../../../../streams/synthesizer/writer/index.js';
import type { CommandContext } from '../context.js';
import { formatCount, formatSeconds } from '../format.js';
import type { Invocation } from '../invocation.js';
import { EXIT_OK } from '../program.js';

type StartInvocation = Extract<Invocation, { command: 'start' }>;

/** Google allows 1,500 load jobs per table per day: about one a minute. */
const MIN_CLOUD_LOAD_FLUSH_MS = 60_000;

export async function runStart(ctx: CommandContext, inv: StartInvocation): Promise<number> {
  const tables = selectTables(inv.common.tables);
  if (ctx.endpoint === undefined && !inv.common.streaming && inv.flushMs < MIN_CLOUD_LOAD_FLUSH_MS) {
    ctx.note(
      `warning: a load job every ${formatSeconds(inv.flushMs)} per table exceeds BigQuery's 1,500 loads/table/day; ` +
        'use --flush 60s or more, or --streaming',
    );
  }
  const rates = tables.map((t) => `${t}=${inv.rates[t] ?? 0}/s`).join(', ');
  ctx.note(
    `continuous generation into ${ctx.where}: ${rates}; flush every ${formatSeconds(inv.flushMs)}; Ctrl-C stops`,
  );
  const progress = ctx.progress();
  for (const t of tables) progress.track(t);
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
  // `--for` counts from the fleet's start, not from sizing it (seconds for big fleets).
  let timer: NodeJS.Timeout | undefined;
  let summary;
  try {
    const write = ctx.writeOptions(progress);
    summary = await runContinuous(ctx.target, {
      ...(write.useStreamingInsert !== undefined ? { useStreamingInsert: write.useStreamingInsert } : {}),
      ...(write.retry !== undefined ? { retry: write.retry } : {}),
      rates: inv.rates,
      tables,
      signal: stop.signal,
      flushIntervalMs: inv.flushMs,
      retentionIntervalMs: inv.retentionIntervalMs,
      ...(inv.common.seed !== undefined ? { seed: inv.common.seed } : {}),
      ...(inv.vessels !== undefined ? { vessels: inv.vessels } : {}),
      ...(inv.retentionDays !== undefined ? { retentionDays: inv.retentionDays } : {}),
      onFleet: (f) => {
        if (inv.forMs !== undefined) timer = setTimeout(() => stop.abort(), inv.forMs);
        progress.log(
          `fleet of ${formatCount(f.vessels)} vessels from ${f.start}; expected positions ` +
            `${f.expected.positionsPerSecond.toFixed(1)}/s, events ${f.expected.eventsPerSecond.toFixed(2)}/s, ` +
            `metadata ${f.expected.metadataPerSecond.toFixed(2)}/s (+1 initial row per vessel)`,
        );
      },
      onFlush: (f) => {
        for (const t of tables) progress.update(t, f.totals[t]);
      },
      onRetention: (results) => {
        const deleted = results.filter((r) => r.deleted > 0);
        if (deleted.length > 0) {
          progress.log(
            `retention: deleted ${deleted.map((r) => `${formatCount(r.deleted)} from ${r.table}`).join(', ')}`,
          );
        }
      },
      onError: (error, during) => progress.log(`${during} failed (will retry): ${(error as Error).message}`),
    });
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onOuterAbort);
    progress.stop();
  }
  if (ctx.common.json) {
    ctx.out(JSON.stringify(summary, null, 2));
    return EXIT_OK;
  }
  const seconds = summary.generatedMs / 1000;
  const rate = (n: number): string => (seconds > 0 ? ` (${(n / seconds).toFixed(2)}/s)` : '');
  const parts = tables.map((t) => `${t} ${formatCount(summary.totals[t])}${rate(summary.totals[t])}`).join(', ');
  const retention =
    inv.retentionDays !== undefined ? `; retention deleted ${formatCount(summary.deletedByRetention)}` : '';
  ctx.out(
    `Stopped after ${formatSeconds(summary.elapsedMs)} (${formatSeconds(summary.generatedMs)} of rows): ` +
      `wrote ${parts} in ${summary.flushes} flushes${retention}.`,
  );
  return EXIT_OK;
}
