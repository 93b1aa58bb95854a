/**
 * The archive watch across a restart: an upload that paused longer than the scan's wait was
 * loaded in part and archived; the sender wrote the rest into the archived file. The watch
 * was kept in memory only: a scheduler restarted between the pause and the resumed upload
 * left the rest of the file unloaded, with exit 0 and no word.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultJobs } from '../../pipelines/schedule/default-jobs.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { Scheduler } from '../../pipelines/schedule/scheduler.ts';
import { ARCHIVE_WATCH_FILE, ArchiveWatch } from '../../pipelines/schedule/jobs/archive-watch.ts';
import pino from 'pino';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const FIRST_HALF = 'a;1\nb;2\n';
const REST = 'c;3\nd;4\n';

/** One scheduler instance on the project: the same schedule, jobs built anew (as at a restart). */
function instance(p: TempProject, now: () => Date = () => new Date()) {
  const settings = { ...loadScheduleSettings(undefined, { dataDir: join(p.dir, 'data'), cwd: p.dir }), inboxMinAgeMs: 0 };
  const jobs = defaultJobs(settings, p.config, fakeVerbs(), Buffer.from('test-key-0123456789abcdef'));
  const scheduler = new Scheduler({ jobs, timezone: settings.timezone, withWriter: p.withWriter, effects: liveEffects(now), catchUp: false });
  const scan = async () => {
    await scheduler.trigger('ingest');
    await scheduler.idle();
    return scheduler.history.filter((o) => o.job === 'ingest').at(-1)!.items;
  };
  return { settings, scheduler, scan };
}

/** The paused upload: its first half archived by one scan, the rest written into the archive copy; `restart` between. */
async function pausedUpload(restart: boolean, now?: () => Date) {
  const p = (project = tempProject());
  const first = instance(p, now);
  await first.scheduler.start();
  const inboxFile = join(first.settings.inbox, 'providers', 'traeger.csv');
  mkdirSync(join(first.settings.inbox, 'providers'), { recursive: true });
  writeFileSync(inboxFile, FIRST_HALF);
  const [archived] = await first.scan();
  expect(archived).toMatchObject({ status: 'success', rows: 2, path: expect.stringContaining(first.settings.archive) });
  let second = first;
  if (restart) {
    await first.scheduler.stop();
    second = instance(p, now);
    await second.scheduler.start();
  }
  // the sender's open file moved with the rename: the rest of the upload lands in the archive copy
  appendFileSync(archived!.path!, REST);
  const items = await second.scan();
  await second.scheduler.stop();
  const hash = createHash('sha256').update(FIRST_HALF + REST).digest('hex');
  const loadedWhole = await p.withWriter((db) => db.scalar('SELECT count(*) FROM main.loaded WHERE hash = ?', [hash]));
  return { items, loadedWhole, inboxFile, archivedPath: archived!.path! };
}

