import { createScenario } from '../../../../streams/synthesizer/scenarios/scenario.js';
import { expectedCount, initialize, selectTables } from '../../../../streams/synthesizer/writer/index.js';
import type { CommandContext } from '../context.js';
import { formatCount, formatSeconds } from '../format.js';
import type { Invocation } from '../invocation.js';
import { EXIT_OK } from '../program.js';

type InitializeInvocation = Extract<Invocation, { command: 'initialize' }>;

/** Plans the scenario (invalid counts fail here, before anything is written). */
export function planScenario(inv: InitializeInvocation) {
  return createScenario(
    {
      preset: inv.scenario,
      counts: inv.counts,
      ...(inv.start !== undefined ? { start: inv.start } : {}),
      ...(inv.durationMs !== undefined ? { durationMs: inv.durationMs } : {}),
    },
    inv.common.seed,
  );
}

export async function runInitialize(
  ctx: CommandContext,
  inv: InitializeInvocation,
  scenario: ReturnType<typeof planScenario>,
): Promise<number> {
  const tables = selectTables(inv.common.tables);
  const how = inv.common.streaming ? 'streaming inserts' : 'load jobs';
  ctx.note(
    `${scenario.name}: seed ${scenario.seed}, ${scenario.start} .. ${scenario.end}, ${scenario.fleetSize} vessels; ` +
      `writing ${tables.join(', ')} to ${ctx.where} with ${how}`,
  );
  const progress = ctx.progress();
  let result;
  try {
    result = await initialize(ctx.target, {
      ...ctx.writeOptions(progress),
      scenario,
      tables,
      append: inv.append,
      onPlan: ({ tables: planned }) => {
        for (const t of planned) progress.track(t, expectedCount(scenario.counts, t));
      },
    });
  } finally {
    progress.stop();
  }
  if (ctx.common.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return EXIT_OK;
  }
  const parts = result.tables.map((t) => `${t.table} ${formatCount(t.rows)}`).join(', ');
  const created = result.createdTables.length > 0 ? ` (created ${result.createdTables.join(', ')})` : '';
  ctx.out(
    `Wrote ${formatCount(result.rows)} rows: ${parts}${created} in ${formatSeconds(result.elapsedMs)} ` +
      `(${formatCount(Math.round(result.rowsPerSecond))} rows/s).`,
  );
  return EXIT_OK;
}
