/**
 * The retention period in the schedule file: validated like every setting, the purge job on
 * only with it, run once a day by the scheduler (at start, as a catch-up), logged with counts
 * and sizes and never a file name or an id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, waitUntil, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

function scheduleFile(p: TempProject, settings: Record<string, unknown>): string {
  const file = join(p.dir, 'schedule.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

describe('retentionDays in the schedule file', () => {
  it('turns the daily purge job on, and is refused when not a whole number of days', () => {
    project = tempProject();
    const places = { dataDir: join(project.dir, 'data'), cwd: project.dir };
    const none = loadScheduleSettings(undefined, places);
    expect([none.retentionDays, none.jobs.purge.enabled]).toEqual([undefined, false]);
    // the documented defaults name it null
    expect(loadScheduleSettings(scheduleFile(project, { retentionDays: null }), places).jobs.purge.enabled).toBe(false);
    const set = loadScheduleSettings(scheduleFile(project, { retentionDays: 730 }), places);
    expect([set.retentionDays, set.jobs.purge.enabled, set.jobs.purge.cron]).toEqual([730, true, '0 15 1 * * *']);
    for (const bad of [0, 1.5, '730']) {
      expect(() => loadScheduleSettings(scheduleFile(project!, { retentionDays: bad }), places)).toThrow(/retentionDays:/);
    }
  });

  it('is applied by the scheduler, which logs counts and sizes only', async () => {
    project = tempProject();
    const p = project;
    const old = join(p.dir, 'archive', '2020-01-02', 'participations');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'teilnahmen_962D200001.csv'), 'Kundennummer;x\n962D200001;1\n');
    const off = { enabled: false };
    const config = scheduleFile(p, {
      archive: 'archive', quarantine: 'quarantine', inbox: 'inbox', logFile: 'logs/almp.log', retentionDays: 30,
      jobs: { ingest: off, models: off, dashboards: off, quarterly_return: off, annual_return: off },
    });
    const stop = new AbortController();
    const running = scheduleCommand(p.config, { configFile: config, signal: stop.signal, cwd: p.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects());
    try {
      await waitUntil(async () => (await p.ledger('purge')).some((r) => r.status !== 'running'), 20_000, 'the purge run');
    } finally {
      stop.abort();
      await running;
    }
    const [run] = await p.ledger('purge');
    expect([run!.status, run!.trigger]).toEqual(['success', 'catch_up']);
    expect(existsSync(join(p.dir, 'archive', '2020-01-02'))).toBe(false);
    const log = readFileSync(join(p.dir, 'logs', 'almp.log'), 'utf8');
    const purged = log.split('\n').filter((l) => l.includes('files_purged')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(purged.map((e) => [e['folder'], e['files'], e['bytes']])).toEqual([['archive', 1, 28], ['quarantine', 0, 0]]);
    expect(log).not.toMatch(/962D200001|teilnahmen_/);
  });
});
