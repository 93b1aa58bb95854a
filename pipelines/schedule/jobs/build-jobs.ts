/**
 * The model, dashboard and return jobs. Models publish a read-only snapshot after a
 * successful build. Returns fire daily and write only when a return has fallen due
 * (n-th working day after the period) and has not been written since its due day.
 */
import { join, resolve } from 'node:path';
import type { ItemResult } from '../../results.ts';
import type { Effects } from '../../effects.ts';
import { publishSnapshot } from '../../ops/snapshot.ts';
import { lastProduced } from '../job-ledger.ts';
import type { JobContext } from '../scheduler.ts';
import { latestAnnualDue, latestQuarterlyDue, localDay } from '../working-days.ts';
import type { Verbs } from './verbs.ts';
import { awaitingFirstParticipations, refuseOutdatedMarts } from '../../models/marts-version.ts';
import { refuseOtherThreshold } from '../../models/threshold-guard.ts';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';

type JobFn = (context: JobContext) => Promise<ItemResult[]>;

export function modelsJob(options: { buildModels: Verbs['buildModels']; suppressionThreshold: number; snapshots: string; keepSnapshots: number }): JobFn {
  return async ({ db, effects }) => {
    // The model table and the check summary (some 60 lines) after every scheduled build filled
    // the console and journal; job_finished says how it went, almp status shows the findings,
    // and the lines stay in the debug log. Warnings (a failed model) are still shown.
    const quiet: Effects = { ...effects, out: (line) => effects.log.debug({ line }, 'models') };
    const build = await options.buildModels(db, { suppressionThreshold: options.suppressionThreshold }, quiet);
    const items = [...build.models];
    // A failed build rolled back: the marts and the snapshot stay as they were.
    if (items.some((i) => i.status === 'error')) return [...items, { name: 'snapshot', status: 'not_run', error: 'model build failed' }];
    return [...items, await publishSnapshot(db, { dir: options.snapshots, keep: options.keepSnapshots }, effects)];
  };
}

/**
 * The service's suppression threshold, which the outputs must have been built with: after a
 * build by hand at another (`almp run` without the service's ALMP_SUPPRESSION_THRESHOLD),
 * the scheduled returns went out with that build's small cells (a review). Undefined: not checked.
 */
type OutputThreshold = { readonly threshold?: Pick<Config, 'suppressionThreshold' | 'suppressionThresholdSet'> };

/** `inbox`: the schedule's inbox, named in the wait for the first participations. */
type OutputPlaces = OutputThreshold & { readonly inbox?: string };

async function refuseOutputs(db: Db, name: string, { threshold, inbox }: OutputPlaces): Promise<ItemResult[] | undefined> {
  const outdated = await refuseOutdatedMarts(db, name);
  if (outdated && (await awaitingFirstParticipations(db))) {
    const where = inbox === undefined ? '' : `, into ${join(inbox, 'participations')}`;
    return [{ name, status: 'skipped', error: `waiting for the first participations (none loaded yet${where})` }];
  }
  return outdated ?? (threshold === undefined ? undefined : await refuseOtherThreshold(db, threshold, name, { service: true }));
}

export function dashboardsJob(options: { writeDashboards: Verbs['writeDashboards']; out: string } & OutputPlaces): JobFn {
  return async ({ db, effects }) => (await refuseOutputs(db, 'dashboards', options)) ?? options.writeDashboards(db, { outDir: options.out }, effects);
}

export function returnsJob(options: { writeReturns: Verbs['writeReturns']; out: string; cadence: 'quarterly' | 'annual'; workingDay: number; timezone: string } & OutputPlaces): JobFn {
  return async ({ db, effects, scheduledAt, trigger, job }) => {
    const day = localDay(scheduledAt ?? effects.now(), options.timezone);
    const due = options.cadence === 'quarterly' ? latestQuarterlyDue(day, options.workingDay) : latestAnnualDue(day, options.workingDay);
    // only a return written into this job's folder counts (one by hand into another does not)
    const produced = await lastProduced(db, job, due.period, resolve(options.out));
    // A manual run always writes; a scheduled one only once per due date (catch-up included).
    if (trigger !== 'manual' && produced && localDay(produced, options.timezone) >= due.due) {
      return [{ name: `returns ${due.period}`, status: 'skipped', error: `written on or after its due day ${due.due}` }];
    }
    effects.log.info({ event: 'returns_due', period: due.period, due: due.due }, `returns for ${due.period} due since ${due.due}`);
    const refused = await refuseOutputs(db, `returns ${due.period}`, options);
    if (refused) return refused;
    return options.writeReturns(db, { outDir: options.out, period: due.period }, effects);
  };
}
