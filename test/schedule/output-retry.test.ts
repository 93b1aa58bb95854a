/**
 * The retry interval of dashboards and returns that could not be written: fixed at an hour,
 * an operator who fixed the folder at 10:05 waited for the pages until 11:00 or so; the
 * schedule file's outputRetryMinutes sets it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultJobs } from '../../pipelines/schedule/default-jobs.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { Scheduler } from '../../pipelines/schedule/scheduler.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { recordEnd, recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { statusReport } from '../../pipelines/ops/status.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

/** The settings of a schedule file holding `fields`, in the test's project (one per test:
 * a project made per call was left in the temp folder). */
function settingsWith(fields: Record<string, unknown>) {
  const p = (project ??= tempProject());
  const file = join(p.dir, 'schedule.json');
  writeFileSync(file, JSON.stringify({ catchUp: false, ...fields }));
  return loadScheduleSettings(file, { dataDir: join(p.dir, 'data'), cwd: p.dir });
}

describe('outputRetryMinutes', () => {
  it('retries dashboards that could not be written after that many minutes at the next scan, and not before', async () => {
    const settings = settingsWith({ outputRetryMinutes: 5 });
    let clock = new Date('2026-03-10T10:00:00Z');
    let writable = false;
    let drawn = 0;
    const verbs = fakeVerbs();
    const writeDashboards: typeof verbs.writeDashboards = async () => {
      drawn++;
      return [writable ? { name: 'overview', status: 'success' } : { name: 'overview', status: 'error', error: "EACCES: permission denied, open 'out/dashboards/overview.html'" }];
    };
    const jobs = defaultJobs(settings, project!.config, { ...verbs, writeDashboards }, Buffer.from('test-key-0123456789abcdef'));
    const s = new Scheduler({ jobs, timezone: settings.timezone, withWriter: project!.withWriter, effects: liveEffects(() => clock), catchUp: false });
    await s.start();
    const scanAt = async (iso: string) => {
      clock = new Date(iso);
      await s.trigger('ingest'); // an empty inbox: no build follows
      await s.idle();
    };
    try {
      await s.trigger('dashboards'); // 10:00: the out folder is not writable
      await scanAt('2026-03-10T10:04:59Z');
      expect(drawn).toBe(1);
      writable = true; // the operator fixes the folder
      await scanAt('2026-03-10T10:05:00Z');
      expect(drawn).toBe(2);
      await scanAt('2026-03-10T10:15:00Z'); // written: nothing more to retry
      expect(drawn).toBe(2);
    } finally {
      await s.stop();
    }
    expect((await project!.ledger('dashboards')).map((r) => [r.trigger, r.status, r.started_at])).toEqual([
      ['manual', 'error', '2026-03-10 10:00:00'],
      ['retry', 'success', '2026-03-10 10:05:00'],
    ]);
  });

  it('is an hour unless the schedule file sets it, for the jobs that write into out', () => {
    const settings = settingsWith({});
    expect(settings.outputRetryMs).toBe(3_600_000);
    const jobs = defaultJobs(settingsWith({ outputRetryMinutes: 10 }), project!.config, fakeVerbs(), Buffer.from('test-key-0123456789abcdef'));
    expect(jobs.map((j) => [j.name, j.retryEveryMs])).toEqual([
      ['ingest', undefined],
      ['models', undefined],
      ['dashboards', 600_000],
      ['quarterly_return', 600_000],
      ['annual_return', 600_000],
    ]);
  });

  it('refuses what is no number of minutes, naming the field and an example', () => {
    for (const value of [0, -5, 2.5, '1h', null, 100_000]) {
      expect(() => settingsWith({ outputRetryMinutes: value })).toThrow(/outputRetryMinutes: a whole number of minutes from 1 to 1440, e\.g\. 60/);
    }
  });
  it('is named by almp status: when a failed output job is retried next', async () => {
    const settings = settingsWith({ outputRetryMinutes: 5 });
    await project!.withWriter(async (db) => {
      const id = await recordStart(db, { job: 'dashboards', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-03-10T10:00:00Z') });
      await recordEnd(db, id, { endedAt: new Date('2026-03-10T10:01:00Z'), status: 'partial', items: [{ name: 'index', status: 'success' }, { name: 'overview', status: 'error', error: 'EACCES' }], out: settings.out });
    });
    const scheduler = tryAcquire(`${project!.config.dbPath}.scheduler.lock`);
    try {
      const report = await statusReport(project!.config.dbPath, settings, new Date('2026-03-10T10:02:00Z'));
      expect(report.jobs.find((j) => j.job === 'dashboards')!.retryFrom).toBe('2026-03-10T10:05:00.000Z');
      const effects = quietEffects();
      printStatus(report, settings.timezone, effects);
      expect(effects.lines.join('\n')).toContain('Needs attention: dashboards (1 of 2 items failed; the scheduler retries it at the first scan from 10.03.2026, 11:05:00)');
    } finally {
      if ('release' in scheduler) scheduler.release();
    }
  });
});
