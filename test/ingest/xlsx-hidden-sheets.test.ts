/**
 * Hidden sheets are not what a person sees when opening the workbook: an old copy of the
 * data or the lists behind a template's drop-downs. The data sheet is the first visible
 * one whose header names the required columns, unless `--sheet` names one. One load reads
 * one sheet: a workbook with a sheet per quarter loaded the first quarter and passed over
 * the others without a word.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';
import { summaryLines } from '../../pipelines/ingest/summary.ts';
import { HiddenRows } from '../../pipelines/ingest/xlsx-workbook-reader.ts';
import { replaceZipEntry } from '../helpers/zip-entry.ts';

const unzipper = createRequire(import.meta.url)('unzipper') as { Open: { buffer(b: Buffer): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> } };

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'];

describe('XLSX hidden sheets', () => {
  it('a hidden sheet before the visible data sheet is passed over, even with the same header', async () => {
    const workbook = new ExcelJS.Workbook();
    const old = workbook.addWorksheet('Alt', { state: 'hidden' });
    old.addRow(HEADER);
    old.addRow(['962D900001', '06411', 'M-1', '02.01.2023']);
    const data = workbook.addWorksheet('Teilnahmen');
    data.addRow(['Teilnahmen Februar 2024']);
    data.addRow(HEADER);
    for (const id of ['11', '12', '13']) data.addRow([`962D9000${id}`, '06411', 'M-1', '01.02.2024']);
    workbook.addWorksheet('Listen', { state: 'veryHidden' }).addRow(HEADER);
    const path = join(store.dir, 'teilnahmen_februar.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 3 });
    expect(await store.db.json('SELECT _row, referral_date FROM raw.participations ORDER BY _row')).toEqual([
      { _row: 3, referral_date: '2024-02-01' },
      { _row: 4, referral_date: '2024-02-01' },
      { _row: 5, referral_date: '2024-02-01' },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Teilnahmen', header in row 2 (hidden sheet 'Alt' passed over)" }]);
  });

  it('a workbook whose only data sheet is hidden is refused with the sheet named and what to do', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Deckblatt').addRow(['Teilnahmen Februar 2024']);
    const data = workbook.addWorksheet('Daten', { state: 'hidden' });
    data.addRow(HEADER);
    data.addRow(['962D900021', '06411', 'M-1', '01.02.2024']);
    const path = join(store.dir, 'teilnahmen_versteckt.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result!.error).toContain("Sheet 'Daten' holds the columns but is hidden");
    expect(result!.error).toContain('unhide');
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
  });

  it('a hidden sheet named with --sheet is read', async () => {
    const workbook = new ExcelJS.Workbook();
    const data = workbook.addWorksheet('Daten', { state: 'hidden' });
    data.addRow(HEADER);
    data.addRow(['962D900031', '06411', 'M-1', '01.02.2024']);
    const path = join(store.dir, 'teilnahmen_versteckt.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'participations', sheet: 'Daten' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
  });
});

/**
 * openpyxl (and pandas through it) writes the workbook's relationship targets absolute
 * ('/xl/worksheets/sheet1.xml'); exceljs's reader matched only the relative form, so it knew
 * no sheet's name or state: the hidden sheet loaded, the sheets were 'Sheet1', 'Sheet2', and
 * --sheet by the real name was refused.
 */
