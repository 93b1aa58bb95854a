import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { localDay } from '../../pipelines/schedule/working-days.ts';
import { withReadOnlyDb } from '../../pipelines/commands/open-db.ts';
import { requireSnapshot } from '../../pipelines/ops/snapshot.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, waitUntil, type TempProject } from './helpers.ts';
import { spawnTs } from '../ops/child.ts';
import { ensureSameKey } from '../../pipelines/ingest/key-guard.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function scheduleFile(p: TempProject, overrides: Record<string, unknown> = {}): string {
  const file = join(p.dir, 'schedule.json');
  const settings = {
    inbox: 'inbox',
    archive: 'archive',
    quarantine: 'quarantine',
    out: 'out',
    snapshots: 'snapshots',
    logFile: 'logs/almp.log',
    inboxMinAgeSeconds: 60,
    lockWaitSeconds: 10,
    jobs: {
      ingest: { cron: '*/1 * * * * *' },
      models: { cron: null },
      quarterly_return: { enabled: false },
      annual_return: { enabled: false },
    },
    ...overrides,
  };
  writeFileSync(file, JSON.stringify(settings, null, 2));
  return file;
}

/** a.csv, b.csv, c.csv with 3 rows each, old enough to be taken at once. */
function dropThreeFiles(p: TempProject): void {
  mkdirSync(join(p.dir, 'inbox', 'providers'), { recursive: true });
  for (const name of ['a.csv', 'b.csv', 'c.csv']) {
    writeFileSync(join(p.dir, 'inbox', 'providers', name), `${name};1\n${name};2\n${name};3\n`);
    utimesSync(join(p.dir, 'inbox', 'providers', name), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
  }
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

describe('almp schedule (real node-cron, second-resolution timers)', () => {
  it('archives new inbox files, rebuilds models, refreshes outputs, quarantines a bad file, and records every run', async () => {
    project = tempProject();
    const p = project;
    const config = scheduleFile(p);
    const stop = new AbortController();
    const effects = liveEffects();
    const running = scheduleCommand(p.config, { configFile: config, signal: stop.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, effects);
    const day = localDay(new Date(), 'Europe/Berlin');
    await waitUntil(() => existsSync(join(p.dir, 'inbox', 'providers')), 10_000, 'the inbox folders');
    // a second scheduler on the same database is refused (it ran every job twice)
    await expect(scheduleCommand(p.config, { configFile: config, signal: new AbortController().signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects())).rejects.toThrow(
      /Another scheduler already runs on .* \(almp process pid \d+/,
    );

    // Fresh files are taken only once unchanged across two scans.
    writeFileSync(join(p.dir, 'inbox', 'providers', 'a.csv'), 'x;1\ny;2\nz;3\n');
    writeFileSync(join(p.dir, 'inbox', 'measures', 'bad.csv'), 'BAD\n');
    writeFileSync(join(p.dir, 'inbox', 'providers', 'b.csv.part'), 'still being uploaded');
    const overview = join(p.dir, 'out', 'dashboards', 'overview.html');
    await waitUntil(() => read(overview) === '<p>total 6</p>', 15_000, 'the first dashboard');
    expect(existsSync(join(p.dir, 'archive', day, 'providers', 'a.csv'))).toBe(true);
    expect(read(join(p.dir, 'quarantine', 'measures', 'bad.csv.reasons.txt'))).toContain("required column 'measure_id' is missing");
    expect(existsSync(join(p.dir, 'inbox', 'providers', 'b.csv.part'))).toBe(true);

    // The uploader renames its file when done: picked up, models rebuilt, outputs refreshed.
    writeFileSync(join(p.dir, 'inbox', 'providers', 'b.csv.part'), 'w;10\n');
    renameSync(join(p.dir, 'inbox', 'providers', 'b.csv.part'), join(p.dir, 'inbox', 'providers', 'b.csv'));
    await waitUntil(() => read(overview) === '<p>total 16</p>', 15_000, 'the refreshed dashboard');
    stop.abort();
    expect(await running).toBe(0);

    const ledger = await p.ledger();
    expect(ledger.every((r) => r.status !== 'running')).toBe(true);
    const ingests = ledger.filter((r) => r.job === 'ingest');
    expect(ingests[0]!.trigger).toBe('catch_up');
    expect(ingests.length).toBeGreaterThanOrEqual(3);
    expect(ingests.filter((r) => r.status === 'partial')).toHaveLength(1); // a.csv loaded + bad.csv quarantined
    expect(ledger.filter((r) => r.job === 'models').map((r) => [r.trigger, r.status])).toEqual([
      ['after', 'success'],
      ['after', 'success'],
    ]);
    expect(ledger.filter((r) => r.job === 'dashboards')).toHaveLength(2);
    // Readers see the published snapshot of the last build.
    expect(await withReadOnlyDb(requireSnapshot(join(p.dir, 'snapshots')), (db) => db.scalar('SELECT total FROM mart.totals'))).toBe(16);
    // The log is JSON lines and never holds the key.
    const log = read(join(p.dir, 'logs', 'almp.log')).trim().split('\n').map((l) => JSON.parse(l) as { event?: string });
    expect(log.some((l) => l.event === 'file_quarantined')).toBe(true);
    expect(read(join(p.dir, 'logs', 'almp.log'))).not.toContain('test-key-0123456789abcdef');
  });

  it('refuses to start with a key other than the database was filled with (it ran green until the first file, then failed every ingest)', async () => {
    project = tempProject();
    const p = project;
    await p.withWriter((db) => ensureSameKey(db, Buffer.from('the-original-key-0123456789abcdef'), 'the original key', { warn: () => {} }));
    const stopped = new AbortController();
    stopped.abort(); // the checks at start run, no job does (so a missing refusal fails at once)
    const running = scheduleCommand(p.config, { configFile: scheduleFile(p), signal: stopped.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects());
    await expect(running).rejects.toThrow(/ALMP_PSEUDONYM_KEY, fingerprint \w+\) is not the key this database was filled with .*; the scheduler did not start/);
    expect(await p.ledger()).toEqual([]);
  });

  it('refuses a job that would never run: its only trigger, the job before it, switched off (operations.md promised it kept a timer it has not)', async () => {
    project = tempProject();
    const p = project;
    const stopped = new AbortController();
    stopped.abort();
    const file = scheduleFile(p, { jobs: { ingest: { cron: '*/1 * * * * *' }, models: { enabled: false }, quarterly_return: { enabled: false }, annual_return: { enabled: false } } });
    const running = scheduleCommand(p.config, { configFile: file, signal: stopped.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects());
    await expect(running).rejects.toThrow(/Job 'dashboards' runs only after 'models', which the schedule file switches off/);
    // with a timer of its own it starts
    const timed = scheduleFile(p, { jobs: { ingest: { cron: '*/1 * * * * *' }, models: { enabled: false }, dashboards: { cron: '0 0 3 * * *' }, quarterly_return: { enabled: false }, annual_return: { enabled: false } } });
    await expect(scheduleCommand(p.config, { configFile: timed, signal: stopped.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects())).resolves.not.toThrow();
    // and one with no trigger at all (its "after" taken away)
    const none = scheduleFile(p, { jobs: { ingest: { cron: '*/1 * * * * *' }, dashboards: { after: null }, quarterly_return: { enabled: false }, annual_return: { enabled: false } } });
    await expect(scheduleCommand(p.config, { configFile: none, signal: stopped.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects())).rejects.toThrow(/Job 'dashboards' has neither a "cron" nor an "after" job in the schedule file: it would never run/);
  });

  it('SIGTERM during a job: the current file finishes, the rest stay in the inbox, the process exits 0, the data are whole', async () => {
    project = tempProject();
    const p = project;
    const config = scheduleFile(p, { inboxMinAgeSeconds: 0 });
    dropThreeFiles(p);
    const child = spawnTs('test/schedule/fixtures/run-scheduler.ts', [p.config.dbPath, config, '1500']);
    await child.waitFor('ingesting a.csv');
    child.process.kill('SIGTERM');
    const exit = await child.exited();
    expect(exit, child.output()).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('Stopped.');

    const ledger = await p.ledger();
    expect(ledger.map((r) => [r.job, r.status, r.items])).toEqual([['ingest', 'interrupted', 3]]);
    const archived = readdirSync(join(p.dir, 'archive', localDay(new Date(), 'Europe/Berlin'), 'providers'));
    expect(archived).toEqual(['a.csv']);
    expect(readdirSync(join(p.dir, 'inbox', 'providers')).sort()).toEqual(['b.csv', 'c.csv']);
    expect(await p.withWriter((db) => db.json('SELECT label, count(*) AS n FROM main.loaded GROUP BY label'))).toEqual([{ label: 'a.csv', n: '3' }]);
  });

  it('kill -9 in the middle of a file: nothing half-loaded, the run is marked interrupted and caught up at the next start', async () => {
    project = tempProject();
    const p = project;
    const config = scheduleFile(p, { inboxMinAgeSeconds: 0 });
    dropThreeFiles(p);
    const first = spawnTs('test/schedule/fixtures/run-scheduler.ts', [p.config.dbPath, config, '5000']);
    await first.waitFor('ingesting a.csv');
    first.process.kill('SIGKILL');
    await first.exited();
    // The lock file of the dead process is stale; the restart takes over and loads all three.
    const second = spawnTs('test/schedule/fixtures/run-scheduler.ts', [p.config.dbPath, config, '0']);
    await second.waitFor('ingesting c.csv');
    await waitUntil(() => readdirSync(join(p.dir, 'inbox', 'providers')).length === 0, 10_000, 'the inbox to empty');
    second.process.kill('SIGTERM');
    expect((await second.exited()).code).toBe(0);
    const ledger = await p.ledger('ingest');
    expect(ledger[0]).toMatchObject({ status: 'interrupted', error: 'the process stopped before the job finished' });
    expect(ledger[1]).toMatchObject({ trigger: 'catch_up', status: 'success', items: 3 });
    expect(await p.withWriter((db) => db.json('SELECT label, count(*) AS n FROM main.loaded GROUP BY label ORDER BY label'))).toEqual([
      { label: 'a.csv', n: '3' },
      { label: 'b.csv', n: '3' },
      { label: 'c.csv', n: '3' },
    ]);
  });
});
