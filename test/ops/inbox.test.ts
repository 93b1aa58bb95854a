import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutOffInInbox, ensureInbox, isInside, isTempName, scanInbox, countInbox, strayInInbox, type ScanMemory } from '../../pipelines/ops/inbox.ts';
import { sampleReports } from '../hardening/helpers.ts';
import { archiveFile, countQuarantine, quarantineFile } from '../../pipelines/ops/inbox-move.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup() {
  dir = mkdtempSync(join(tmpdir(), 'almp-inbox-'));
  const inbox = join(dir, 'inbox');
  ensureInbox(inbox);
  return inbox;
}

const NOW = Date.parse('2026-03-10T10:00:00Z');
const HOUR = 3_600_000;
function put(path: string, text: string, ageMs: number) {
  writeFileSync(path, text);
  const t = new Date(NOW - ageMs);
  utimesSync(path, t, t);
}

describe('inbox scan', () => {
  it('picks up a file once it is old enough or unchanged since the last scan', () => {
    const inbox = setup();
    put(join(inbox, 'providers', 'old.csv'), 'a\n', 120_000);
    put(join(inbox, 'providers', 'new.csv'), 'b\n', 1_000);
    const memory: ScanMemory = new Map();
    const first = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory });
    expect(first.ready.map((f) => f.name)).toEqual(['old.csv']);
    expect(first.waiting.map((f) => f.name)).toEqual(['new.csv']);
    // Unchanged at the next scan: complete.
    const second = scanInbox(inbox, { nowMs: NOW + 1_000, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory });
    expect(second.ready.map((f) => f.name)).toEqual(['new.csv', 'old.csv']);
    // Still growing: waits again.
    put(join(inbox, 'providers', 'new.csv'), 'bb\n', 500);
    const third = scanInbox(inbox, { nowMs: NOW + 2_000, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory });
    expect(third.waiting.map((f) => f.name)).toEqual(['new.csv']);
  });

  it('holds back a file that ends mid-record until it has lain untouched for the cut-off wait', () => {
    const inbox = setup();
    const csv = 'teilnehmer_id;jobcenter_id\r\n962D800001;06411\r\n962D8000';
    put(join(inbox, 'participations', 'cut.csv'), csv, 120_000);
    put(join(inbox, 'participations', 'whole.csv'), `${csv}02;06411\r\n`, 120_000);
    put(join(inbox, 'final_reports', 'cut.json'), '[{"participant_id": "962D800001"}, {"partic', 120_000);
    put(join(inbox, 'final_reports', 'whole.json'), '[{"participant_id": "962D800001"}]\n\n', 120_000);
    put(join(inbox, 'final_reports', 'cut.ndjson'), '{"participant_id": "962D800001"}\n{"partic', 120_000);
    put(join(inbox, 'participations', 'cut.tab'), csv.replaceAll(';', '\t'), 120_000);
    const workbook = readFileSync(sampleReports('xlsx'));
    writeFileSync(join(inbox, 'final_reports', 'cut.xlsx'), workbook.subarray(0, workbook.length - 30));
    writeFileSync(join(inbox, 'final_reports', 'cut.xlsm'), workbook.subarray(0, workbook.length - 30));
    writeFileSync(join(inbox, 'final_reports', 'whole.xlsx'), workbook);
    for (const name of ['cut.xlsx', 'cut.xlsm', 'whole.xlsx']) utimesSync(join(inbox, 'final_reports', name), new Date(NOW - 120_000), new Date(NOW - 120_000));
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => `${f.kind}/${f.name}`)).toEqual(['participations/whole.csv', 'final_reports/whole.json', 'final_reports/whole.xlsx']);
    expect(scan.waiting.map((f) => [f.name, f.holdReason])).toEqual([
      ['cut.csv', 'the last line has no line break (still being written, or cut off)'],
      ['cut.tab', 'the last line has no line break (still being written, or cut off)'],
      ['cut.json', 'the JSON does not end with } or ] (still being written, or cut off)'],
      ['cut.ndjson', 'the JSON does not end with } or ] (still being written, or cut off)'],
      ['cut.xlsm', 'the workbook has no zip end record (still being written, or cut off)'],
      ['cut.xlsx', 'the workbook has no zip end record (still being written, or cut off)'],
    ]);
    // an export written straight into the inbox exists empty while its query runs: quarantined as empty, its rows followed it there
    put(join(inbox, 'participations', 'export.csv'), '', 120_000);
    expect(scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() }).waiting.find((f) => f.name === 'export.csv')?.holdReason).toBe('the file is empty (still being written?)');
    // Untouched for the whole wait: loaded as it is (its cut-off row is rejected then).
    const later = scanInbox(inbox, { nowMs: NOW + HOUR, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(later.waiting).toEqual([]);
    expect(later.ready).toHaveLength(10);
  });

  it('with no minimum age picks up a file whose time is a little ahead of the clock', () => {
    // the file system's clock runs coarser than Date.now(): a file just written waited a scan (a flaky CI run)
    const inbox = setup();
    put(join(inbox, 'providers', 'p.csv'), 'x\n', -5);
    expect(scanInbox(inbox, { nowMs: NOW, minAgeMs: 0, cutOffWaitMs: 0, memory: new Map() }).ready.map((f) => f.name)).toEqual(['p.csv']);
  });

  it('never picks up temp names and orders reference kinds first', () => {
    const inbox = setup();
    for (const name of ['.hidden.csv', 'upload.csv.part', 'x.TMP', 'p.csv']) put(join(inbox, 'participations', name), 'x\n', 120_000);
    put(join(inbox, 'jobcenters', 'j.csv'), 'x\n', 120_000);
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => `${f.kind}/${f.name}`)).toEqual(['jobcenters/j.csv', 'participations/p.csv']);
    expect(isTempName('a.part')).toBe(true);
    expect(isTempName('a.csv')).toBe(false);
    expect(countInbox(inbox)).toEqual({ jobcenters: 1, participations: 1 });
  });

  it('orders the files of a kind as a file manager does, as almp ingest of a folder does: a correction with a capital after the file it corrects', () => {
    const inbox = setup();
    for (const name of ['Teilnahmen_06411_Korrektur.csv', 'teilnahmen_06411.csv', 'teil10.csv', 'teil2.csv']) put(join(inbox, 'participations', name), 'x\n', 120_000);
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => f.name)).toEqual(['teil2.csv', 'teil10.csv', 'teilnahmen_06411.csv', 'Teilnahmen_06411_Korrektur.csv']);
  });

  it('holds back a correction while the file it corrects waits (cut off, or still arriving); other files load', () => {
    // the correction loaded first and the original, loaded at a later scan, replaced it: corrected exits gone (an operator's audit)
    const inbox = setup();
    const folder = join(inbox, 'participations');
    put(join(folder, 'teilnahmen_06411_dez.csv'), 'Kundennummer;Dienststelle\r\n962D800001;0641', 120_000); // no final line break
    put(join(folder, 'Teilnahmen_06411_dez_Korrektur.csv'), 'Kundennummer;Dienststelle\r\n962D800001;06411\r\n', 120_000);
    put(join(folder, 'teilnahmen_06412.csv'), 'Kundennummer;Dienststelle\r\n962D800002;06412\r\n', 120_000);
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => f.name)).toEqual(['teilnahmen_06412.csv']);
    expect(scan.waiting.map((f) => [f.name, f.holdReason])).toEqual([
      ['teilnahmen_06411_dez.csv', 'the last line has no line break (still being written, or cut off)'],
      ['Teilnahmen_06411_dez_Korrektur.csv', 'waits for teilnahmen_06411_dez.csv, which loads before it (a correction must not load before the file it corrects)'],
    ]);
    // status names both: the correction waiting beside the cut-off file was unexplained
    expect(cutOffInInbox(inbox)).toEqual([
      'participations/teilnahmen_06411_dez.csv: the last line has no line break (still being written, or cut off)',
      'participations/Teilnahmen_06411_dez_Korrektur.csv: waits for teilnahmen_06411_dez.csv, which loads before it (a correction must not load before the file it corrects)',
    ]);
    // the original still arriving (young), the correction copied with its old time (cp -p)
    put(join(folder, 'teilnahmen_06411_dez.csv'), 'Kundennummer;Dienststelle\r\n', 1_000);
    const arriving = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(arriving.waiting.map((f) => f.name)).toEqual(['teilnahmen_06411_dez.csv', 'Teilnahmen_06411_dez_Korrektur.csv']);
    // once the original is complete, both load, in order
    const later = scanInbox(inbox, { nowMs: NOW + 120_000, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(later.ready.map((f) => f.name)).toEqual(['teilnahmen_06411_dez.csv', 'Teilnahmen_06411_dez_Korrektur.csv', 'teilnahmen_06412.csv']);
  });

  it('reads only data files of a kind folder; what it never reads is named as stray, system files aside', () => {
    // a covering letter's PDF was read as a CSV and quarantined, desktop.ini too (status red for 7 days); a
    // sub-folder's file counted as waiting for good; a WinSCP upload (.filepart) loaded half (an operator's audit)
    const inbox = setup();
    const folder = join(inbox, 'final_reports');
    // an admin's README.txt for the clerks was read as a tab-separated file and quarantined, status red for 7 days
    for (const name of ['bericht.csv', 'Anschreiben.pdf', 'desktop.ini', 'Thumbs.db', 'upload.csv.filepart', 'x.csv.crdownload', 'README.txt', 'LIESMICH - Ablage.txt']) put(join(folder, name), 'x\n', 120_000);
    mkdirSync(join(folder, '2026-12'));
    put(join(folder, '2026-12', 'bericht_dez.csv'), 'x\n', 120_000);
    put(join(inbox, 'verbleib.csv'), 'x\n', 120_000);
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect([...scan.ready, ...scan.waiting].map((f) => f.name)).toEqual(['bericht.csv']);
    expect(scan.refused).toEqual([]);
    expect(countInbox(inbox)).toEqual({ final_reports: 1 });
    expect(strayInInbox(inbox, NOW)).toEqual(['final_reports/2026-12/', 'final_reports/Anschreiben.pdf', 'verbleib.csv']);
  });

  it('passes over a reasons file dropped back and a volume\'s own folders; names an upload abandoned for a day; waits for a blank JSON', () => {
    // a reasons file was read as participations and quarantined; lost+found kept status red for good; an old .filepart stayed green (a review)
    const inbox = setup();
    const folder = join(inbox, 'participations');
    put(join(folder, 'teilnahmen.csv'), 'x\n', 120_000);
    put(join(folder, 'teilnahmen.csv.reasons.txt'), 'File: teilnahmen.csv\n', 120_000);
    for (const share of ['lost+found', '$RECYCLE.BIN', '#recycle']) mkdirSync(join(inbox, share));
    put(join(folder, 'teilnahmen_06411.csv.filepart'), 'x\n', 2 * 24 * HOUR);
    put(join(folder, 'teilnahmen_06412.csv.part'), 'x\n', HOUR);
    // a hidden upload abandoned is named too (it stayed unnamed); Excel's lock file and desktop files not
    put(join(folder, '.teilnahmen_06413.csv'), 'x\n', 2 * 24 * HOUR);
    put(join(folder, '.teilnahmen_06414.csv.Ab12Cd'), 'x\n', 2 * 24 * HOUR);
    put(join(folder, '.teilnahmen_06415.csv'), 'x\n', HOUR);
    for (const other of ['~$teilnahmen.xlsx', '.DS_Store', '._teilnahmen.csv']) put(join(folder, other), 'x\n', 2 * 24 * HOUR);
    put(join(inbox, 'final_reports', 'berichte.json'), '  \n', 120_000);
    put(join(inbox, 'final_reports', 'leer.ndjson'), '\n'.repeat(10_000), 120_000);
    // a reasons file alone is named (a delivery so named, or left after its file loaded): passed over, status stayed green (a review)
    put(join(inbox, 'final_reports', 'abbruch.reasons.txt'), 'x\n', 120_000);
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.ready.map((f) => f.name)).toEqual(['teilnahmen.csv']);
    expect(scan.waiting.map((f) => [f.name, f.holdReason])).toEqual([
      ['berichte.json', 'the file is empty (still being written?)'],
      ['leer.ndjson', 'the file is empty (still being written?)'],
    ]);
    expect(strayInInbox(inbox, NOW)).toEqual([
      'final_reports/abbruch.reasons.txt',
      'participations/.teilnahmen_06413.csv (an upload unfinished for over a day)',
      'participations/.teilnahmen_06414.csv.Ab12Cd (an upload unfinished for over a day)',
      'participations/teilnahmen_06411.csv.filepart (an upload unfinished for over a day)',
    ]);
  });

  it('refuses symlinks that leave the inbox and never follows a kind folder outside it', () => {
    const inbox = setup();
    const outside = join(dir, 'secret.csv');
    put(outside, 'secret', 120_000);
    symlinkSync(outside, join(inbox, 'measures', 'm.csv'));
    put(join(inbox, 'measures', 'inside.csv'), 'x\n', 120_000);
    symlinkSync(join(inbox, 'measures', 'inside.csv'), join(inbox, 'measures', 'link-inside.csv'));
    // A kind folder replaced by a link to elsewhere is skipped entirely.
    rmSync(join(inbox, 'outcomes'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    put(join(dir, 'elsewhere', 'o.csv'), 'x', 120_000);
    symlinkSync(join(dir, 'elsewhere'), join(inbox, 'outcomes'));
    const scan = scanInbox(inbox, { nowMs: NOW, minAgeMs: 60_000, cutOffWaitMs: HOUR, memory: new Map() });
    expect(scan.refused.map((f) => [f.name, f.reason])).toEqual([['m.csv', 'symbolic link pointing outside the inbox (refused for safety)']]);
    expect(scan.ready.map((f) => f.name)).toEqual(['inside.csv', 'link-inside.csv']);
    expect(isInside('/a/inbox', '/a/inbox/x/../../etc')).toBe(false);
    expect(isInside('/a/inbox', '/a/inbox2/x')).toBe(false);
  });
});

