/**
 * Bad input: bad values reject their row only (with row number, column, value, reason),
 * broken files are refused whole with a clear message, and never crash the run.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../pipelines/ingest/limits.ts';
import { fixture, openStore, pid, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('row rejects', () => {
  it('bad date, unknown exit code, empty id and a bad boolean reject their rows; the good rows load', async () => {
    const [result] = await store.ingest([fixture('participations_fehlerhaft.csv')], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 6, rowsLoaded: 2, rowsRejected: 4, extraColumns: ['Bearbeiter'] });
    expect(await store.db.json('SELECT participant_id, birth_year, gender, _row FROM raw.participations ORDER BY _row')).toEqual([
      { participant_id: pid('962D200001'), birth_year: 1979, gender: 'f', _row: 2 },
      // '1.988' is 1988 written with a German thousands dot
      { participant_id: pid('962D200005'), birth_year: 1988, gender: 'f', _row: 6 },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value", reason, file_name, kind FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, column: 'referral_date', value: '31.02.2024', reason: expect.stringContaining('not a date'), file_name: 'participations_fehlerhaft.csv', kind: 'participations' },
      { row: 4, column: 'exit_reason', value: '13', reason: 'unknown exit reason code (01-12)', file_name: 'participations_fehlerhaft.csv', kind: 'participations' },
      { row: 5, column: 'participant_id', value: null, reason: 'participant id is empty', file_name: 'participations_fehlerhaft.csv', kind: 'participations' },
      { row: 7, column: 'long_term_unemployed', value: 'vielleicht', reason: expect.stringContaining('not a yes/no value'), file_name: 'participations_fehlerhaft.csv', kind: 'participations' },
    ]);
    expect(store.lines[0]).toBe('participations_fehlerhaft.csv (participations): 6 rows read, 2 rows loaded, 4 rejected');
    expect(store.lines).toContain('  ignored columns: Bearbeiter');
    // the column as the contract names it and as the file's header writes it
    expect(store.lines).toContain(`  rejected row 3, referral_date ("Zuweisungsdatum") '31.02.2024': not a date (DD.MM.YYYY or YYYY-MM-DD, years 1900-2100)`);
    expect(store.lines).toContain(`  rejected row 5, participant_id ("Kundennummer"): participant id is empty`);
    // kept for `almp rejects`, the list that goes back to the sender
    expect(await store.db.json('SELECT "row", header FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, header: 'Zuweisungsdatum' },
      { row: 4, header: 'Austrittsgrund' },
      { row: 5, header: 'Kundennummer' },
      { row: 7, header: 'LZA' },
    ]);
  });

  it('reads the words Jobcenters and providers write for their type (they were rejected: Optionskommune, gemeinsame Einrichtung, Kommune)', async () => {
    const jobcenters = join(store.dir, 'dienststellen.csv');
    writeFileSync(jobcenters, 'Dienststelle;Name;Typ\n06411;Jobcenter Darmstadt;Gemeinsame Einrichtung\n06412;Kreis Offenbach;Optionskommune\n06413;Kreis X;zugelassener kommunaler Träger\n');
    const providers = join(store.dir, 'traeger.csv');
    writeFileSync(providers, 'Träger-Nr;Name;Trägerart\n001001;Stadt;Kommune\n001002;Verein;freier Träger\n');
    const results = await store.ingest([jobcenters, providers]);
    expect(results.map((r) => [r.rowsLoaded, r.rowsRejected])).toEqual([[3, 0], [2, 0]]);
    expect(await store.db.json('SELECT jobcenter_id, type FROM raw.jobcenters ORDER BY 1')).toEqual([
      { jobcenter_id: '06411', type: 'gE' }, { jobcenter_id: '06412', type: 'zKT' }, { jobcenter_id: '06413', type: 'zKT' },
    ]);
    expect(await store.db.json('SELECT provider_type FROM raw.providers ORDER BY provider_id')).toEqual([{ provider_type: 'municipal' }, { provider_type: 'independent' }]);
  });

  it('an unknown instrument code and an unknown enum value reject the row', async () => {
    const path = join(store.dir, 'measures.csv');
    writeFileSync(path, 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Finanzierung\nM-1;06411;T-1;45_MAT;Land\nM-2;06411;T-1;45_XYZ;Land\nM-3;06411;T-1;16e;Lotto\n');
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 2 });
    expect(await store.db.json('SELECT "row", "column", "value" FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, column: 'instrument', value: '45_XYZ' },
      { row: 4, column: 'funding', value: 'Lotto' },
    ]);
    expect(await store.db.json('SELECT instrument, funding FROM raw.measures')).toEqual([{ instrument: '45_MAT', funding: 'state' }]);
    // the codes are named: 'see ref.instruments' pointed to a table the clerk cannot see
    const codes = (await store.db.json<{ code: string }>('SELECT code FROM ref.instruments ORDER BY code')).map((r) => r.code);
    expect(codes).toContain('45_MAT');
    expect(await store.db.json(`SELECT reason FROM meta.rejects WHERE "column" = 'instrument'`)).toEqual([{ reason: `unknown instrument code; allowed: ${codes.join(', ')}` }]);
  });
});

describe('whole-file errors', () => {
  it('names several missing columns in the plural, and a binary file by its name, not the server path', async () => {
    const twoMissing = join(store.dir, 'teilnahmen_kurz.csv');
    writeFileSync(twoMissing, 'Kundennummer;Dienststelle\n962D990301;06411\n');
    const binary = join(store.dir, 'teilnahmen_binaer.csv');
    writeFileSync(binary, Buffer.from([0x4b, 0x75, 0x00, 0x01, 0x02, 0x03]));
    const [short, bin] = await store.ingest([twoMissing, binary], { kind: 'participations' });
    expect(short?.error).toMatch(/^Required columns '[a-z_]+', '[a-z_]+'.* are missing/);
    expect(bin?.error).toMatch(/^Cannot read teilnahmen_binaer\.csv: the file holds binary data/);
    expect(bin?.error).not.toContain(store.dir);
  });

  it('a missing required column rejects the whole file with a message naming the column', async () => {
    const [result] = await store.ingest([fixture('participations_ohne_zuweisung.csv')], { kind: 'participations' });
    expect(result?.status).toBe('error');
    expect(result?.error).toContain("Required column 'referral_date' is missing");
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
    expect(await store.db.scalar('SELECT count(*) FROM meta.files')).toBe(0);
    expect(await store.db.json('SELECT "row", "column", kind FROM meta.rejects')).toEqual([{ row: null, column: 'referral_date', kind: 'participations' }]);
    expect(store.lines[0]).toMatch(/^participations_ohne_zuweisung\.csv \(participations\): not loaded — Required column 'referral_date'/);
  });

  it('an empty file, a binary file named .csv and a zip named .csv are clear errors, and the other files still load', async () => {
    const dir = join(store.dir, 'participations');
    mkdirSync(dir);
    copyFileSync(fixture('participations_leer.csv'), join(dir, 'a_leer.csv'));
    const binary = Buffer.alloc(4096);
    randomFillSync(binary);
    binary[10] = 0;
    writeFileSync(join(dir, 'b_binaer.csv'), binary);
    writeFileSync(join(dir, 'c_excel.csv'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), binary]));
    copyFileSync(fixture('participations_bom_iso.csv'), join(dir, 'd_gut.csv'));
    const results = await store.ingest([dir]);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['a_leer.csv', 'error'],
      ['b_binaer.csv', 'error'],
      ['c_excel.csv', 'error'],
      ['d_gut.csv', 'success'],
    ]);
    expect(results[0]?.error).toContain('the file is empty');
    expect(results[1]?.error).toContain('binary data');
    expect(results[2]?.error).toContain('zip archive');
    expect(results[3]?.rowsLoaded).toBe(4);
  });

  it('empty JSON and an empty sheet are clear errors too', async () => {
    const json = join(store.dir, 'final_reports.json');
    writeFileSync(json, '');
    const [result] = await store.ingest([json]);
    expect(result).toMatchObject({ status: 'error', kind: 'final_reports' });
    expect(result?.error).toContain('empty');
  });

  it('a file of unknown kind is an error listing the kinds', async () => {
    const path = join(store.dir, 'daten.csv');
    copyFileSync(fixture('participations_bom_iso.csv'), path);
    const [result] = await store.ingest([path]);
    expect(result?.status).toBe('error');
    expect(result?.error).toContain('jobcenters, providers, measures, participations');
  });
});

describe('truncated file', () => {
  // Decision: a file cut off mid-record loads its complete records and rejects the broken
  // last one. That is the same rule as for any bad row; the ledger knows the file by its
  // content hash, so when the complete file arrives it loads and replaces these versions.
  it('loads the complete records and rejects the cut-off last record', async () => {
    const [result] = await store.ingest([fixture('participations_abgeschnitten.csv')], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects')).toEqual([
      { row: 4, column: null, value: null, reason: 'record ends early: fewer fields than the header (file cut off or a broken line)' },
    ]);
  });

  it('also when the cut is inside a quoted field', async () => {
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(path, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Begründung;Ergebnis\nT-1;M-1;962D600001;01.07.2024;"kurz";completed\nT-1;M-1;962D600002;01.07.2024;"Teilnehmer hat die Maß');
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 1 });
    // strict read fails on the open quote; the re-read pads the cut record, which is rejected
    expect(await store.db.json('SELECT "row", "value", reason FROM meta.rejects')).toEqual([
      { row: 3, value: null, reason: 'record ends early: fewer fields than the header (file cut off or a broken line)' },
    ]);
  });

  it('a record with two extra fields mid-file is rejected by its row; the rows after it keep their numbers', async () => {
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(
      path,
      'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis\n' +
        'T-1;M-1;962D600011;01.07.2024;completed\n' +
        'T-1;M-1;962D600012;01.07.2024;completed;2;3\n' +
        'T-1;M-1;962D600013;01.07.2024;dropout\n' +
        'T-1;M-1;962D600014;01.07.2024;no_show\n',
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    expect(await store.db.json('SELECT _row, outcome FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 2, outcome: 'completed' },
      { _row: 4, outcome: 'dropout' },
      { _row: 5, outcome: 'no_show' },
    ]);
    expect(await store.db.json('SELECT "row", reason FROM meta.rejects')).toEqual([{ row: 3, reason: expect.stringContaining('more fields than the header') }]);
  });

  it('a CRLF export with rows appended as LF loads: the good rows load, the bad one is rejected by its row', async () => {
    // the non-strict reader accepts mixed line ends; the strict one stopped the whole file
    // with DuckDB's "The CSV Parser state machine reached an invalid state"
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(
      path,
      'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis\r\n' +
        'T-1;M-1;962D600021;01.07.2024;completed\r\n' +
        'T-1;M-1;962D600022;01.07.2024;dropout\r\n' +
        'T-1;M-1;962D600023;31.06.2024;completed\n' +
        'T-1;M-1;962D600024;02.07.2024;no_show\n',
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    expect(await store.db.json('SELECT _row, outcome FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 2, outcome: 'completed' },
      { _row: 3, outcome: 'dropout' },
      { _row: 5, outcome: 'no_show' },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value" FROM meta.rejects')).toEqual([{ row: 4, column: 'report_date', value: '31.06.2024' }]);
  });

  it('a title line ending in LF above a CRLF export loads every row (the strict reader read none, silently)', async () => {
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(
      path,
      'Export Träger T-1\n' +
        'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis\r\n' +
        'T-1;M-1;962D600041;01.07.2024;completed\r\n' +
        'T-1;M-1;962D600042;31.06.2024;dropout\r\n' +
        'T-1;M-1;962D600043;02.07.2024;no_show\r\n',
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT "row", "column" FROM meta.rejects')).toEqual([{ row: 4, column: 'report_date' }]);
  });

  it('blank lines above the header and between records count as the empty rows a spreadsheet shows', async () => {
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(
      path,
      'Export Träger T-1\n\n' + // rows 1-2
        'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis;Begründung\n' + // row 3
        'T-1;M-1;962D600051;01.07.2024;dropout;"Gespräch\n\nkein Ergebnis"\n' + // row 4: a blank line inside quotes is text
        '\n\n' + // rows 5-6
        'T-1;M-1;962D600052;31.06.2024;completed;\n' + // row 7
        'T-1;M-1;962D600053;02.07.2024;no_show;\n' + // row 8
        '\n' + // row 9
        'T-1;M-1;962D600054;02.07.2024;gut;\n', // row 10
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(await store.db.json('SELECT _row, reason_text FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 4, reason_text: 'Gespräch\n\nkein Ergebnis' },
      { _row: 8, reason_text: null },
    ]);
    expect(await store.db.json('SELECT "row", "column" FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 7, column: 'report_date' },
      { row: 10, column: 'outcome' },
    ]);
  });

  it('a value longer than the cell limit rejects its row in JSON and XLSX alike, naming the limit', async () => {
    const long = 'Empfehlung: '.padEnd(LIMITS.maxCellBytes + 1, 'x');
    const report = (id: string, recommendation: string) => ({
      provider_id: 'T-1', measure_id: 'M-1', participant_id: id, report_date: '2024-07-01', outcome: 'completed', follow_up_recommendation: recommendation,
    });
    const json = join(store.dir, 'abschlussberichte.json');
    writeFileSync(json, JSON.stringify([report('962D600031', 'kurz'), report('962D600032', long), report('962D600033', 'auch kurz')]));
    const xlsx = join(store.dir, 'abschlussberichte.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Berichte');
    sheet.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis', 'Anschlussempfehlung']);
    sheet.addRow(['T-1', 'M-1', '962D600041', '01.07.2024', 'completed', long]);
    sheet.addRow(['T-1', 'M-1', '962D600042', '01.07.2024', 'completed', 'kurz']);
    await workbook.xlsx.writeFile(xlsx);

    const results = await store.ingest([json, xlsx]);
    expect(results).toMatchObject([
      { status: 'success', rowsLoaded: 2, rowsRejected: 1 },
      { status: 'success', rowsLoaded: 1, rowsRejected: 1 },
    ]);
    const rejects = await store.db.json<{ file_name: string; row: number; column: string; reason: string }>(
      'SELECT file_name, "row", "column", reason FROM meta.rejects ORDER BY file_name',
    );
    expect(rejects.map((r) => [r.file_name, r.row, r.column])).toEqual([
      ['abschlussberichte.json', 2, 'follow_up_recommendation'], // JSON: the record's position
      ['abschlussberichte.xlsx', 2, 'follow_up_recommendation'],
    ]);
    for (const r of rejects) expect(r.reason).toContain('ALMP_MAX_CELL_KB');
  });

  it('a rejected provider free-text cell is not echoed: neither in meta.rejects nor on the terminal (it may hold personal data)', async () => {
    const personal = 'Frau Anna Beispiel, anna@example.org, Tel. 0171 9876543';
    const long = `${personal} `.padEnd(LIMITS.maxCellBytes + 1, 'x');
    const path = join(store.dir, 'abschlussberichte.csv');
    writeFileSync(
      path,
      `Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Ergebnis;Begründung;Anschlussempfehlung\n` +
        `T-1;M-1;962D700001;01.07.2024;completed;"${long}";kurz\n` +
        `T-1;M-1;962D700002;01.07.2024;completed;kurz;"${long}"\n` +
        `T-1;M-1;962D700003;01.07.2024;Lotto;kurz;kurz\n`,
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 0, rowsRejected: 3 });
    expect(await store.db.json('SELECT "row", "column", "value" FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 2, column: 'reason_text', value: null },
      { row: 3, column: 'follow_up_recommendation', value: null },
      // a code column still shows what it could not read
      { row: 4, column: 'outcome', value: 'Lotto' },
    ]);
    expect(store.lines.join('\n')).not.toContain('Anna');
    expect(result!.firstReasons[0]).toBe('row 2, reason_text ("Begründung"): value longer than the limit of 64 KB per cell (raise ALMP_MAX_CELL_KB if it is genuine)');
  });

  it('an empty required cell under a merged range in XLSX says it may be merged', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum']);
    for (const id of ['1001', '1002', '1003']) sheet.addRow([`962D80${id}`, '06411', 'M-1', '10.01.2024']);
    // a provider template merges the measure number over its participants
    sheet.mergeCells('C2:C4');
    const path = join(store.dir, 'zusammengefasst.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 2 });
    expect(result!.firstReasons[0]).toBe(
      'row 3, measure_id ("Maßnahme-Nr"): required value is empty (a merged cell? Excel keeps its value in the first row only: unmerge and fill every row)',
    );
  });
});