describe('the archive watch', () => {
  it('moves a file that grew in the archive back into the inbox and loads it whole, without a restart', async () => {
    const { items, loadedWhole } = await pausedUpload(false);
    expect(items.map((i) => [i.name, i.status, i.rows])).toEqual([['providers/traeger.csv', 'skipped', undefined], ['providers/traeger.csv', 'success', 4]]);
    expect(loadedWhole).toBe(4);
  });

  it('does so after a scheduler restart between the pause and the resumed upload', async () => {
    const { items, loadedWhole, archivedPath } = await pausedUpload(true);
    expect(items.map((i) => [i.name, i.status, i.rows])).toEqual([['providers/traeger.csv', 'skipped', undefined], ['providers/traeger.csv', 'success', 4]]);
    expect(items[0]!.error).toContain('grew after it was loaded and archived');
    expect(loadedWhole).toBe(4);
    // archived whole again, under the next free name of that day's folder
    expect(readFileSync(items[1]!.path!, 'utf8')).toBe(FIRST_HALF + REST);
    expect(existsSync(archivedPath)).toBe(items[1]!.path === archivedPath);
  });

  it('watches an archived file for 24 hours only, also across a restart', async () => {
    let clock = new Date('2026-03-10T10:00:00Z');
    const now = () => clock;
    const p = (project = tempProject());
    const first = instance(p, now);
    await first.scheduler.start();
    mkdirSync(join(first.settings.inbox, 'providers'), { recursive: true });
    const inboxFile = join(first.settings.inbox, 'providers', 'traeger.csv');
    writeFileSync(inboxFile, FIRST_HALF);
    utimesSync(inboxFile, new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T09:00:00Z'));
    const [archived] = await first.scan();
    await first.scheduler.stop();
    clock = new Date('2026-03-11T10:00:01Z');
    appendFileSync(archived!.path!, REST);
    const second = instance(p, now);
    await second.scheduler.start();
    expect(await second.scan()).toEqual([]);
    await second.scheduler.stop();
    expect(readFileSync(archived!.path!, 'utf8')).toBe(FIRST_HALF + REST);
    expect(existsSync(inboxFile)).toBe(false);
  });
});

describe('the archive watch file', () => {
  const setUp = () => {
    const p = (project = tempProject());
    const places = { archive: join(p.dir, 'archive'), inbox: join(p.dir, 'inbox') };
    mkdirSync(join(places.archive, '2026-03-10', 'providers'), { recursive: true });
    mkdirSync(join(places.inbox, 'providers'), { recursive: true });
    const logged: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
    return { places, log, logged, file: join(places.archive, ARCHIVE_WATCH_FILE) };
  };

  it('is read past when it cannot be read, and written anew; gone once nothing is watched', () => {
    const { places, log, logged, file } = setUp();
    writeFileSync(file, '{ "files": [ { "archived": ');
    const watch = new ArchiveWatch(places);
    expect(watch.returnGrown(new Date(), log)).toEqual([]);
    expect(logged.map((l) => JSON.parse(l).event)).toEqual(['archive_watch_unreadable']);
    const archived = join(places.archive, '2026-03-10', 'providers', 'p.csv');
    writeFileSync(archived, FIRST_HALF);
    watch.add({ archived, inboxPath: join(places.inbox, 'providers', 'p.csv'), name: 'providers/p.csv' }, new Date(), log);
    expect(JSON.parse(readFileSync(file, 'utf8')).files).toMatchObject([{ archived, name: 'providers/p.csv', size: FIRST_HALF.length }]);
    appendFileSync(archived, REST);
    expect(new ArchiveWatch(places).returnGrown(new Date(), log)).toMatchObject([{ name: 'providers/p.csv', status: 'skipped' }]);
    expect(readFileSync(join(places.inbox, 'providers', 'p.csv'), 'utf8')).toBe(FIRST_HALF + REST);
    expect(existsSync(file)).toBe(false);
  });

  it('moves nothing that lies outside the archive, or would go outside the inbox (a file edited by hand)', () => {
    const { places, log, file } = setUp();
    const elsewhere = join(places.archive, '..', 'elsewhere.csv');
    writeFileSync(elsewhere, FIRST_HALF);
    const archived = join(places.archive, '2026-03-10', 'providers', 'p.csv');
    writeFileSync(archived, FIRST_HALF);
    const entry = { name: 'providers/p.csv', size: 1, mtimeMs: 1, archivedAt: new Date().toISOString() };
    writeFileSync(file, JSON.stringify({ files: [{ ...entry, archived: elsewhere, inboxPath: join(places.inbox, 'providers', 'x.csv') }, { ...entry, archived, inboxPath: join(places.archive, 'p.csv') }] }));
    expect(new ArchiveWatch(places).returnGrown(new Date(), log)).toEqual([]);
    expect([existsSync(elsewhere), existsSync(archived)]).toEqual([true, true]);
  });
});