describe('XLSX written by openpyxl (absolute relationship targets)', () => {
  async function openpyxlLike(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const old = workbook.addWorksheet('Alt 2024', { state: 'hidden' });
    old.addRow(HEADER);
    old.addRow(['962D900051', '06411', 'M-1', '02.01.2024']);
    const data = workbook.addWorksheet('Aktuell');
    data.addRow(HEADER);
    for (const id of ['52', '53']) data.addRow([`962D9000${id}`, '06411', 'M-1', '03.02.2025']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const rels = 'xl/_rels/workbook.xml.rels';
    const { files } = await unzipper.Open.buffer(bytes);
    const written = (await files.find((f) => f.path === rels)!.buffer()).toString('utf8');
    const absolute = written.replaceAll('Target="worksheets/', 'Target="/xl/worksheets/');
    expect(absolute).toContain('Target="/xl/worksheets/sheet2.xml"');
    const path = join(store.dir, 'teilnahmen_openpyxl.xlsx');
    writeFileSync(path, replaceZipEntry(bytes, rels, Buffer.from(absolute)));
    return path;
  }

  it('passes over the hidden sheet and names the sheets as the workbook does', async () => {
    const [result] = await store.ingest([await openpyxlLike()], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 2, rowsLoaded: 2, notes: [] });
    expect(await store.db.json('SELECT referral_date FROM raw.participations ORDER BY _row')).toEqual([{ referral_date: '2025-02-03' }, { referral_date: '2025-02-03' }]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Aktuell', header in row 1 (hidden sheet 'Alt 2024' passed over)" }]);
  });

  it('--sheet takes the sheet by its name, and a wrong one is refused listing the real names', async () => {
    const path = await openpyxlLike();
    const [named] = await store.ingest([path], { kind: 'participations', sheet: 'Aktuell' });
    expect(named).toMatchObject({ status: 'success', rowsLoaded: 2 });
    const [wrong] = await store.ingest([path], { kind: 'participations', sheet: 'Sheet1' });
    expect(wrong!.error).toBe("teilnahmen_openpyxl.xlsx has no sheet 'Sheet1'. Its sheets: 'Alt 2024', 'Aktuell'; give one of them with --sheet (case does not matter).");
  });
});

describe('XLSX with a sheet per quarter', () => {
  async function quarters(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hinweise').addRow(['Bitte je Quartal ein Blatt']);
    for (const [sheet, n] of [['Q1', 2], ['Q2', 3]] as const) {
      const data = workbook.addWorksheet(sheet);
      data.addRow(HEADER);
      for (let i = 0; i < n; i++) data.addRow([`962D90${sheet}${i}`.replace('Q', '0'), '06411', 'M-1', `0${sheet === 'Q1' ? 2 : 5}.01.2024`]);
    }
    const path = join(store.dir, 'teilnahmen_2024.xlsx');
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it('loads the first data sheet, names the others and how to load each; --sheet loads one of them once', async () => {
    const path = await quarters();
    const [first] = await store.ingest([path], { kind: 'participations' });
    expect(first).toMatchObject({ status: 'success', rowsLoaded: 2 });
    expect(summaryLines(first!)).toContain(
      `  note: sheet 'Q2' also holds these columns and was not read (one load reads one sheet, here 'Q1'): to load it, almp ingest --sheet "Q2" teilnahmen_2024.xlsx`,
    );
    const [second] = await store.ingest([path], { kind: 'participations', sheet: 'q2' });
    expect(second).toMatchObject({ status: 'success', rowsLoaded: 3, alreadyLoaded: false, notes: [] });
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations WHERE _current')).toBe(5);
    const [again] = await store.ingest([path], { kind: 'participations', sheet: 'Q2' });
    expect(again).toMatchObject({ status: 'skipped', alreadyLoaded: true });
  });

  it('refuses a sheet name the workbook does not have, listing its sheets', async () => {
    const [result] = await store.ingest([await quarters()], { kind: 'participations', sheet: 'Q3' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result!.error).toBe("teilnahmen_2024.xlsx has no sheet 'Q3'. Its sheets: 'Hinweise', 'Q1', 'Q2'; give one of them with --sheet (case does not matter).");
  });
});

/**
 * Rows hidden in the data sheet (by hand, or filtered out by an AutoFilter) are read like the
 * visible ones, and the load names them: before, they loaded without a word, and a row the
 * sender hid as withdrawn counted unnoticed.
 */
describe('XLSX hidden rows', () => {
  it('loads hidden rows and names them in a note; hidden empty rows are not named', async () => {
    const workbook = new ExcelJS.Workbook();
    const data = workbook.addWorksheet('Teilnahmen');
    data.addRow(['Teilnahmen Februar 2024']);
    data.addRow(HEADER);
    for (const id of ['41', '42', '43', '44', '45', '46']) data.addRow([`962D9000${id}`, '06411', 'M-1', '01.02.2024']);
    data.addRow([]);
    data.getRow(9).getCell(5).value = 'Stand 03/2024'; // outside the data columns: an empty record
    for (const r of [4, 5, 7, 9]) data.getRow(r).hidden = true;
    const path = join(store.dir, 'teilnahmen_ausgeblendet.xlsx');
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 6, rowsLoaded: 6 });
    expect(summaryLines(result!)).toContain(
      `  note: 3 rows of sheet 'Teilnahmen' are hidden in Excel (by hand or by a filter) and were read like the visible ones: rows 4–5, 7. Hiding a row does not take it out of the delivery; if they were meant as withdrawn, clear this with the sender.`,
    );
  });

  it('finds a hidden row whose tag a chunk boundary splits, as 1 or true', async () => {
    const rows = new HiddenRows();
    const xml = '<sheetData><row r="2"><c/></row><row r="3" spans="1:4" hidden="1"><c/></row><row hidden="true" r="12"/><row r="13" customHeight="1"/></sheetData>';
    const done = new Promise((resolve) => rows.on('finish', resolve));
    rows.resume();
    for (let i = 0; i < xml.length; i += 7) rows.write(Buffer.from(xml.slice(i, i + 7), 'latin1'));
    rows.end();
    await done;
    expect([...rows.numbers]).toEqual([3, 12]);
  });
});

describe('XLSX: a data sheet with a faulty header before another data sheet', () => {
  it('is not passed over for the later sheet (last year\'s archive): the file is refused, naming both', async () => {
    const workbook = new ExcelJS.Workbook();
    const current = workbook.addWorksheet('Teilnahmen 2024');
    current.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdat.']);
    current.addRow(['962D900021', '06411', 'M-1', '01.02.2024']);
    const archive = workbook.addWorksheet('Archiv 2023');
    archive.addRow(HEADER);
    archive.addRow(['962D900021', '06411', 'M-1', '02.01.2023']);
    const path = join(store.dir, 'teilnahmen_2024.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'error' });
    expect(result!.error).toContain("sheet 'Teilnahmen 2024' looks like the data but lacks 'referral_date'; sheet 'Archiv 2023' has every required column. Not loaded");
    expect(result!.error).toContain('almp ingest --sheet "Archiv 2023" teilnahmen_2024.xlsx');
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
    // named, the archive loads
    const [named] = await store.ingest([path], { kind: 'participations', sheet: 'Archiv 2023' });
    expect(named).toMatchObject({ status: 'success', rowsLoaded: 1 });
  });
});
