/**
 * `npm start`: the main job end to end on the bundled samples (ingest → models →
 * dashboards → returns), then a read-only snapshot for readers; with --schedule it hands
 * over to the scheduler, which keeps watching the inbox beside the database.
 */
import { dirname } from 'node:path';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { ingestCommand } from './ingest.ts';
import { withDb } from './open-db.ts';
import { runPipeline } from './run.ts';
import { publishSnapshot } from '../ops/snapshot.ts';
import { stopOnSignals } from '../ops/stop-signal.ts';
import { ifInterrupted } from '../interruption.ts';
import { runCompleteNote } from './run-notes.ts';
import { loadScheduleSettings } from '../schedule/schedule-config.ts';
import { scheduleCommand } from '../schedule/schedule-command.ts';

export interface StartOptions {
  readonly inbox: string;
  readonly outDir: string;
  readonly schedule: boolean;
  /** Schedule file for --schedule (default: the built-in schedule). */
  readonly configFile?: string;
  /** Stops the schedule; default: SIGTERM/SIGINT. */
  readonly signal?: AbortSignal;
}

export async function startCommand(config: Config, options: StartOptions, effects: Effects): Promise<number> {
  const settings = loadScheduleSettings(options.configFile, { dataDir: dirname(config.dbPath), cwd: process.cwd() });
  effects.out(`Database: ${config.dbPath}`);
  const ingested = await ingestCommand(config, { paths: [options.inbox], thenBuild: true }, effects);
  if (!ingested.some((r) => r.status === 'success' || r.alreadyLoaded)) {
    effects.warn('Nothing could be ingested; see the messages above.');
    return 1;
  }
  const { result, snapshot } = await withDb(
    config,
    async (db) => {
      const run = await runPipeline(db, { outDir: options.outDir, suppressionThreshold: config.suppressionThreshold }, effects);
      const built = !run.models.models.some((m) => m.status === 'error');
      const snapshot = built ? await publishSnapshot(db, { dir: settings.snapshots, keep: settings.keepSnapshots }, effects) : undefined;
      if (snapshot?.status === 'success') ifInterrupted(runCompleteNote(run.models.asOf));
      return { result: run, snapshot };
    },
    { effects },
  );
  if (snapshot?.status === 'success') effects.out(`Read-only snapshot for BI tools and almp query: ${snapshot.path}`);
  else if (snapshot) effects.warn(`The snapshot for readers could not be published: ${snapshot.error}`);
  const failed = result.models.models.some((m) => m.status === 'error');
  if (!options.schedule) return failed ? 1 : 0;
  effects.out('');
  effects.out(`Handing over to the scheduler: drop new files into ${settings.inbox}/<kind>/.`);
  return scheduleCommand(
    config,
    { configFile: options.configFile, signal: options.signal ?? stopOnSignals(effects), cwd: process.cwd(), outDir: options.outDir },
    effects,
  );
}
