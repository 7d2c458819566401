/**
 * Where a table is in its life: `initial` until it first catches up, then `steady` while its
 * lag stays low, `catchup` when it falls behind again. Each phase has its own batch size.
 */
export type Phase = 'initial' | 'catchup' | 'steady';
