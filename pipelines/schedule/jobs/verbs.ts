/**
 * The verbs the scheduled jobs call: the same ones the CLI calls (cron callbacks hold no
 * logic). Injected, so tests can run jobs that are slow or fail on purpose; the real ones
 * are imported only when the scheduler runs for real.
 */
import type { Db } from '../../db/database.ts';
import type { Effects } from '../../effects.ts';
import type { ItemResult } from '../../results.ts';
import type { Kind } from '../../schema/kinds.ts';
import type { FileIngestResult } from '../../ingest/file-result.ts';

export interface Verbs {
  ingest(db: Db, options: { paths: string[]; kind?: Kind; kindOfFolder?: boolean; key: Buffer; keyLocation?: string }, effects: Effects): Promise<FileIngestResult[]>;
  buildModels(db: Db, options: { asOf?: string; suppressionThreshold?: number }, effects: Effects): Promise<{ asOf: string; models: ItemResult[] }>;
  writeDashboards(db: Db, options: { outDir: string }, effects: Effects): Promise<ItemResult[]>;
  writeReturns(db: Db, options: { outDir: string; period?: string; jobcenterId?: string }, effects: Effects): Promise<ItemResult[]>;
}

export async function realVerbs(): Promise<Verbs> {
  const [ingest, models, dashboards, returns] = await Promise.all([
    import('../../ingest/ingest.ts'),
    import('../../models/build.ts'),
    import('../../../dashboards/build.ts'),
    import('../../../reports/build.ts'),
  ]);
  return { ingest: ingest.ingestPaths, buildModels: models.buildModels, writeDashboards: dashboards.writeDashboards, writeReturns: returns.writeReturns };
}
