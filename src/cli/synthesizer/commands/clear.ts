import { clear } from '../../../../streams/synthesizer/writer/index.js';
import type { CommandContext } from '../context.js';
import type { Invocation } from '../invocation.js';
import { EXIT_OK } from '../program.js';

export async function runClear(ctx: CommandContext, inv: Extract<Invocation, { command: 'clear' }>): Promise<number> {
  const results = await clear(ctx.target, {
    mode: inv.drop ? 'drop' : 'truncate',
    ...(inv.common.tables ? { tables: inv.common.tables } : {}),
  });
  if (ctx.common.json) ctx.out(JSON.stringify(results, null, 2));
  else
    for (const r of results) ctx.out(`${r.table}: ${r.action === 'missing' ? 'not found (nothing to do)' : r.action}`);
  return EXIT_OK;
}
