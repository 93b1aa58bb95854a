/**
 * `almp purge`: input files archived or quarantined longer ago than the retention period go
 * with their reasons files; nothing else does — not a file delivered with an old time, not
 * what lies outside the layout, not a link's target, not the database — and never while
 * another writer (the inbox job) holds the lock.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { forgetPersons } from '../../pipelines/ops/forget.ts';
import { purgeCommand } from '../../pipelines/ops/purge-command.ts';
import { purgeFiles } from '../../pipelines/ops/purge.ts';
import { ARCHIVE_WATCH_FILE } from '../../pipelines/schedule/jobs/archive-watch.ts';
import { retentionFinding } from '../../pipelines/ops/doctor-retention.ts';
import { lockPathFor, tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { loadScheduleSettings, type ScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { KEY, openStore } from '../ingest/helpers.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
let dir: string;
let settings: ScheduleSettings;
let config: { dbPath: string; keyFile: string };

function put(path: string, text = 'Kundennummer;x\n962D200001;1\n', mtime?: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (mtime) utimesSync(path, new Date(mtime), new Date(mtime));
  return path;
}

const tree = (root: string): string[] => (existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }).sort() : []);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'almp-purge-'));
  settings = loadScheduleSettings(undefined, { dataDir: join(dir, 'data'), cwd: dir });
  config = { dbPath: join(dir, 'data', 'almp.duckdb'), keyFile: join(dir, 'data', 'almp.key') };
  const { archive: a, quarantine: q } = settings;
  put(join(a, '2025-05-31', 'participations', 'teilnahmen.csv'));
  put(join(a, '2025-05-31', 'participations', 'teilnahmen.csv.reasons.txt'), 'Loaded 1 of 2 rows');
  put(join(a, '2025-06-15', 'final_reports', 'berichte.json'), '[]');
  // archived yesterday, made by the sender two years ago: the day folder counts, not the file's time
  put(join(a, '2026-06-14', 'participations', 'alt_exportiert.csv'), undefined, '2024-01-01');
  put(join(a, 'notizen', 'liste.txt'), 'the operator\'s own notes');
  put(join(q, 'measures', 'm.csv'), 'bad', '2025-01-01');
  put(join(q, 'measures', 'm.csv.reasons.txt'), 'Not loaded:', '2025-03-01');
  // quarantined this week, the sender's file time 2019
  put(join(q, 'measures', 'neu.csv'), 'bad', '2019-01-01');
  put(join(q, 'measures', 'neu.csv.reasons.txt'), 'Not loaded:', '2026-06-12');
  put(config.dbPath, 'the database');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = (over: { dryRun?: boolean; archive?: string } = {}) => ({
  archive: over.archive ?? settings.archive,
  quarantine: settings.quarantine,
  olderThanDays: 365,
  timezone: settings.timezone,
  dryRun: over.dryRun ?? true,
  protect: [config.dbPath, settings.snapshots, settings.inbox],
});

describe('almp purge', () => {
  it('lists what would go without --yes, then deletes only files archived or quarantined before the retention period', async () => {
    const before = [...tree(settings.archive), ...tree(settings.quarantine)];
    const dry = quietEffects(NOW);
    expect(await purgeCommand(config, { places: settings, olderThanDays: 365, yes: false, waitMs: 1000 }, dry)).toBe(0);
    expect([...tree(settings.archive), ...tree(settings.quarantine)]).toEqual(before);
    expect(dry.lines).toContain('Input files archived or quarantined before 15.06.2025 (older than 365 days):');
    expect(dry.lines.find((l) => l.startsWith('  archive'))).toMatch(/^ {2}archive {5}1 file \+ 1 reasons file, 46 bytes, oldest from 31\.05\.2025 /);
    expect(dry.lines.find((l) => l.startsWith('  quarantine'))).toMatch(/^ {2}quarantine {2}1 file \+ 1 reasons file, 14 bytes, oldest from 01\.03\.2025 /);
    expect(dry.lines).toContain('Would delete 2 input files and 2 reasons files (60 bytes). Nothing changed: add --yes to delete.');
    expect(dry.lines.some((l) => l.includes('left alone in the archive: 1 entry'))).toBe(true);

    const done = quietEffects(NOW);
    expect(await purgeCommand(config, { places: settings, olderThanDays: 365, yes: true, waitMs: 1000 }, done)).toBe(0);
    expect(done.lines).toContain('Deleted 2 input files and 2 reasons files (60 bytes).');
    // the emptied day folder goes too; the 15.06.2025 day is not older than 365 days
    expect(tree(settings.archive)).toEqual([
      '2025-06-15', join('2025-06-15', 'final_reports'), join('2025-06-15', 'final_reports', 'berichte.json'),
      '2026-06-14', join('2026-06-14', 'participations'), join('2026-06-14', 'participations', 'alt_exportiert.csv'),
      'notizen', join('notizen', 'liste.txt'),
    ]);
    expect(tree(settings.quarantine)).toEqual(['measures', join('measures', 'neu.csv'), join('measures', 'neu.csv.reasons.txt')]);
    expect(existsSync(config.dbPath)).toBe(true);
  });

  it('never follows a link out of the folders: a linked folder is not entered, a linked file goes as a link, its target stays', () => {
    const outside = join(dir, 'elsewhere');
    const target = put(join(outside, 'participations', 'fremd.csv'));
    symlinkSync(outside, join(settings.archive, '2020-01-01'));
    mkdirSync(join(settings.archive, '2020-01-02'));
    symlinkSync(join(outside, 'participations'), join(settings.archive, '2020-01-02', 'participations'));
    put(join(settings.archive, '2020-01-03', 'providers', 'x.csv'));
    symlinkSync(target, join(settings.archive, '2020-01-03', 'providers', 'link.csv'));
    const result = purgeFiles(options({ dryRun: false }), NOW);
    expect(existsSync(target)).toBe(true);
    expect(result.folders[0]).toMatchObject({ files: 3, failed: 0, leftAlone: 3 });
    expect(existsSync(join(settings.archive, '2020-01-03'))).toBe(false);
    expect(tree(settings.archive)).toContain('2020-01-01');
  });

  it("leaves the scheduler's archive watch file be, and does not count it as an entry to check by hand", () => {
    put(join(settings.archive, ARCHIVE_WATCH_FILE), '{ "files": [] }\n');
    const result = purgeFiles(options({ dryRun: false }), NOW);
    expect(result.folders[0]).toMatchObject({ files: 1, leftAlone: 1 }); // notizen/ only
    expect(existsSync(join(settings.archive, ARCHIVE_WATCH_FILE))).toBe(true);
  });

  it('refuses folders that hold the database, and deletes nothing', () => {
    expect(() => purgeFiles(options({ dryRun: false, archive: join(dir, 'data') }), NOW)).toThrow(/Refusing to purge the archive .* it holds or lies in .*almp\.duckdb/);
    expect(tree(settings.archive)).toContain(join('2025-05-31', 'participations', 'teilnahmen.csv'));
  });

  it('waits for the writer (the inbox job moving files) and gives up rather than delete beside it', async () => {
    const held = tryAcquire(lockPathFor(config.dbPath));
    if (!('release' in held)) throw new Error('lock not taken');
    try {
      await expect(purgeCommand(config, { places: settings, olderThanDays: 365, yes: true, waitMs: 300 }, quietEffects(NOW))).rejects.toThrow(/pid/);
    } finally {
      held.release();
    }
    expect(tree(settings.archive)).toContain(join('2025-05-31', 'participations', 'teilnahmen.csv'));
  });

  it('leaves almp forget naming the kept files that still hold the person, and only those', async () => {
    const store = await openStore();
    try {
      purgeFiles(options({ dryRun: false }), NOW);
      // links the inbox job quarantined as links: not followed (a dangling one made forget fail)
      mkdirSync(join(settings.quarantine, 'participations'), { recursive: true });
      symlinkSync(join(dir, 'gone.csv'), join(settings.quarantine, 'participations', 'dangling.csv'));
      symlinkSync('/dev/zero', join(settings.quarantine, 'participations', 'endless.csv'));
      const result = await forgetPersons(store.db, { ids: ['962D200001'], key: KEY, dryRun: true, keptFiles: [settings.archive, settings.quarantine], rebuild: async () => true, replaceSnapshots: async () => undefined }, quietEffects(NOW));
      expect(result.stillIn).toEqual([join(settings.archive, '2026-06-14', 'participations', 'alt_exportiert.csv')]);
    } finally {
      store.close();
    }
  });
});

describe('almp doctor on the retention period', () => {
  it('hints once when none is set, warns while files older than it are kept, and is content after the purge', () => {
    expect(retentionFinding(config, settings, NOW)).toMatchObject({ check: 'retention', severity: 'hint', message: expect.stringMatching(/no retention period set: the archive and the quarantine keep every input file/) });
    const set = { ...settings, retentionDays: 365 };
    expect(retentionFinding(config, set, NOW)).toEqual({
      check: 'retention',
      severity: 'warning',
      message: '2 files in the archive, 2 files in the quarantine older than the retention period of 365 days (oldest from 01.03.2025)',
      fix: "the scheduler's purge job deletes them at its next run (is it running? almp status); now: almp purge --older-than 365 --yes",
    });
    purgeFiles(options({ dryRun: false }), NOW);
    expect(retentionFinding(config, set, NOW)).toMatchObject({ severity: 'ok', message: '365 days: nothing in the archive or quarantine from before 15.06.2025' });
    expect(retentionFinding(config, { ...set, archive: join(dir, 'data') }, NOW)).toMatchObject({ severity: 'error', message: expect.stringMatching(/Refusing to purge the archive/) });
    // without a retention period too: its hint pointed to `almp purge`, which then refused (exit 2)
    expect(retentionFinding(config, { ...settings, archive: join(dir, 'data') }, NOW)).toMatchObject({ severity: 'error', message: expect.stringMatching(/Refusing to purge the archive/) });
  });
});
