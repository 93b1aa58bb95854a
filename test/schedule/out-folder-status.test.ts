/**
 * The scheduler's output folder in `almp status` and at start (a review of 2026-12-05): a run
 * by hand into another folder neither hides a failed scheduled run nor stands in for a missed
 * one, and status finds the scheduler's folder from another working folder too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { statusExitCode, statusReport } from '../../pipelines/ops/status.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { recordEnd, recordManualRun, recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { Scheduler, type Job } from '../../pipelines/schedule/scheduler.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe("status and the scheduler's output folder", () => {
  it('shows a failed scheduled run of the pages as failed though a run by hand into another folder went through', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    await project.withWriter(async (db) => {
      const id = await recordStart(db, { job: 'dashboards', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-03-10T09:00:00Z') });
      await recordEnd(db, id, { endedAt: new Date('2026-03-10T09:01:00Z'), status: 'error', items: [{ name: 'dashboard x', status: 'error', error: 'EACCES' }], out: settings.out });
      await recordManualRun(db, 'dashboards', new Date('2026-03-10T09:30:00Z'), new Date('2026-03-10T09:31:00Z'), [{ name: 'dashboard x', status: 'success' }], '/tmp/elsewhere');
    });
    const report = await statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:07:00Z'));
    expect(report.jobs.find((j) => j.job === 'dashboards')!.lastRun).toMatchObject({ status: 'error', trigger: 'after' });
    expect(statusExitCode(report)).toBe(1);
  });

  it("counts a return the scheduler wrote, read from another working folder without the schedule file (default ./out)", async () => {
    project = tempProject();
    const scheduler = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: '/opt/almp-monitor' });
    const operator = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: '/home/op' });
    await project.withWriter(async (db) => {
      const id = await recordStart(db, { job: 'quarterly_return', scheduledAt: new Date('2026-01-14T05:00:00Z'), trigger: 'cron', startedAt: new Date('2026-01-14T05:00:01Z') });
      await recordEnd(db, id, { endedAt: new Date('2026-01-14T05:01:00Z'), status: 'success', items: [{ name: 'return quarterly-controlling 2025-Q4 06411', status: 'success' }], out: scheduler.out });
    });
    const report = await statusReport(project.config.dbPath, operator, new Date('2026-03-10T10:07:00Z'));
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2025-Q4', day: '2026-01-14', writtenAt: '2026-01-14T05:00:01.000Z' });
  });

  it('catches up a missed fire at start though the due return was written by hand into another folder', async () => {
    project = tempProject();
    const out = '/srv/almp/out';
    await project.withWriter(async (db) => {
      const id = await recordStart(db, { job: 'quarterly_return', scheduledAt: new Date('2026-01-13T05:00:00Z'), trigger: 'cron', startedAt: new Date('2026-01-13T05:00:01Z') });
      await recordEnd(db, id, { endedAt: new Date('2026-01-13T05:01:00Z'), status: 'skipped', items: [{ name: 'returns 2025-Q4', status: 'skipped' }], out });
      await recordManualRun(db, 'quarterly_return', new Date('2026-01-14T07:00:00Z'), new Date('2026-01-14T07:01:00Z'), [{ name: 'return quarterly-controlling 2025-Q4 06411', status: 'success' }], '/tmp/test');
    });
    const runs: string[] = [];
    const job: Job = { name: 'quarterly_return', cron: '0 0 6 * * *', out, run: async ({ trigger }) => (runs.push(trigger), [{ name: 'x', status: 'success' }]) };
    const s = new Scheduler({ jobs: [job], timezone: 'Europe/Berlin', withWriter: project.withWriter, effects: liveEffects(() => new Date('2026-01-14T09:00:00Z')) });
    await s.start();
    await s.idle();
    await s.stop();
    expect(runs).toEqual(['catch_up']);
  });
});
