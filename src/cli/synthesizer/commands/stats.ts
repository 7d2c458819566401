import { stats } from '../../../../streams/synthesizer/writer/index.js';
import type { CommandContext } from '../context.js';
import { formatCount, textTable } from '../format.js';
import type { Invocation } from '../invocation.js';
import { EXIT_OK } from '../program.js';

export async function runStats(ctx: CommandContext, inv: Extract<Invocation, { command: 'stats' }>): Promise<number> {
  const results = await stats(ctx.target, inv.common.tables ? { tables: inv.common.tables } : {});
  if (ctx.common.json) {
    ctx.out(JSON.stringify(results, null, 2));
    return EXIT_OK;
  }
  ctx.out(`${ctx.where}\n`);
  ctx.out(
    textTable(
      ['table', 'rows', 'vessels', 'first', 'last'],
      results.map((s) =>
        s.exists
          ? [s.table, formatCount(s.rows), formatCount(s.vessels), s.minTime ?? '-', s.maxTime ?? '-']
          : [s.table, 'missing', '-', '-', '-'],
      ),
    ),
  );
  return EXIT_OK;
}
