/**
 * A sender still appending while the inbox job loads the file: the file stays in the inbox
 * and loads whole at the next scan (it was archived with its late rows never loaded).
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import type { FileIngestResult } from '../../pipelines/ingest/file-result.ts';
import { inboxJob } from '../../pipelines/schedule/jobs/inbox-job.ts';
import { strayInInbox } from '../../pipelines/ops/inbox.ts';
import pino from 'pino';

const dir = mkdtempSync(join(tmpdir(), 'almp-append-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loaded = (path: string): FileIngestResult => ({
  name: path, file: path, kind: 'providers', status: 'success', rowsRead: 1, rowsLoaded: 1, rowsRejected: 0, rowsSuperseded: 0,
  rowsReplaced: 0, rowsReplacedUnchanged: 0, alreadyLoaded: false, firstReasons: [], extraColumns: [],
});

describe('inbox job', () => {
  it('leaves a file that grew while it loaded in the inbox, and archives it once it loads unchanged', async () => {
    const inbox = join(dir, 'inbox');
    mkdirSync(join(inbox, 'providers'), { recursive: true });
    const file = join(inbox, 'providers', 'traeger.csv');
    writeFileSync(file, 'provider_id;name\n001001;A\n');
    let appendDuringLoad = true;
    const job = inboxJob({
      inbox, archive: join(dir, 'archive'), quarantine: join(dir, 'quarantine'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => {
        if (appendDuringLoad) appendFileSync(paths[0]!, '001002;B\n');
        return [loaded(paths[0]!)];
      },
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    const [first] = await job(context);
    expect(first).toMatchObject({ status: 'success', error: expect.stringContaining('changed while it was being loaded') });
    expect(existsSync(file)).toBe(true);
    appendDuringLoad = false;
    const [second] = await job(context);
    expect(second).toMatchObject({ status: 'success' });
    expect(second!.error).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(dir, 'archive'), { recursive: true }).map(String).some((f) => f.endsWith('traeger.csv'))).toBe(true);
  });

  it('holds back the correction of a file that grew while it loaded, in the same scan, and loads it after the original', async () => {
    // the correction loaded in that scan, and the original, loaded whole at the next, replaced its records (a review)
    const inbox = join(dir, 'inbox-correction');
    mkdirSync(join(inbox, 'participations'), { recursive: true });
    const original = join(inbox, 'participations', 'teilnahmen_06411.csv');
    writeFileSync(original, 'a\n');
    writeFileSync(join(inbox, 'participations', 'teilnahmen_06411_Korrektur.csv'), 'b\n');
    const read: string[] = [];
    let appendDuringLoad = true;
    const job = inboxJob({
      inbox, archive: join(dir, 'archive-correction'), quarantine: join(dir, 'quarantine-correction'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => {
        read.push(paths[0]!.split('/').pop()!);
        if (appendDuringLoad && paths[0] === original) appendFileSync(original, 'a2\n');
        return [loaded(paths[0]!)];
      },
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    await job(context);
    expect(read).toEqual(['teilnahmen_06411.csv']);
    appendDuringLoad = false;
    await job(context);
    expect(read).toEqual(['teilnahmen_06411.csv', 'teilnahmen_06411.csv', 'teilnahmen_06411_Korrektur.csv']);
  });

  it("removes the reasons of a quarantined file dropped back beside it once the file is archived: left, status named it for good", async () => {
    const inbox = join(dir, 'inbox-reasons');
    mkdirSync(join(inbox, 'participations'), { recursive: true });
    writeFileSync(join(inbox, 'participations', 'teilnahmen.csv'), 'a\n');
    writeFileSync(join(inbox, 'participations', 'teilnahmen.csv.reasons.txt'), 'File: teilnahmen.csv\n');
    const job = inboxJob({
      inbox, archive: join(dir, 'archive-reasons'), quarantine: join(dir, 'quarantine-reasons'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => [loaded(paths[0]!)],
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    await job(context);
    expect(readdirSync(join(inbox, 'participations'))).toEqual([]);
    expect(strayInInbox(inbox)).toEqual([]);
  });

  it('moves a file that grew after it was archived back into the inbox and loads it whole (a sender that paused longer than the wait)', async () => {
    const inbox = join(dir, 'inbox-paused');
    mkdirSync(join(inbox, 'providers'), { recursive: true });
    const file = join(inbox, 'providers', 'traeger.csv');
    writeFileSync(file, 'provider_id;name\n001001;A\n');
    const read: string[] = [];
    const job = inboxJob({
      inbox, archive: join(dir, 'archive-paused'), quarantine: join(dir, 'quarantine-paused'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => {
        read.push(readFileSync(paths[0]!, 'utf8'));
        return [loaded(paths[0]!)];
      },
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    const [first] = await job(context);
    expect(first).toMatchObject({ status: 'success', path: expect.stringContaining('archive-paused') });
    expect(existsSync(file)).toBe(false);
    // the sender's open file moved with the rename: the rest of the upload lands in the archive copy
    appendFileSync(first!.path!, '001002;B\n');
    const items = await job(context);
    expect(items.map((i) => [i.name, i.status])).toEqual([['providers/traeger.csv', 'skipped'], ['providers/traeger.csv', 'success']]);
    expect(items[0]!.error).toContain('grew after it was loaded and archived');
    expect(read).toEqual(['provider_id;name\n001001;A\n', 'provider_id;name\n001001;A\n001002;B\n']);
    // archived whole, and nothing more to do at the next scan
    expect(readFileSync(items[1]!.path!, 'utf8')).toBe(read[1]);
    expect(await job(context)).toEqual([]);
  });

  it('keeps a file in the inbox when the machine fails (disk full), instead of quarantining a good file', async () => {
    const inbox = join(dir, 'inbox2');
    mkdirSync(join(inbox, 'providers'), { recursive: true });
    const file = join(inbox, 'providers', 'traeger.csv');
    writeFileSync(file, 'provider_id;name\n001001;A\n');
    const job = inboxJob({
      inbox, archive: join(dir, 'archive2'), quarantine: join(dir, 'quarantine2'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => [{ ...loaded(paths[0]!), status: 'error', rowsLoaded: 0, error: 'IO Error: Could not write file "almp.duckdb.wal": No space left on device' }],
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    const [item] = await job(context);
    expect(item).toMatchObject({ status: 'error', error: expect.stringContaining('waits in the inbox (a problem of the machine') });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, 'quarantine2'))).toBe(false);
  });
});

describe('inbox job, file gone or archive not writable after the load', () => {
  const setup = (name: string, ingest: (path: string) => void) => {
    const inbox = join(dir, name);
    mkdirSync(join(inbox, 'providers'), { recursive: true });
    const file = join(inbox, 'providers', 'traeger.csv');
    writeFileSync(file, 'provider_id;name\n001001;A\n');
    const archive = join(dir, `${name}-archive`);
    const job = inboxJob({
      inbox, archive, quarantine: join(dir, `${name}-quarantine`), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => {
        ingest(paths[0]!);
        return [loaded(paths[0]!)];
      },
    });
    const context = { db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual' as const, signal: new AbortController().signal, effects: quietEffects(new Date(Date.now() + 3600_000)) };
    return { file, archive, run: () => job(context) };
  };

  it('counts a file removed from the inbox while it loaded as loaded (its rows are in), and says no copy was archived', async () => {
    const { run } = setup('inbox-gone', (path) => rmSync(path));
    const [item] = await run();
    expect(item).toMatchObject({ status: 'success', rows: 1, error: expect.stringContaining('removed from the inbox while it was being loaded') });
  });

  it('keeps a loaded file in the inbox when the archive cannot take it, and goes on with the next file', async () => {
    const { file, archive, run } = setup('inbox-noarchive', () => undefined);
    writeFileSync(archive, 'a file where the archive folder should be');
    // another file: one named after it ('traeger2.csv', its correction) waits while it stays in the inbox
    writeFileSync(join(dirname(file), 'anbieter.csv'), 'provider_id;name\n001002;B\n');
    const items = await run();
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toMatchObject({ status: 'success', error: expect.stringContaining('could not be moved to the archive (stays in the inbox') });
    expect(existsSync(file)).toBe(true);
  });
});

describe('almp ingest closing line', () => {
  it('points at the machine, not the files, when the disk is full', async () => {
    const { closingLine } = await import('../../pipelines/commands/ingest.ts');
    const failed = { ...loaded('/x/a.csv'), status: 'error' as const, rowsLoaded: 0, error: 'IO Error: No space left on device' };
    expect(closingLine([failed])).toContain('The machine, not the files: free disk space');
    // an empty folder said 'Nothing new: all 0 files were already loaded'
    expect(closingLine([])).toBe('Nothing to load: no CSV, XLSX, JSON or NDJSON file in what was given (a folder is read with its subfolders).');
    expect(closingLine([{ ...failed, error: 'row 3, entry_date: not a date' }])).toContain('Fix the files named above');
  });

  it('says to run almp run next, except where the command builds next itself (almp start)', async () => {
    // npm start printed 'Next: `almp run` to rebuild the figures', then built them
    const { closingLine } = await import('../../pipelines/commands/ingest.ts');
    expect(closingLine([loaded('/x/a.csv')])).toContain('Next: `almp run` to rebuild the figures.');
    // another database is named, quoted for the shell where it has to be (a review)
    expect(closingLine([loaded('/x/a.csv')], '/srv/almp/jc.duckdb')).toContain('Next: `almp run --db /srv/almp/jc.duckdb` to rebuild the figures.');
    expect(closingLine([loaded('/x/a.csv')], "/srv/Jobcenter Kreis/o'h.duckdb")).toContain("Next: `almp run --db '/srv/Jobcenter Kreis/o'\\''h.duckdb'` to rebuild");
    expect(closingLine([loaded('/x/a.csv')], undefined, true)).not.toContain('Next');
  });
});

describe('inbox job, a Kundennummer in a file name', () => {
  it('masks it in the log and the ledger items, loaded or quarantined, as the terminal does', async () => {
    const inbox = join(dir, 'inbox-idname');
    mkdirSync(join(inbox, 'final_reports'), { recursive: true });
    for (const name of ['Bericht_343V837313_Korrektur.json', 'Bericht_343V837313_kaputt.json']) writeFileSync(join(inbox, 'final_reports', name), '[]\n');
    const logged: string[] = [];
    const job = inboxJob({
      inbox, archive: join(dir, 'idname-archive'), quarantine: join(dir, 'idname-quarantine'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => [paths[0]!.includes('kaputt') ? { ...loaded(paths[0]!), status: 'error', rowsLoaded: 0, error: 'The JSON file is not an array of objects.' } : loaded(paths[0]!)],
    });
    const effects = { ...quietEffects(new Date(Date.now() + 3600_000)), log: pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) }) };
    const items = await job({ db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual', signal: new AbortController().signal, effects });
    // in the order a file manager shows them (load-order.ts): 'kaputt' before 'Korrektur'
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ['final_reports/Bericht_…_kaputt.json', 'error'],
      ['final_reports/Bericht_…_Korrektur.json', 'success'],
    ]);
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.join('')).not.toContain('343V837313');
  });

  it('logs a file whose content was loaded before under another name as such, not as "loaded and archived" with 0 rows', async () => {
    const inbox = join(dir, 'inbox-copy');
    mkdirSync(join(inbox, 'final_reports'), { recursive: true });
    writeFileSync(join(inbox, 'final_reports', 'Kopie_berichte.json'), '[]\n');
    const logged: string[] = [];
    const job = inboxJob({
      inbox, archive: join(dir, 'copy-archive'), quarantine: join(dir, 'copy-quarantine'), minAgeMs: 0, cutOffWaitMs: 0, timezone: 'Europe/Berlin', key: Buffer.from('k'),
      ingest: async (_db, { paths }) => [{ ...loaded(paths[0]!), rowsRead: 0, rowsLoaded: 0, alreadyLoaded: true, loadedAs: 'berichte.json' }],
    });
    const effects = { ...quietEffects(new Date(Date.now() + 3600_000)), log: pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) }) };
    const [item] = await job({ db: {} as Db, job: 'ingest', scheduledAt: null, trigger: 'manual', signal: new AbortController().signal, effects });
    expect(item).toMatchObject({ status: 'skipped' });
    expect(JSON.parse(logged.at(-1)!)).toMatchObject({ event: 'file_archived', msg: 'final_reports/Kopie_berichte.json already loaded as berichte.json, nothing changed; archived' });
  });
});
