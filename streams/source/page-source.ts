/** Kept so imports of this path keep working: the source's types live in streams/model. */
export type { PageSource, SourcePage, SourceRow, PageStats } from '../model/index.js';
