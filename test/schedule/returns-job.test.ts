import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Scheduler } from '../../pipelines/schedule/scheduler.ts';
import { returnsJob } from '../../pipelines/schedule/jobs/build-jobs.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { statusReport } from '../../pipelines/ops/status.ts';
import { recordReturnsByHand } from '../../pipelines/commands/record-by-hand.ts';
import { ensureLedger, recordEnd, recordManualRun, recordStart } from '../../pipelines/schedule/job-ledger.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('returns job', () => {
  it('writes the quarterly return once on or after its 10th working day, also as a catch-up', async () => {
    project = tempProject();
    const out = join(project.dir, 'out');
    const job = { name: 'quarterly_return', cron: '0 0 6 * * *', out, run: returnsJob({ writeReturns: fakeVerbs().writeReturns, out, cadence: 'quarterly', workingDay: 10, timezone: 'Europe/Berlin' }) };
    const startAt = async (iso: string) => {
      const s = new Scheduler({ jobs: [job], timezone: 'Europe/Berlin', withWriter: project!.withWriter, effects: liveEffects(() => new Date(iso)) });
      await s.start();
      await s.idle();
      await s.stop();
    };
    // Mon 13 Apr 2026: Q1 is not due before Tue 14 Apr (10th working day); the latest due is Q4 2025.
    await startAt('2026-04-13T08:00:00Z');
    await startAt('2026-04-14T08:00:00Z');
    // Down on the 15th and 16th: one catch-up, which finds Q1 already written.
    await startAt('2026-04-16T08:00:00Z');
    expect(readdirSync(join(out, 'returns')).sort()).toEqual(['return-2025-Q4.txt', 'return-2026-Q1.txt']);
    const ledger = await project.ledger('quarterly_return');
    expect(ledger.map((r) => [r.scheduled_at, r.status])).toEqual([
      ['2026-04-13 04:00:00', 'success'],
      ['2026-04-14 04:00:00', 'success'],
      ['2026-04-16 04:00:00', 'skipped'],
    ]);
  });
});

describe('returns job after a run that wrote only some returns', () => {
  it('writes them again at the next fire, and status does not call them written until then', async () => {
    project = tempProject();
    const out = join(project.dir, 'out');
    const real = fakeVerbs().writeReturns;
    let failEsf = true;
    // The first run writes the quarterly workbook but not the ESF+ return (e.g. disk full).
    const writeReturns: typeof real = async (db, options, effects) => [
      ...(await real(db, options, effects)),
      failEsf ? { name: `esf ${options.period}`, status: 'error', error: 'ENOSPC: no space left on device' } : { name: `esf ${options.period}`, status: 'success' },
    ];
    const job = { name: 'quarterly_return', cron: '0 0 6 * * *', out, run: returnsJob({ writeReturns, out, cadence: 'quarterly', workingDay: 10, timezone: 'Europe/Berlin' }) };
    const startAt = async (iso: string) => {
      const s = new Scheduler({ jobs: [job], timezone: 'Europe/Berlin', withWriter: project!.withWriter, effects: liveEffects(() => new Date(iso)) });
      await s.start();
      await s.idle();
      await s.stop();
    };
    await startAt('2026-04-14T08:00:00Z');
    // Not written in full: status must not say "written" (and the run needs attention).
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const report = await statusReport(project.config.dbPath, settings, new Date('2026-04-14T12:00:00Z'));
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2026-Q1', day: '2026-04-14', writtenAt: null });
    // The cause is fixed; the next day's fire writes the set again instead of skipping it.
    failEsf = false;
    await startAt('2026-04-15T08:00:00Z');
    await startAt('2026-04-16T08:00:00Z');
    const ledger = await project.ledger('quarterly_return');
    expect(ledger.map((r) => [r.scheduled_at, r.status])).toEqual([
      ['2026-04-14 04:00:00', 'partial'],
      ['2026-04-15 04:00:00', 'success'],
      ['2026-04-16 04:00:00', 'skipped'],
    ]);
  });
});

describe('returns job when the data arrive after its fire', () => {
  it('writes a due return after the first build that has data, not a day later at the next fire', async () => {
    project = tempProject();
    const out = join(project.dir, 'out');
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    let hasData = false;
    const real = fakeVerbs().writeReturns;
    // a fresh instance: nothing built yet, so nothing to write (as writeReturns says without marts)
    const writeReturns: typeof real = async (db, options, effects) =>
      hasData ? real(db, options, effects) : [{ name: `returns ${options.period}`, status: 'skipped', error: 'no models built yet' }];
    const models = { name: 'models', cron: '0 30 1 * * *', run: async () => [{ name: 'build', status: hasData ? 'success' : 'skipped' } as const], staleAtStart: async () => hasData };
    const returns = {
      name: 'quarterly_return',
      cron: '0 0 6 * * *',
      after: settings.jobs.quarterly_return.after ?? undefined,
      out,
      run: returnsJob({ writeReturns, out, cadence: 'quarterly', workingDay: 10, timezone: 'Europe/Berlin' }),
    };
    const startAt = async (iso: string) => {
      const s = new Scheduler({ jobs: [models, returns], timezone: 'Europe/Berlin', withWriter: project!.withWriter, effects: liveEffects(() => new Date(iso)) });
      await s.start();
      await s.idle();
      await s.stop();
    };
    // the day Q1 falls due (Tue 14 Apr 2026): the 06:00 fire finds no build
    await startAt('2026-04-14T08:00:00Z');
    // the first files arrive at 09:00 and are built: the due return follows the build
    hasData = true;
    await startAt('2026-04-14T09:00:00Z');
    expect(readdirSync(join(out, 'returns'))).toEqual(['return-2026-Q1.txt']);
  });
});


