/**
 * The model, dashboard and return jobs. Models publish a read-only snapshot after a
 * successful build. Returns fire daily and write only when a return has fallen due
 * (n-th working day after the period) and has not been written since its due day.
 */
import { resolve } from 'node:path';
import type { ItemResult } from '../../results.ts';
import type { Effects } from '../../effects.ts';
import { publishSnapshot } from '../../ops/snapshot.ts';
import { lastProduced } from '../job-ledger.ts';
import type { JobContext } from '../scheduler.ts';
import { latestAnnualDue, latestQuarterlyDue, localDay } from '../working-days.ts';
import type { Verbs } from './verbs.ts';
import { refuseOutdatedMarts } from '../../models/marts-version.ts';

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

export function dashboardsJob(options: { writeDashboards: Verbs['writeDashboards']; out: string }): JobFn {
  return async ({ db, effects }) => (await refuseOutdatedMarts(db, 'dashboards')) ?? options.writeDashboards(db, { outDir: options.out }, effects);
}

export function returnsJob(options: { writeReturns: Verbs['writeReturns']; out: string; cadence: 'quarterly' | 'annual'; workingDay: number; timezone: string }): JobFn {
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
    const refused = await refuseOutdatedMarts(db, `returns ${due.period}`);
    if (refused) return refused;
    return options.writeReturns(db, { outDir: options.out, period: due.period }, effects);
  };
}
