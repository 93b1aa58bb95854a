/** The standard jobs, from the schedule settings and the verbs (real ones, or injected in tests). */
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { OUTPUT_JOBS, type ScheduleSettings } from './schedule-config.ts';
import type { Job, RunOutcome } from './scheduler.ts';
import { inboxJob } from './jobs/inbox-job.ts';
import { dashboardsJob, modelsJob, returnsJob } from './jobs/build-jobs.ts';
import type { Verbs } from './jobs/verbs.ts';
import { purgeJob } from './jobs/purge-job.ts';
import { protectedPlaces } from '../ops/purge-command.ts';
import { martsOutdated } from '../models/marts-version.ts';
import { AlmpError } from '../errors.ts';

export function defaultJobs(settings: ScheduleSettings, config: Config, verbs: Verbs, key: Buffer): Job[] {
  const { jobs, timezone } = settings;
  const run = {
    ingest: inboxJob({ inbox: settings.inbox, archive: settings.archive, quarantine: settings.quarantine, minAgeMs: settings.inboxMinAgeMs, cutOffWaitMs: settings.inboxCutOffWaitMs, timezone, key, keyLocation: config.pseudonymKey ? 'ALMP_PSEUDONYM_KEY' : config.keyFile, ingest: verbs.ingest }),
    models: modelsJob({ buildModels: verbs.buildModels, suppressionThreshold: config.suppressionThreshold, snapshots: settings.snapshots, keepSnapshots: settings.keepSnapshots }),
    dashboards: dashboardsJob({ writeDashboards: verbs.writeDashboards, out: settings.out, threshold: config, inbox: settings.inbox }),
    quarterly_return: returnsJob({ writeReturns: verbs.writeReturns, out: settings.out, cadence: 'quarterly', workingDay: jobs.quarterly_return.workingDay, timezone, threshold: config, inbox: settings.inbox }),
    annual_return: returnsJob({ writeReturns: verbs.writeReturns, out: settings.out, cadence: 'annual', workingDay: jobs.annual_return.workingDay, timezone, threshold: config, inbox: settings.inbox }),
    // enabled only with retentionDays (schedule-config.ts)
    purge: purgeJob({ archive: settings.archive, quarantine: settings.quarantine, days: settings.retentionDays ?? 0, timezone, protect: protectedPlaces(config, settings) }),
  };
  const enabled = (Object.keys(run) as (keyof typeof run)[]).filter((name) => jobs[name].enabled);
  for (const name of enabled) {
    const after = jobs[name].after;
    // without a timer and without an enabled predecessor a job would never run
    if (jobs[name].cron) continue;
    if (after !== null && !enabled.includes(after as keyof typeof run)) {
      throw new AlmpError(
        `Job '${name}' runs only after '${after}', which the schedule file switches off ("enabled": false).`,
        `Give '${name}' a "cron" of its own, or switch it off too ("${name}": { "enabled": false }).`,
        2,
      );
    }
    if (after === null) {
      throw new AlmpError(`Job '${name}' has neither a "cron" nor an "after" job in the schedule file: it would never run.`, `Give it one of them, or switch it off ("${name}": { "enabled": false }).`, 2);
    }
  }
  return enabled.map((name) => ({
    name,
    cron: jobs[name].cron ?? undefined,
    // A job that runs after a disabled one keeps only its own timer.
    after: jobs[name].after !== null && enabled.includes(jobs[name].after!) ? jobs[name].after! : undefined,
    run: run[name],
    // the ledger keeps where outputs went: a return written by hand elsewhere is not one in `out`
    out: OUTPUT_JOBS.has(name) ? resolve(settings.out) : undefined,
    // Outputs that could not be written (the folder not writable, the disk full) are written
    // again at the next scan once outputRetryMinutes (an hour) passed: dashboards otherwise
    // waited for new data or the nightly build, returns for the next day's fire, and status
    // exited 1 until then.
    retryEveryMs: OUTPUT_JOBS.has(name) ? settings.outputRetryMs : undefined,
    // Dashboards follow a build only when every model and the snapshot succeeded.
    changed: name === 'models' ? (outcome: RunOutcome) => outcome.status === 'success' : undefined,
    // A file committed after the last build (the process stopped between the two) would
    // otherwise wait for the nightly timer, readers seeing the older snapshot until then.
    // Dashboards have no timer of their own: stopped between a build and its dashboards,
    // they stayed older than the snapshot until the next night's build.
    // After an upgrade the marts are the older version's until a build: rebuild at start.
    staleAtStart: name === 'models' ? dataOrModelsNewerThan : name === 'dashboards' ? buildNewerThan : undefined,
  }));
}

/** Whether the models were built (successfully) after `lastDone` of the dashboards. */
export async function buildNewerThan(db: Db, lastDone: Date | undefined): Promise<boolean> {
  const built = await db.one<{ t: Date | null }>("SELECT max(started_at) AS t FROM meta.job_runs WHERE job = 'models' AND status = 'success'");
  const at = built?.t ?? null;
  return at !== null && (lastDone === undefined || new Date(at).getTime() > lastDone.getTime());
}

/** dataNewerThan, or marts built by another version's model code (marts-version.ts). */
export async function dataOrModelsNewerThan(db: Db, lastDone: Date | undefined): Promise<boolean> {
  return (await martsOutdated(db)) !== undefined || dataNewerThan(db, lastDone);
}

/** Whether a file was loaded after `lastDone` (or ever, when the job never ran). */
export async function dataNewerThan(db: Db, lastDone: Date | undefined): Promise<boolean> {
  const latest = await db.one<{ t: Date | null }>('SELECT max(loaded_at) AS t FROM meta.files');
  const loaded = latest?.t ?? null;
  return loaded !== null && (lastDone === undefined || new Date(loaded).getTime() > lastDone.getTime());
}
