/**
 * An id written with a leading apostrophe ('06411, '200G658486, '001001: text copied from a
 * system that shows Excel's text marker, or a text cell whose text begins with it) is the id
 * without it, as ="06411" is in a CSV written for Excel (csv-for-excel.test.ts). Read as
 * written, a file of 0 rejects loaded another Jobcenter, measure and person, and a
 * provider id '001001 made 120 reports of another key, which the corrected file doubled.
 * Free text keeps the apostrophe: it is never interpreted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pid, storePerTest } from './helpers.ts';

const store = storePerTest();

const REPORT_HEADER = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Eintritt', 'Begründung'];
const current = () =>
  store().db.json('SELECT provider_id, measure_id, participant_id, entry_date, reason_text FROM raw.final_reports WHERE _current ORDER BY _row');

describe('a leading apostrophe in an id', () => {
  it('CSV: every id column, the Kundennummer included, reads the id after it; a row repeating the key without it is the same record', async () => {
    const path = join(store().dir, 'teilnahmen.csv');
    writeFileSync(
      path,
      [
        'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum',
        "'200G658486;'06411;'06411-0001;01.02.2024",
        "200G658486;06411;06411-0001;01.02.2024",
        "' 200G658487 ;' 06411;06411-0001;01.03.2024",
        "';06411;06411-0001;01.04.2024",
        '',
      ].join('\n'),
    );
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 4, rowsLoaded: 2, rowsSuperseded: 1, rowsRejected: 1 });
    expect(await store().db.json('SELECT _row, participant_id, jobcenter_id, measure_id FROM raw.participations WHERE _current ORDER BY _row')).toEqual([
      { _row: 3, participant_id: pid('200G658486'), jobcenter_id: '06411', measure_id: '06411-0001' },
      { _row: 4, participant_id: pid('200G658487'), jobcenter_id: '06411', measure_id: '06411-0001' },
    ]);
    // a lone apostrophe is an empty id
    expect(await store().db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([{ row: 5, column: 'participant_id', reason: 'participant id is empty' }]);
  });

  it('XLSX: a text cell beginning with it; the corrected file later replaces its reports instead of doubling them; free text keeps it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Berichte');
    sheet.addRow(REPORT_HEADER);
    sheet.addRow(["'001001", "'06411-0001", "'200G658486", '2024-06-30', '2024-02-05', "'so geschrieben"]);
    sheet.addRow(["'001001", '06411-0001', '200G658487', '2024-06-30', '2024-03-04', 'ok']);
    const xlsx = join(store().dir, 'abschlussberichte.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [sheetResult] = await store().ingest([xlsx], { kind: 'final_reports' });
    expect(sheetResult).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });

    const corrected = join(store().dir, 'abschlussberichte_korrigiert.csv');
    writeFileSync(corrected, [REPORT_HEADER.join(';'), '001001;06411-0001;200G658486;30.06.2024;05.02.2024;korrigiert', '001001;06411-0001;200G658487;30.06.2024;04.03.2024;korrigiert', ''].join('\n'));
    const [csvResult] = await store().ingest([corrected], { kind: 'final_reports' });
    expect(csvResult).toMatchObject({ status: 'success', rowsLoaded: 2, rowsReplaced: 2 });
    expect(await current()).toEqual([
      { provider_id: '001001', measure_id: '06411-0001', participant_id: pid('200G658486'), entry_date: '2024-02-05', reason_text: 'korrigiert' },
      { provider_id: '001001', measure_id: '06411-0001', participant_id: pid('200G658487'), entry_date: '2024-03-04', reason_text: 'korrigiert' },
    ]);
    expect(await store().db.json("SELECT reason_text FROM raw.final_reports WHERE NOT _current AND entry_date = '2024-02-05'")).toEqual([{ reason_text: "'so geschrieben" }]);
  });

  it('JSON: string ids beginning with it read as the ids after it', async () => {
    const path = join(store().dir, 'berichte.json');
    const report = { 'Träger-Nr': "'001001", 'Maßnahme-Nr': "'06411-0001", Kundennummer: "'200G658486", Berichtsdatum: '2024-06-30', Eintritt: '2024-02-05', Begründung: "'wörtlich" };
    writeFileSync(path, JSON.stringify([report, { ...report, 'Träger-Nr': '001001', Kundennummer: '200G658487' }]));
    const [result] = await store().ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await current()).toEqual([
      { provider_id: '001001', measure_id: '06411-0001', participant_id: pid('200G658486'), entry_date: '2024-02-05', reason_text: "'wörtlich" },
      { provider_id: '001001', measure_id: '06411-0001', participant_id: pid('200G658487'), entry_date: '2024-02-05', reason_text: "'wörtlich" },
    ]);
  });
});
