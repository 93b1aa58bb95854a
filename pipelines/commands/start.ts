/** `npm start`: the main job end to end on the bundled samples, then (optionally) the schedule. */
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { ingestCommand } from './ingest.ts';
import { withDb } from './open-db.ts';
import { runPipeline } from './run.ts';

export async function startCommand(
  config: Config,
  options: { inbox: string; outDir: string; schedule: boolean },
  effects: Effects,
): Promise<number> {
  effects.out(`Database: ${config.dbPath}`);
  const ingested = await ingestCommand(config, { paths: [options.inbox] }, effects);
  if (!ingested.some((r) => r.status === 'success' || r.alreadyLoaded)) {
    effects.warn('Nothing could be ingested; see the messages above.');
    return 1;
  }
  const result = await withDb(config, (db) => runPipeline(db, { outDir: options.outDir, suppressionThreshold: config.suppressionThreshold }, effects));
  if (options.schedule) {
    effects.warn('The schedule is not available yet in this version.');
  }
  return result.models.models.some((m) => m.status === 'error') ? 1 : 0;
}
