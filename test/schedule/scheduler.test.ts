import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler, runStatus, type Job } from '../../pipelines/schedule/scheduler.ts';
import { join } from 'node:path';
import { buildNewerThan, dataNewerThan, defaultJobs } from '../../pipelines/schedule/default-jobs.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { fakeVerbs } from './fake-verbs.ts';
import type { ItemResult } from '../../pipelines/results.ts';
import pino from 'pino';
import { recordManualRun, recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { liveEffects, sleep, tempProject, waitUntil, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  project?.cleanup();
  project = undefined;
});

function start(jobs: Job[], options: { now?: () => Date; catchUp?: boolean } = {}) {
  project ??= tempProject();
  scheduler = new Scheduler({ jobs, timezone: 'Europe/Berlin', withWriter: project.withWriter, effects: liveEffects(options.now), catchUp: options.catchUp });
  return scheduler;
}

const ok = (name: string): ItemResult => ({ name, status: 'success' });

/** A start at `now` that runs its catch-ups, then stops. */
async function startAndSettle(jobs: Job[], now: Date) {
  await start(jobs, { now: () => now }).start();
  await scheduler!.idle();
  await scheduler!.stop();
}

describe('scheduler', () => {
  it('never runs a job twice at once when it outlasts its interval', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const slow: Job = {
      name: 'slow',
      cron: '*/1 * * * * *',
      run: async ({ db }) => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        await db.run('CREATE TABLE IF NOT EXISTS main.t (n INTEGER)');
        await db.run('INSERT INTO main.t VALUES (?)', [runs]);
        await sleep(1_600);
        active--;
        return [ok(`run ${runs}`)];
      },
    };
    project = tempProject();
    const logged: string[] = [];
    const effects = { ...liveEffects(), log: pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) }) };
    const s = (scheduler = new Scheduler({ jobs: [slow], timezone: 'Europe/Berlin', withWriter: project.withWriter, effects, catchUp: false }));
    await s.start();
    await sleep(3_500);
    await s.stop();
    // Fired 3–4 times at 1 s; each run takes 1.6 s, so at most 3 runs, never two at once.
    expect(maxActive).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(1);
    // Fires that came while a run was busy were skipped, and said so.
    expect(logged.filter((l) => (JSON.parse(l) as { event?: string }).event === 'overlap').length).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(3);
    const ledger = await project!.ledger('slow');
    expect(ledger).toHaveLength(runs);
    for (let i = 1; i < ledger.length; i++) expect(ledger[i]!.started_at >= ledger[i - 1]!.ended_at!).toBe(true);
    expect(ledger.every((r) => r.status === 'success' && r.trigger === 'cron' && r.scheduled_at !== null)).toBe(true);
  });

  it('catches up once after a restart that missed a fire time', async () => {
    let clock = new Date('2026-03-10T10:00:00Z');
    let runs = 0;
    const daily: Job = { name: 'daily', cron: '0 0 3 * * *', run: async () => [ok(`run ${++runs}`)] };
    // First start on a fresh database: the 03:00 run of 10 March was missed → catch-up.
    await start([daily], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    // Restart the same evening: nothing missed since.
    clock = new Date('2026-03-10T20:00:00Z');
    await start([daily], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    expect(runs).toBe(1);
    // Down for two days: the latest fire (12 March 03:00 Berlin = 02:00 UTC) runs once, not twice.
    clock = new Date('2026-03-12T08:00:00Z');
    await start([daily], { now: () => clock }).start();
    await scheduler!.idle();
    const ledger = await project!.ledger('daily');
    expect(ledger.map((r) => [r.trigger, r.catch_up, r.scheduled_at, r.status])).toEqual([
      ['catch_up', true, '2026-03-10 02:00:00', 'success'],
      ['catch_up', true, '2026-03-12 02:00:00', 'success'],
    ]);
  });

  it('runs a job whose work is out of date at start, though its timer was not missed (data loaded after the last build)', async () => {
    let clock = new Date('2026-03-10T10:00:00Z');
    let builds = 0;
    const build: Job = {
      name: 'models',
      cron: '0 30 2 * * *',
      run: async () => [ok(`build ${++builds}`)],
      staleAtStart: dataNewerThan, // the models job's rule
    };
    await start([build], { now: () => clock }).start(); // the 02:30 build of today: caught up
    await scheduler!.idle();
    await scheduler!.stop();
    // a file committed at 11:00, then the process died before the build that follows it
    await project!.withWriter((db) =>
      db.run(`INSERT INTO meta.files VALUES (1, 'providers', 'p.csv', '/inbox/p.csv', 'h', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-03-10 11:00:00', NULL)`),
    );
    clock = new Date('2026-03-10T12:00:00Z');
    await start([build], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    expect(builds).toBe(2);
    // nothing new since: no further build at the next start
    clock = new Date('2026-03-10T13:00:00Z');
    await start([build], { now: () => clock }).start();
    await scheduler!.idle();
    expect(builds).toBe(2);
    expect((await project!.ledger('models')).map((r) => [r.trigger, r.scheduled_at])).toEqual([
      ['catch_up', '2026-03-10 01:30:00'],
      ['catch_up', null],
    ]);
  });

  it('does not build again at the next start for a file its catch-up build already read', async () => {
    // the catch-up of the 02:30 build runs at 10:00 and reads a file loaded at 09:30: its
    // ledger row carries the fire time (02:30), which lies before the file
    let clock = new Date('2026-03-10T10:00:00Z');
    let builds = 0;
    const build: Job = { name: 'models', cron: '0 30 2 * * *', run: async () => [ok(`build ${++builds}`)], staleAtStart: dataNewerThan };
    project = tempProject();
    await project.withWriter((db) =>
      db.run(`INSERT INTO meta.files VALUES (1, 'providers', 'p.csv', '/inbox/p.csv', 'h', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-03-10 09:30:00', NULL)`),
    );
    await start([build], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    clock = new Date('2026-03-10T10:30:00Z');
    await start([build], { now: () => clock }).start();
    await scheduler!.idle();
    expect(builds).toBe(1);
  });

  it('draws the dashboards at start when a build succeeded after them (stopped between the two)', async () => {
    const clock = new Date('2026-03-10T12:00:00Z');
    let drawn = 0;
    let builds = 0;
    const models: Job = { name: 'models', cron: '0 30 1 * * *', run: async () => [ok(`build ${++builds}`)] };
    const dashboards: Job = { name: 'dashboards', after: 'models', run: async () => [ok(`pages ${++drawn}`)], staleAtStart: buildNewerThan };
    project = tempProject();
    await project.withWriter(async (db) => {
      await recordManualRun(db, 'dashboards', new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T09:01:00Z'), [ok('pages 0')]);
      await recordManualRun(db, 'models', new Date('2026-03-10T11:00:00Z'), new Date('2026-03-10T11:05:00Z'), [ok('core.participations')]);
    });
    await start([models, dashboards], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    expect([builds, drawn]).toEqual([0, 1]);
    // up to date now: no second drawing at the next start
    await start([models, dashboards], { now: () => clock }).start();
    await scheduler!.idle();
    expect([builds, drawn]).toEqual([0, 1]);
  });

  it('draws the dashboards at start when a build by hand wrote its pages into another folder (almp run --out elsewhere)', async () => {
    const clock = new Date('2026-03-10T12:00:00Z');
    let drawn = 0;
    const models: Job = { name: 'models', cron: '0 30 1 * * *', run: async () => [ok('build')] };
    const dashboards: Job = { name: 'dashboards', after: 'models', out: '/srv/almp/out', run: async () => [ok(`pages ${++drawn}`)], staleAtStart: buildNewerThan };
    project = tempProject();
    await project.withWriter(async (db) => {
      await recordManualRun(db, 'dashboards', new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T09:01:00Z'), [ok('pages 0')], '/srv/almp/out');
      await recordManualRun(db, 'models', new Date('2026-03-10T11:00:00Z'), new Date('2026-03-10T11:05:00Z'), [ok('core.participations')]);
      await recordManualRun(db, 'dashboards', new Date('2026-03-10T11:05:00Z'), new Date('2026-03-10T11:06:00Z'), [ok('pages elsewhere')], '/tmp/test-out');
    });
    await start([models, dashboards], { now: () => clock }).start();
    await scheduler!.idle();
    expect(drawn).toBe(1);
  });

  it('retries a failed run at the next start and records the error', async () => {
    const clock = new Date('2026-03-10T10:00:00Z');
    let fail = true;
    const flaky: Job = {
      name: 'flaky',
      cron: '0 0 3 * * *',
      run: async () => {
        if (fail) throw new Error('source share not mounted');
        return [ok('x')];
      },
    };
    await start([flaky], { now: () => clock }).start();
    await scheduler!.idle();
    await scheduler!.stop();
    fail = false;
    await start([flaky], { now: () => clock }).start();
    await scheduler!.idle();
    const ledger = await project!.ledger('flaky');
    expect(ledger.map((r) => [r.status, r.error])).toEqual([
      ['error', 'source share not mounted'],
      ['success', null],
    ]);
  });

  it('runs a job again at start when its last run was interrupted after its fire time had run (killed mid-build), once', async () => {
    let builds = 0;
    let fail = false;
    const build: Job = {
      name: 'models',
      cron: '0 30 1 * * *',
      run: async () => {
        builds++;
        if (fail) throw new Error('Out of Memory Error');
        return [ok('mart.totals')];
      },
    };
    await startAndSettle([build], new Date('2026-03-10T10:00:00Z')); // the 01:30 build of today: caught up
    // a build chained to an ingest at 11:00, killed (kill -9) mid-build: its row stays running
    await project!.withWriter((db) => recordStart(db, { job: 'models', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-03-10T11:00:00Z') }));
    // the restart rebuilds once; that build fails too: no second attempt until the timer
    fail = true;
    await startAndSettle([build], new Date('2026-03-10T11:05:00Z'));
    expect(builds).toBe(2);
    // the next start tries once more; it goes through, and the start after that builds nothing
    fail = false;
    await startAndSettle([build], new Date('2026-03-10T11:10:00Z'));
    await startAndSettle([build], new Date('2026-03-10T11:15:00Z'));
    expect(builds).toBe(3);
    expect((await project!.ledger('models')).map((r) => [r.trigger, r.status])).toEqual([
      ['catch_up', 'success'],
      ['after', 'interrupted'],
      ['catch_up', 'error'],
      ['catch_up', 'success'],
    ]);
  });

  it('draws dashboards that could not be written again at a later scan once the cause is gone, at most once an hour', async () => {
    let clock = new Date('2026-03-10T10:00:00Z');
    let writable = false;
    let drawn = 0;
    const jobs: Job[] = [
      { name: 'ingest', cron: '0 */15 * * * *', run: async () => [{ name: 'inbox', status: 'skipped' }] },
      { name: 'models', after: 'ingest', run: async () => [ok('mart.totals')] },
      {
        name: 'dashboards',
        after: 'models',
        retryEveryMs: 60 * 60 * 1000,
        run: async () => {
          drawn++;
          return [ok('index.html'), writable ? ok('overview.html') : { name: 'overview.html', status: 'error', error: "EACCES: permission denied, open 'out/dashboards/overview.html'" }];
        },
      },
    ];
    const s = start(jobs, { now: () => clock, catchUp: false });
    await s.start();
    const scanAt = async (iso: string) => {
      clock = new Date(iso);
      await s.trigger('ingest'); // nothing new in the inbox: no build follows
      await s.idle();
    };
    await s.trigger('dashboards'); // 10:00: the out folder is not writable
    await scanAt('2026-03-10T10:15:00Z');
    expect(drawn).toBe(1);
    await scanAt('2026-03-10T11:05:00Z'); // an hour on: once more, still failing
    await scanAt('2026-03-10T11:20:00Z'); // not again within the hour
    expect(drawn).toBe(2);
    writable = true; // the operator fixes the folder
    await scanAt('2026-03-10T12:10:00Z');
    await scanAt('2026-03-10T13:30:00Z'); // written: nothing to retry
    expect(drawn).toBe(3);
    expect((await project!.ledger('dashboards')).map((r) => [r.trigger, r.status])).toEqual([
      ['manual', 'partial'],
      ['retry', 'partial'],
      ['retry', 'success'],
    ]);
  });

  it('retries the jobs that write into out (dashboards, returns) and records that folder', () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const jobs = defaultJobs(settings, project.config, fakeVerbs(), Buffer.from('test-key-0123456789abcdef'));
    expect(jobs.filter((j) => j.retryEveryMs !== undefined).map((j) => [j.name, j.out])).toEqual([
      ['dashboards', settings.out],
      ['quarterly_return', settings.out],
      ['annual_return', settings.out],
    ]);
  });

  it('runs a job after another only when that one changed something', async () => {
    const order: string[] = [];
    let produce = true;
    const jobs: Job[] = [
      { name: 'ingest', cron: '0 0 3 * * *', run: async () => (order.push('ingest'), [produce ? ok('file.csv') : { name: 'file.csv', status: 'skipped' }]) },
      { name: 'models', after: 'ingest', run: async () => (order.push('models'), [ok('core.participations')]) },
      { name: 'dashboards', after: 'models', run: async () => (order.push('dashboards'), [ok('overview.html')]) },
    ];
    const s = start(jobs, { catchUp: false });
    await s.start();
    await s.trigger('ingest');
    await s.idle();
    produce = false;
    await s.trigger('ingest');
    await s.idle();
    expect(order).toEqual(['ingest', 'models', 'dashboards', 'ingest']);
    const ledger = await project!.ledger();
    expect(ledger.map((r) => `${r.job}:${r.trigger}:${r.status}`)).toEqual([
      'ingest:manual:success',
      'models:after:success',
      'dashboards:after:success',
      'ingest:manual:skipped',
    ]);
  });

  it('on stop lets the current job end between items and starts no new one', async () => {
    let started = 0;
    const batch: Job = {
      name: 'batch',
      cron: '0 0 3 * * *',
      run: async ({ signal }) => {
        started++;
        const items: ItemResult[] = [];
        for (let i = 0; i < 5; i++) {
          if (signal.aborted) items.push({ name: `item ${i}`, status: 'not_run' });
          else {
            await sleep(200);
            items.push(ok(`item ${i}`));
          }
        }
        return items;
      },
    };
    const s = start([batch], { catchUp: false });
    await s.start();
    void s.trigger('batch');
    await waitUntil(() => started === 1, 5_000, 'the job to start');
    await sleep(300);
    await s.stop();
    expect(await s.trigger('batch')).toBeUndefined();
    const [run] = await project!.ledger('batch');
    expect(run!.status).toBe('interrupted');
    expect(run!.items).toBe(5);
    expect(started).toBe(1);
  });

  it('says what happens next when the database cannot be opened for a job: nothing ran, the next fire runs it, an ingest\'s files wait', async () => {
    // 'gave up after waiting 3 s' alone left the operator guessing (an operator's audit)
    project = tempProject();
    let held = false;
    const busy: typeof project.withWriter = async (work) => {
      if (held) throw new Error('The database is being written by almp process pid 4242: gave up after waiting 3 s.');
      return project!.withWriter(work);
    };
    const s = (scheduler = new Scheduler({ jobs: [{ name: 'ingest', cron: '0 0 1 1 *', run: async () => [ok('x')] }], timezone: 'Europe/Berlin', withWriter: busy, effects: liveEffects(), catchUp: false }));
    await s.start();
    held = true;
    const outcome = await s.trigger('ingest');
    expect(outcome).toMatchObject({ status: 'error', error: 'The database is being written by almp process pid 4242: gave up after waiting 3 s. Nothing of the job ran; it runs again at its next fire time (the files wait in the inbox).' });
    // a failure after the job ran (the ledger's write on a full disk) is not 'nothing ran' (a review)
    held = false;
    let ran = 0;
    const afterRun: typeof project.withWriter = async (work) => {
      await project!.withWriter(work);
      throw new Error('IO Error: No space left on device');
    };
    const t = new Scheduler({ jobs: [{ name: 'ingest', cron: '0 0 1 1 *', run: async () => (ran++, [ok('x')]) }], timezone: 'Europe/Berlin', withWriter: afterRun, effects: liveEffects(), catchUp: false });
    await s.stop();
    scheduler = t;
    await t.start().catch(() => undefined);
    const failed = await t.trigger('ingest');
    expect([ran, failed?.error]).toEqual([1, 'IO Error: No space left on device']);
  });

  it('refuses invalid job definitions with a message', () => {
    expect(() => start([{ name: 'x', cron: 'every minute', run: async () => [] }])).toThrow(/cron expression 'every minute'/);
    expect(() => start([{ name: 'x', after: 'nope', run: async () => [] }])).toThrow(/runs after 'nope'/);
  });
});

describe('runStatus', () => {
  it('derives the run status from the items', () => {
    expect(runStatus([ok('a'), { name: 'b', status: 'error' }], undefined, false)).toBe('partial');
    expect(runStatus([{ name: 'b', status: 'error' }], undefined, false)).toBe('error');
    expect(runStatus([], undefined, false)).toBe('success');
    expect(runStatus([{ name: 'b', status: 'skipped' }], undefined, false)).toBe('skipped');
    expect(runStatus([ok('a')], 'boom', false)).toBe('error');
    expect(runStatus([ok('a'), { name: 'b', status: 'not_run' }], undefined, true)).toBe('interrupted');
  });
});
