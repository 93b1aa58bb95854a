/**
 * Every accepted file format and CSV dialect loads with the values a person would read in
 * the file (hand-checked against the fixtures in test/fixtures/ingest/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sniffCsv } from '../../pipelines/ingest/dialect.ts';
import { readXlsx } from '../../pipelines/ingest/read-xlsx.ts';
import { fixture, openStore, pid, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('CSV dialects', () => {
  it('Windows-1252, semicolon, decimal comma with thousands dots and €, German dates, quoted separator', async () => {
    const sample = readFileSync(fixture('massnahmen_cp1252.csv'));
    expect(sniffCsv('measures', sample, true)).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimalMark: ',', headerIndex: 0 });

    const [result] = await store.ingest([fixture('massnahmen_cp1252.csv')], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', kind: 'measures', rowsRead: 4, rowsLoaded: 4, rowsRejected: 0 });
    const rows = await store.db.json(
      'SELECT measure_id, jobcenter_id, instrument, title, funding, contract_start, places, planned_duration_days, cost_total_eur, cooperation_level FROM raw.measures ORDER BY measure_id',
    );
    expect(rows).toEqual([
      {
        measure_id: 'M-2024-001',
        jobcenter_id: '06411',
        instrument: '45_MAT',
        title: '„Perspektive 50plus“ – Bewerbungstraining für Ältere',
        funding: 'integration_budget',
        contract_start: '2024-02-01',
        places: 24,
        planned_duration_days: 180,
        cost_total_eur: '148500.00',
        cooperation_level: 'extended',
      },
      expect.objectContaining({ measure_id: 'M-2024-002', title: 'Coaching; Übergänge begleiten', cost_total_eur: '1234567.89', cooperation_level: 'intensive' }),
      expect.objectContaining({ measure_id: 'M-2024-003', funding: 'esf', contract_start: '2024-03-15', cost_total_eur: '87360.50', cooperation_level: 'low' }),
      expect.objectContaining({ measure_id: 'M-2024-004', instrument: '16k', title: 'Ganzheitliche Betreuung – Zuschuss 1.200 € je Platz', funding: 'municipal', cost_total_eur: null, cooperation_level: null }),
    ]);
  });

  it('UTF-8 with BOM, comma, ISO dates, English headers; exit code 3 means 03, ids keep leading zeros', async () => {
    expect(sniffCsv('participations', readFileSync(fixture('participations_bom_iso.csv')), true)).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ',' });
    const [result] = await store.ingest([fixture('participations_bom_iso.csv')], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 4, rowsRejected: 0 });
    const rows = await store.db.json<Record<string, unknown>>('SELECT * FROM raw.participations ORDER BY _row');
    expect(rows[0]).toMatchObject({
      participant_id: pid('962D100001'),
      jobcenter_id: '06411',
      referral_date: '2024-01-15',
      exit_date: '2024-05-10',
      exit_reason: '03',
      birth_year: 1968,
      gender: 'f',
      citizenship: 'DE',
      education_isced: 3,
      long_term_unemployed: true,
      single_parent: false,
      _row: 2,
      _current: true,
    });
    // a lower-case id gives the same pseudonym as the upper-case one (trimmed, upper-cased)
    expect(rows[1]).toMatchObject({ participant_id: pid('962D100002'), exit_reason: null, exit_date: null, long_term_unemployed: true, long_term_recipient: false });
    expect(rows[2]).toMatchObject({ exit_reason: '07', gender: 'd', citizenship: 'non_EU', disability: true, planned_start: null });
    expect(rows[3]).toMatchObject({ gender: 'f', entry_date: null, long_term_unemployed: true, long_term_recipient: false, single_parent: true, disability: false });
  });

  it('tab separated attendance with YYYY-MM and MM.YYYY months and German short headers', async () => {
    const [result] = await store.ingest([fixture('fehlzeiten_tab.tsv')]);
    expect(result).toMatchObject({ status: 'success', kind: 'attendance', rowsLoaded: 3, rowsRejected: 0 });
    expect(await store.db.json('SELECT month, days_planned, days_present, days_excused, days_unexcused, days_sick FROM raw.attendance ORDER BY _row')).toEqual([
      { month: '2024-02-01', days_planned: 20, days_present: 17, days_excused: 1, days_unexcused: 0, days_sick: 2 },
      { month: '2024-03-01', days_planned: 21, days_present: 15, days_excused: 0, days_unexcused: 4, days_sick: 2 },
      { month: '2024-03-01', days_planned: 21, days_present: 21, days_excused: 0, days_unexcused: 0, days_sick: 0 },
    ]);
  });

  it('UTF-16 tab-separated text (Excel "Unicode text" export) is transcoded', async () => {
    const path = join(store.dir, 'teilnahmen.txt');
    const text = 'Kundennummer\tDienststelle\tMaßnahme-Nr\tZuweisungsdatum\r\n962D100001\t06411\tM-2024-001\t15.01.2024\r\n';
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', kind: 'participations', rowsLoaded: 1 });
    expect(await store.db.json('SELECT participant_id, measure_id, referral_date FROM raw.participations')).toEqual([
      { participant_id: pid('962D100001'), measure_id: 'M-2024-001', referral_date: '2024-01-15' },
    ]);
  });

  it('UTF-16 without a byte-order mark, little- and big-endian, is read as UTF-16, not refused as binary', async () => {
    const text = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum\r\n962D100001;06411;M-Süd-001;15.01.2024\r\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [['teilnahmen-le.csv', le], ['teilnahmen-be.csv', be]] as const) {
      const path = join(store.dir, name);
      writeFileSync(path, bytes);
      const [result] = await store.ingest([path]);
      expect(result, name).toMatchObject({ status: 'success', kind: 'participations', rowsLoaded: 1 });
    }
    expect(await store.db.json('SELECT DISTINCT participant_id, measure_id FROM raw.participations')).toEqual([{ participant_id: pid('962D100001'), measure_id: 'M-Süd-001' }]);
  });

  it('a separator almp does not read is named as such, not as missing columns', async () => {
    const path = join(store.dir, 'teilnahmen.csv');
    writeFileSync(path, 'Kundennummer:Dienststelle:Maßnahme-Nr:Zuweisungsdatum\n962D100001:06411:M-2024-001:15.01.2024\n');
    const [result] = await store.ingest([path]);
    expect(result!.status).toBe('error');
    expect(result!.error).toMatch(/the whole header was read as one single column — its cells seem separated by ':', which almp does not read \(it reads ; , \| and tab\)\. Export it again with ; or , between the columns/);
    // a file cut off inside its header is not taken for one with another separator
    const cut = join(store.dir, 'teilnahmen_cut.csv');
    writeFileSync(cut, 'Kundennumm');
    const [truncated] = await store.ingest([cut]);
    expect(truncated!.error).toMatch(/\(0 of the 1 header cells name a known column\)/);
  });

  it('a file that starts with data is named as one without its header line (the tail of a resumed upload)', async () => {
    const path = join(store.dir, 'teilnahmen_06411.csv');
    writeFileSync(path, '962D100002;06411;M-2024-001;15.01.2024;01.02.2024\n962D100003;06411;M-2024-001;16.01.2024;\n');
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result!.status).toBe('error');
    expect(result!.error).toMatch(/\(0 of the 5 header cells name a known column; its first line holds dates or numbers: a data row, not a header\)\. A file without its header line: the rest of a file whose upload was resumed/);
    expect(result!.error).not.toContain('962D100002');
  });

  it('a title row above the header and a quoted multi-line field: rows count records like a spreadsheet', async () => {
    const [result] = await store.ingest([fixture('abschlussberichte_mehrzeilig.csv')]);
    expect(result).toMatchObject({ status: 'success', kind: 'final_reports', rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    const rows = await store.db.json('SELECT _row, outcome, dropout_initiator, dropout_reasons, reason_text, goals FROM raw.final_reports ORDER BY _row');
    expect(rows).toEqual([
      {
        _row: 3,
        outcome: 'positive_early_exit',
        dropout_initiator: null,
        dropout_reasons: null,
        reason_text: 'Arbeitsaufnahme bei Lagerfirma; Vertrag unbefristet',
        goals: [
          { code: 'daily_structure', status: 'achieved' },
          { code: 'application_documents', status: 'achieved' },
        ],
      },
      {
        _row: 4,
        outcome: 'dropout',
        dropout_initiator: 'participant',
        dropout_reasons: ['motivation', 'health'],
        reason_text: 'Mehrfach unentschuldigt gefehlt.\nGespräch am 12.06. ohne Ergebnis; Teilnehmer wünscht Wechsel.',
        goals: [
          { code: 'daily_structure', status: 'partial' },
          { code: 'language', status: 'not_achieved' },
        ],
      },
    ]);
    // Row 5 is the record after the two-line one: the 6th line of the file, the 5th row.
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row", "column"')).toEqual([
      { row: 5, column: 'dropout_reasons', value: 'gesundheit', reason: "unknown dropout reason code 'gesundheit'" },
      { row: 6, column: 'goals', value: 'skills:done', reason: "unknown goal code or status 'skills:done' (statuses: achieved, partial, not_achieved, open)" },
      { row: 6, column: 'participant_feedback', value: '7', reason: 'out of range: must be between 1 and 5' },
    ]);
  });
});

describe('XLSX, JSON, NDJSON', () => {
  it('XLSX: title rows above the header, real date cells and date text, numbers as codes', async () => {
    const path = join(store.dir, 'teilnahmen_april.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow(['Jobcenter Musterstadt – Teilnahmen an Maßnahmen']);
    sheet.addRow(['Stand: 30.04.2024']);
    sheet.addRow([]);
    sheet.addRow(['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'Austritt', 'Austrittsgrund', 'Geburtsjahr', 'LZA', 'Notiz']);
    sheet.addRow(['962D500001', '06411', 'M-2024-001', new Date(Date.UTC(2024, 2, 4)), new Date(Date.UTC(2024, 3, 2)), null, null, 1977, 'ja', 'telefonisch']);
    sheet.addRow(['962D500002', '06411', 'M-2024-001', '05.03.2024', '2024-04-02', new Date(Date.UTC(2024, 3, 26)), 3, 1999, 0, null]);
    sheet.addRow(['962D500003', '06411', 'M-2024-001', 'März 2024', null, null, null, 2001, 1, null]);
    sheet.getColumn(4).numFmt = 'dd.mm.yyyy';
    await workbook.xlsx.writeFile(path);

    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ status: 'success', kind: 'participations', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1, extraColumns: ['Notiz'] });
    expect(await store.db.json('SELECT participant_id, referral_date, entry_date, exit_date, exit_reason, birth_year, long_term_unemployed, _row FROM raw.participations ORDER BY _row')).toEqual([
      { participant_id: pid('962D500001'), referral_date: '2024-03-04', entry_date: '2024-04-02', exit_date: null, exit_reason: null, birth_year: 1977, long_term_unemployed: true, _row: 5 },
      { participant_id: pid('962D500002'), referral_date: '2024-03-05', entry_date: '2024-04-02', exit_date: '2024-04-26', exit_reason: '03', birth_year: 1999, long_term_unemployed: false, _row: 6 },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value" FROM meta.rejects')).toEqual([{ row: 7, column: 'referral_date', value: 'März 2024' }]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Teilnahmen', header in row 4" }]);
  });

  it('XLSX written by a streaming writer (worksheets before the shared strings, workbook part last) reads the same on every try', async () => {
    // exceljs's one-pass reader lost parts of such archives at random (exceljs #3064): the
    // cells held shared-string numbers, and the same file loaded once and not the next time
    const path = join(store.dir, 'berichte.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    writer.addWorksheet('Deckblatt').addRow(['Abschlussberichte Träger T-1']).commit();
    for (const name of ['Hinweise', 'Legende', 'Definitionen', 'Quellen', 'Kontakt', 'Archiv']) {
      const sheet = writer.addWorksheet(name);
      for (let i = 0; i < 30; i++) sheet.addRow([`${name} ${i}`, 'Bitte nicht ändern', i]).commit();
    }
    const data = writer.addWorksheet('Berichte');
    data.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis']).commit();
    for (let i = 0; i < 20; i++) data.addRow(['T-1', 'M-1', `962D7000${String(i).padStart(2, '0')}`, '01.07.2024', i % 2 ? 'completed' : 'dropout']).commit();
    await writer.commit();
    const reads = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const table = readXlsx('final_reports', path);
      let records = 0;
      for await (const record of table.records) if (record.values.get('outcome')) records++;
      reads.push(`${records} ${table.describe()}`);
    }
    expect(reads).toEqual(Array(6).fill("20 sheet 'Berichte', header in row 1"));
  });

  it('XLSX: the data sheet is the first whose header names the required columns (a notes sheet before it is passed over)', async () => {
    const path = join(store.dir, 'abschlussberichte_juli.xlsx');
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Hinweise');
    notes.addRow(['Abschlussberichte Träger T-1, Stand 01.07.2024']);
    notes.addRow(['Bitte die Spalten nicht umbenennen.']);
    const data = workbook.addWorksheet('Berichte');
    data.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Ergebnis']);
    data.addRow(['T-1', 'M-1', '962D600051', new Date(Date.UTC(2024, 6, 1)), 'completed']);
    data.addRow(['T-1', 'M-1', '962D600052', '02.07.2024', 'dropout']);
    await workbook.xlsx.writeFile(path);
    const onlyNotes = join(store.dir, 'abschlussberichte_leer.xlsx');
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Hinweise').addRow(['Träger-Nr', 'Bemerkung']);
    await empty.xlsx.writeFile(onlyNotes);

    const [result, refused] = await store.ingest([path, onlyNotes]);
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store.db.json('SELECT _row, outcome FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 2, outcome: 'completed' },
      { _row: 3, outcome: 'dropout' },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "sheet 'Berichte', header in row 1" }]);
    // no sheet qualifies: the first sheet's header is named with what it lacks
    expect(refused).toMatchObject({ status: 'error', error: expect.stringMatching(/Required columns? .*'measure_id'/) });
  });

  it('JSON object wrapping the records beside metadata (an API export) loads its one array of records', async () => {
    const path = join(store.dir, 'berichte_api.json');
    const report = (id: string, outcome: string) => ({ provider_id: 'T-1', measure_id: 'M-1', participant_id: id, report_date: '2024-07-01', outcome });
    writeFileSync(path, JSON.stringify({ stand: '2024-07-01', traeger: 'T-1', berichte: [report('962D600061', 'completed'), report('962D600062', 'dropout')] }, null, 2));
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store.db.json('SELECT _row, outcome FROM raw.final_reports ORDER BY _row')).toEqual([
      { _row: 1, outcome: 'completed' },
      { _row: 2, outcome: 'dropout' },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: "json object, records in 'berichte'" }]);
  });

  it('one JSON object holding a record (a portal export of one report) is that record, its goals array not taken for the records', async () => {
    const path = join(store.dir, 'bericht_einzeln.json');
    const report = { provider_id: 'T-1', measure_id: 'M-1', participant_id: '962D600064', report_date: '2024-07-01', outcome: 'completed', goals: [{ code: 'daily_structure', status: 'achieved' }, { code: 'digital_skills', status: 'partial' }] };
    writeFileSync(path, JSON.stringify(report, null, 2));
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 0 });
    expect(await store.db.json('SELECT _row, outcome, goals FROM raw.final_reports')).toEqual([
      { _row: 1, outcome: 'completed', goals: [{ code: 'daily_structure', status: 'achieved' }, { code: 'digital_skills', status: 'partial' }] },
    ]);
    expect(await store.db.json('SELECT dialect FROM meta.files')).toEqual([{ dialect: 'json object, one record' }]);
  });

  it('a list wrapped under a key that names a column ({"Jobcenter": [ … ]}) is the list, not one record holding it', async () => {
    const path = join(store.dir, 'jobcenter_liste.json');
    writeFileSync(path, JSON.stringify({ stand: '2026-01-01', Jobcenter: [{ jobcenter_id: '06411', name: 'Jobcenter Darmstadt' }, { jobcenter_id: '06412', name: 'Jobcenter Kreis Offenbach' }] }));
    const [result] = await store.ingest([path], { kind: 'jobcenters' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store.db.json('SELECT jobcenter_id FROM raw.jobcenters ORDER BY 1')).toEqual([{ jobcenter_id: '06411' }, { jobcenter_id: '06412' }]);
  });

  it('JSON numbers too large for a double (1e309) are rejected as not a number, not loaded as empty', async () => {
    const path = join(store.dir, 'berichte_gross.json');
    const report = (id: string, days: string) => `{"provider_id": "T-1", "measure_id": "M-1", "participant_id": "${id}", "report_date": "2024-07-01", "outcome": "completed", "days_planned": ${days}}`;
    writeFileSync(path, `[${report('962D600061', '1e309')}, ${report('962D600062', '-1e309')}, ${report('962D600063', '120')}]`);
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 2 });
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 1, column: 'days_planned', reason: 'not a whole number' },
      { row: 2, column: 'days_planned', reason: 'not a whole number' },
    ]);
  });

  it('JSON array: dropout reasons as an array, goals as {code, status} objects', async () => {
    const [result] = await store.ingest([fixture('final_reports.json')]);
    expect(result).toMatchObject({ status: 'success', kind: 'final_reports', rowsLoaded: 2, rowsRejected: 1 });
    expect(await store.db.json('SELECT participant_id, dropout_reasons, goals, days_attended, exit_date FROM raw.final_reports ORDER BY _row')).toEqual([
      {
        participant_id: pid('962D100007'),
        dropout_reasons: ['conflict_with_provider', 'motivation'],
        goals: [
          { code: 'daily_structure', status: 'achieved' },
          { code: 'digital_skills', status: 'open' },
        ],
        days_attended: 88,
        exit_date: '2024-09-20',
      },
      { participant_id: pid('962D100008'), dropout_reasons: null, goals: null, days_attended: 117, exit_date: null },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects')).toEqual([
      { row: 3, column: 'dropout_reasons', value: 'homesick', reason: "unknown dropout reason code 'homesick'" },
    ]);
  });

  it('NDJSON: German keys, blank lines skipped, a cut-off last line rejected by line number', async () => {
    const [result] = await store.ingest([fixture('outcomes.ndjson')]);
    expect(result).toMatchObject({ status: 'success', kind: 'outcomes', rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, extraColumns: ['note'] });
    expect(await store.db.json('SELECT participant_id, status_date, status, subsidised, _row FROM raw.outcomes ORDER BY _row')).toEqual([
      { participant_id: pid('962D100001'), status_date: '2024-05-13', status: 'employed_svp', subsidised: false, _row: 1 },
      { participant_id: pid('962D100003'), status_date: '2024-07-01', status: 'unemployed', subsidised: null, _row: 2 },
      { participant_id: pid('962D100002'), status_date: '2024-08-01', status: 'apprenticeship', subsidised: true, _row: 4 },
    ]);
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 5, column: 'status', reason: expect.stringContaining('unknown value') },
      { row: 6, column: null, reason: 'line is not valid JSON (cut off?)' },
    ]);
  });

  it('refuses a single JSON object cut off in transfer as not valid JSON, not for missing columns', async () => {
    // it named 'provider_id', 'measure_id', … as missing, which all were in the file (a review)
    const whole = '{"provider_id": "001014", "measure_id": "M-2024-001", "participant_id": "962D100001", "report_date": "2025-02-25", "outcome": "completed"}';
    const cut = join(store.dir, 'abschlussbericht.json');
    writeFileSync(cut, whole.slice(0, whole.indexOf('"completed"') + 6));
    const pretty = join(store.dir, 'abschlussbericht_2.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(whole), null, 2).slice(0, -20));
    const [one, lines] = await store.ingest([cut, pretty], { kind: 'final_reports' });
    expect(one).toMatchObject({ status: 'error', error: expect.stringMatching(/^The file is not valid JSON: it ends before its object does/) });
    expect(lines).toMatchObject({ status: 'error', error: expect.stringMatching(/^The file is not valid JSON or NDJSON: none of its 6 lines is a complete JSON object/) });
    expect(await store.db.scalar('SELECT count(*) FROM raw.final_reports')).toBe(0);
  });

  it('prints a summary per file with counts and the first reasons', async () => {
    await store.ingest([fixture('final_reports.json')]);
    expect(store.lines[0]).toBe('final_reports.json (final_reports): 3 rows read, 2 rows loaded, 1 rejected');
    expect(store.lines[1]).toBe("  rejected row 3, dropout_reasons 'homesick': unknown dropout reason code 'homesick'");
  });
});