describe('returns job after a return written by hand into another folder', () => {
  const written = (period: string) => [{ name: `return quarterly-controlling ${period}`, status: 'success' as const }];
  const setUp = () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const job = { name: 'quarterly_return', cron: '0 0 6 * * *', out: resolve(settings.out), run: returnsJob({ writeReturns: fakeVerbs().writeReturns, out: settings.out, cadence: 'quarterly', workingDay: 10, timezone: 'Europe/Berlin' }) };
    const startAt = async (iso: string) => {
      const s = new Scheduler({ jobs: [job], timezone: 'Europe/Berlin', withWriter: project!.withWriter, effects: liveEffects(() => new Date(iso)) });
      await s.start();
      await s.idle();
      await s.stop();
    };
    return { settings, startAt };
  };

  it('still writes the due return into the schedule\'s out, and status does not call it written', async () => {
    const { settings, startAt } = setUp();
    // `almp run --out /tmp/other` on the due day (Tue 14 Apr 2026, Q1): recorded as a run by hand
    await project!.withWriter((db) => recordReturnsByHand(db, new Date('2026-04-14T07:00:00Z'), new Date('2026-04-14T07:01:00Z'), written('2026-Q1'), join(project!.dir, 'other')));
    const report = await statusReport(project!.config.dbPath, settings, new Date('2026-04-14T12:00:00Z'));
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2026-Q1', day: '2026-04-14', writtenAt: null });
    // the next fire (15 Apr, caught up at start) writes it into out/returns instead of skipping it
    await startAt('2026-04-15T08:00:00Z');
    expect(readdirSync(join(settings.out, 'returns'))).toEqual(['return-2026-Q1.txt']);
    expect((await project!.ledger('quarterly_return')).map((r) => [r.trigger, r.status])).toEqual([
      ['manual', 'success'],
      ['catch_up', 'success'],
    ]);
  });

  it('counts a return written by hand into the same folder, not a ledger row from before the folder was kept', async () => {
    // a row an older version recorded names no folder: counted as written into every folder, the due
    // return was never written into the schedule's after an upgrade (an upgrade audit)
    const { settings, startAt } = setUp();
    await project!.withWriter(async (db) => {
      await recordReturnsByHand(db, new Date('2026-04-14T07:00:00Z'), new Date('2026-04-14T07:01:00Z'), written('2026-Q1'), settings.out);
      await recordManualRun(db, 'annual_return', new Date('2026-04-14T07:00:00Z'), new Date('2026-04-14T07:01:00Z'), [{ name: 'return state_annual 2025', status: 'success' }]);
    });
    const report = await statusReport(project!.config.dbPath, settings, new Date('2026-04-14T12:00:00Z'));
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.due?.writtenAt).not.toBeNull();
    expect(report.jobs.find((j) => j.job === 'annual_return')!.due?.writtenAt).toBeNull();
    await startAt('2026-04-15T08:00:00Z');
    expect((await project!.ledger('quarterly_return')).map((r) => r.status)).toEqual(['success', 'skipped']);
  });
});

describe('returns job killed while writing after a build', () => {
  it('writes the due return at the next start, not at the next day\'s fire', async () => {
    project = tempProject();
    const out = join(project.dir, 'out');
    const models = { name: 'models', cron: '0 30 1 * * *', run: async () => [{ name: 'mart.totals', status: 'success' } as const] };
    const returns = { name: 'quarterly_return', cron: '0 0 6 * * *', after: 'models', out, run: returnsJob({ writeReturns: fakeVerbs().writeReturns, out, cadence: 'quarterly', workingDay: 10, timezone: 'Europe/Berlin' }) };
    // Q1 falls due on Tue 14 Apr 2026; the 06:00 fire found no build yet (skipped); the first
    // build at 09:00 chained the returns, and the process was killed while they were written
    await project.withWriter(async (db) => {
      await ensureLedger(db);
      const fired = await recordStart(db, { job: 'quarterly_return', scheduledAt: new Date('2026-04-14T04:00:00Z'), trigger: 'cron', startedAt: new Date('2026-04-14T04:00:00Z') });
      await recordEnd(db, fired, { endedAt: new Date('2026-04-14T04:00:01Z'), status: 'skipped', items: [{ name: 'returns 2026-Q1', status: 'skipped', error: 'no models built yet' }], out });
      const built = await recordStart(db, { job: 'models', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-04-14T07:00:00Z') });
      await recordEnd(db, built, { endedAt: new Date('2026-04-14T07:05:00Z'), status: 'success', items: [{ name: 'mart.totals', status: 'success' }] });
      await recordStart(db, { job: 'quarterly_return', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-04-14T07:05:00Z') });
    });
    const s = new Scheduler({ jobs: [models, returns], timezone: 'Europe/Berlin', withWriter: project.withWriter, effects: liveEffects(() => new Date('2026-04-14T07:10:00Z')) });
    await s.start();
    await s.idle();
    await s.stop();
    expect(readdirSync(join(out, 'returns'))).toEqual(['return-2026-Q1.txt']);
    expect((await project.ledger('quarterly_return')).map((r) => [r.trigger, r.status])).toEqual([
      ['cron', 'skipped'],
      ['after', 'interrupted'],
      ['catch_up', 'success'],
    ]);
  });
});
