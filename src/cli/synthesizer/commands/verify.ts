import type { ScenarioCounts } from '../../../../streams/synthesizer/scenarios/presets.js';
import { SCENARIO_PRESETS } from '../../../../streams/synthesizer/scenarios/presets.js';
import { verify } from '../../../../streams/synthesizer/writer/index.js';
import type { CommandContext } from '../context.js';
import type { Invocation } from '../invocation.js';
import { EXIT_FAILURE, EXIT_OK } from '../program.js';

export async function runVerify(ctx: CommandContext, inv: Extract<Invocation, { command: 'verify' }>): Promise<number> {
  const expected: Partial<ScenarioCounts> = {
    ...(inv.scenario !== undefined ? SCENARIO_PRESETS[inv.scenario].counts : {}),
    ...inv.counts,
  };
  const report = await verify(ctx.target, {
    expected,
    ...(inv.common.tables ? { tables: inv.common.tables } : {}),
  });
  if (ctx.common.json) {
    ctx.out(JSON.stringify(report, null, 2));
  } else {
    for (const c of report.checks) ctx.out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
    const failed = report.checks.filter((c) => !c.ok).length;
    ctx.out(
      failed === 0
        ? `All ${report.checks.length} checks passed.`
        : `${failed} of ${report.checks.length} checks failed.`,
    );
  }
  return report.ok ? EXIT_OK : EXIT_FAILURE;
}