describe('archive and quarantine', () => {
  it('archives by day and kind, quarantines with a reasons file, never overwrites', () => {
    const inbox = setup();
    const a = join(inbox, 'providers', 'p.csv');
    put(a, 'one', 0);
    const archived = archiveFile({ kind: 'providers', path: a }, join(dir, 'archive'), '2026-03-10');
    expect(archived).toBe(join(dir, 'archive', '2026-03-10', 'providers', 'p.csv'));
    put(a, 'two', 0);
    expect(archiveFile({ kind: 'providers', path: a }, join(dir, 'archive'), '2026-03-10', ['row 3: bad date'])).toBe(join(dir, 'archive', '2026-03-10', 'providers', 'p.2.csv'));
    expect(readFileSync(join(dir, 'archive', '2026-03-10', 'providers', 'p.csv'), 'utf8')).toBe('one');
    expect(readFileSync(join(dir, 'archive', '2026-03-10', 'providers', 'p.2.csv.reasons.txt'), 'utf8')).toContain('- row 3: bad date');
    expect(existsSync(a)).toBe(false);

    const bad = join(inbox, 'measures', 'bad.csv');
    put(bad, 'x', 0);
    const q = quarantineFile({ kind: 'measures', path: bad }, join(dir, 'quarantine'), ["required column 'measure_id' is missing"]);
    expect(q).toBe(join(dir, 'quarantine', 'measures', 'bad.csv'));
    expect(readFileSync(`${q}.reasons.txt`, 'utf8')).toBe("File: bad.csv\nNot loaded:\n- required column 'measure_id' is missing\n");
    expect(countQuarantine(join(dir, 'quarantine'))).toEqual({ measures: 1 });
  });
  it('keeps a copy of its own of a file the sender hard-linked into the inbox: the sender cannot change it after the load', () => {
    const inbox = setup();
    const senders = join(dir, 'sftp-home', 'bericht.csv');
    mkdirSync(join(dir, 'sftp-home'));
    writeFileSync(senders, 'Kundennummer;x\n');
    linkSync(senders, join(inbox, 'participations', 'bericht.csv'));
    const archived = archiveFile({ kind: 'participations', path: join(inbox, 'participations', 'bericht.csv') }, join(dir, 'archive'), '2026-03-10');
    appendFileSync(senders, '999Z999999;1\n'); // through the name it kept
    expect(readFileSync(archived, 'utf8')).toBe('Kundennummer;x\n');
    expect(lstatSync(archived).nlink).toBe(1);
    expect(readdirSync(join(dir, 'archive', '2026-03-10', 'participations'))).toEqual(['bericht.csv']);
  });
});

