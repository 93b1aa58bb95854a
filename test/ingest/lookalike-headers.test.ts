/**
 * Provider templates write hints into their headers: 'Eintritt (TT.MM.JJJJ)', 'Austritt*'.
 * Ignored, such a column lost every entry date, which turns started participations into
 * no-shows, in a file loaded with exit 0: a hint of format, choices, range or unit, a word for
 * the kind of value ('(Datum)', '(Anzahl)') or an instruction ('(bitte auswählen)') is read
 * past. Another addition ('Austritt (geplant)') is not the column: it is ignored
 * (contracts.md), and the summary says which contract column it looks like and how to name
 * it so that it loads.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnFor, lookalikeColumn } from '../../pipelines/ingest/header-mapping.ts';
import type { Kind } from '../../pipelines/schema/kinds.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('ignored columns that look like contract columns', () => {
  it('names the contract column an ignored header begins with', () => {
    expect(lookalikeColumn('participations', 'Eintritt (TT.MM.JJJJ)')?.name).toBe('entry_date');
    expect(lookalikeColumn('participations', 'Austrittsdatum*')?.name).toBe('exit_date');
    expect(lookalikeColumn('participations', 'Geburtsjahr (JJJJ)')?.name).toBe('birth_year');
    // an accepted name itself, or a header like no column, is no look-alike
    expect(lookalikeColumn('participations', 'Eintritt')).toBeUndefined();
    expect(lookalikeColumn('participations', 'Bearbeiter')).toBeUndefined();
  });

  it('reads a column whose header adds a hint of format, choices, code range or unit', async () => {
    const path = join(store.dir, 'teilnahmen_vorlage.csv');
    writeFileSync(path, [
      'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisung (TT.MM.JJJJ)*;Eintritt (TT.MM.JJJJ);Austritt (TT.MM.JJJJ);Austrittsgrund (01-12);Geschlecht (m/w/d);LZA (ja/nein);Geburtsjahr (JJJJ)',
      '962D980001;06411;M-1;01.02.2024;05.02.2024;28.06.2024;01;w;ja;1990',
      '',
    ].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, extraColumns: [] });
    expect(await store.db.json(`SELECT referral_date::VARCHAR AS r, entry_date::VARCHAR AS e, exit_date::VARCHAR AS x, exit_reason, gender, long_term_unemployed AS ltu, birth_year FROM raw.participations`)).toEqual([
      { r: '2024-02-01', e: '2024-02-05', x: '2024-06-28', exit_reason: '01', gender: 'f', ltu: true, birth_year: 1990 },
    ]);
  });

  it('reads past a hint only where it describes the column\'s own values: an age band, a subgroup or a per-unit amount is another figure', () => {
    // each loaded as the total (the AQ1 denominator 60 for 'Arbeitslose (15-24)'): a review
    const notTheColumn: [Kind, string][] = [
      ['jobcenter_stocks', 'Arbeitslose (15-24)'], ['jobcenter_stocks', 'ELB (15-24)'], ['jobcenter_stocks', 'Arbeitslose (SGB2/SGB3)'],
      ['measures', 'Kosten (EUR/Monat)'], ['measures', 'Kosten (EUR/TN)'], ['measures', 'Plätze (m/w)'],
      ['participations', 'Austritt (soll/ist)'], ['participations', 'Austritt (ja/nein)'], ['participations', 'Austritt (1-3)'], ['participations', 'Kundennummer (alt/neu)'],
    ];
    for (const [kind, header] of notTheColumn) expect(columnFor(kind, header), header).toBeUndefined();
    expect(columnFor('measures', 'Kosten (EUR)')?.name).toBe('cost_total_eur');
    expect(columnFor('attendance', 'Monat (MM/JJJJ)')?.name).toBe('month');
    expect(columnFor('participations', 'Kundennummer*')?.name).toBe('participant_id');
    // a count of days in days: they were read past before, and dropped every day count when not (a review)
    expect(columnFor('attendance', 'Soll-Tage (in Tagen)')?.name).toBe('days_planned');
    expect(columnFor('final_reports', 'Ist-Tage (Tage)')?.name).toBe('days_attended');
    expect(columnFor('final_reports', 'Fehltage E (in Tagen)')?.name).toBe('absence_excused');
    expect(columnFor('jobcenter_stocks', 'ELB (Tage)')).toBeUndefined();
  });

  it('reads past a fill-in hint in round or square brackets: a value word, an instruction, a condition, its own range, the spelled-out E/UE/K', () => {
    // a provider template's headers (a sender audit): 15 columns ignored, entry_date stored for 0 of 120 rows
    const read: [Kind, string, string][] = [
      ['final_reports', 'Eintritt (Datum)', 'entry_date'], ['final_reports', 'Eintritt [TT.MM.JJJJ]', 'entry_date'],
      ['final_reports', 'Jobcenter informiert am (Datum)', 'jobcenter_informed_date'], ['final_reports', 'Ergebnis (bitte auswählen)', 'outcome'],
      ['final_reports', 'Abbruch durch (falls Abbruch)', 'dropout_initiator'], ['final_reports', 'Abbruchgründe (Codes, mit | getrennt)', 'dropout_reasons'],
      ['final_reports', 'Begründung (Freitext)', 'reason_text'], ['final_reports', 'Soll-Tage (Anzahl)', 'days_planned'], ['final_reports', 'Ist-Tage [Anzahl]', 'days_attended'],
      ['final_reports', 'Fehltage E (entschuldigt)', 'absence_excused'], ['final_reports', 'Fehltage UE (unentschuldigt)', 'absence_unexcused'],
      ['final_reports', 'Fehltage K (krank)', 'absence_sick'], ['final_reports', 'Zwischenziele (Code:Status)', 'goals'], ['final_reports', 'Zufriedenheit (1-5)', 'participant_feedback'],
      ['attendance', 'E (entschuldigt)', 'days_excused'], ['attendance', 'Monat (Monat)', 'month'], ['jobcenter_stocks', 'ELB (Anzahl)', 'elb'],
      ['participations', 'Kundennummer (Pflichtfeld)', 'participant_id'], ['participations', 'Bildung (0-8)', 'education_isced'], ['measures', 'Plätze (Anzahl)', 'places'],
    ];
    for (const [kind, header, name] of read) expect(columnFor(kind, header)?.name, header).toBe(name);
    // the bracket is what tells the columns apart, or the hint names another figure: not read past
    const notTheColumn: [Kind, string][] = [
      ['final_reports', 'Fehltage (E)'], ['final_reports', 'Fehltage (UE)'], ['final_reports', 'Fehltage (K)'], ['attendance', 'Fehltage (E)'], ['attendance', 'E (Fehltage)'],
      ['final_reports', 'Zufriedenheit (1-10)'], ['participations', 'Geburtsjahr (Anzahl)'], ['participations', 'Eintritt [geplant]'], ['measures', 'Kosten [EUR/TN]'],
      ['final_reports', 'Fehltage E (krank)'], ['jobcenter_stocks', 'Arbeitslose [15-24]'], ['participations', 'Austritt (Datum/Grund)'],
    ];
    for (const [kind, header] of notTheColumn) expect(columnFor(kind, header), header).toBeUndefined();
    // a name that holds brackets is that column as it was
    expect(columnFor('measures', 'Dauer (Tage)')?.name).toBe('planned_duration_days');
    expect(columnFor('measures', 'Kosten (EUR)')?.name).toBe('cost_total_eur');
  });

  it('a provider template with hints in its headers loads the same reports as the plain file (a second episode was lost without its entry date)', async () => {
    const sample = fileURLToPath(new URL('../../data-samples/inbox/final_reports/abschlussberichte_001001.xlsx', import.meta.url));
    const hints: Record<string, string> = {
      'Eintritt': 'Eintritt (Datum)', 'Austritt': 'Austritt (TT.MM.JJJJ)', 'Ergebnis': 'Ergebnis (bitte auswählen)', 'Abbruch durch': 'Abbruch durch (falls Abbruch)',
      'Abbruchgründe': 'Abbruchgründe (Codes, mit | getrennt)', 'Begründung': 'Begründung (Freitext)', 'Jobcenter informiert am': 'Jobcenter informiert am (Datum)',
      'Soll-Tage': 'Soll-Tage (Anzahl)', 'Ist-Tage': 'Ist-Tage (Anzahl)', 'Fehltage E': 'Fehltage E (entschuldigt)', 'Fehltage UE': 'Fehltage UE (unentschuldigt)',
      'Fehltage K': 'Fehltage K (krank)', 'Zwischenziele': 'Zwischenziele (Code:Status)', 'Zufriedenheit': 'Zufriedenheit (1-5)',
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(sample);
    workbook.worksheets[0]!.getRow(4).eachCell((cell) => {
      if (typeof cell.value === 'string' && hints[cell.value]) cell.value = hints[cell.value]!;
    });
    const hinted = join(store.dir, 'abschlussberichte_vorlage.xlsx');
    await workbook.xlsx.writeFile(hinted);
    const plain = await openStore();
    try {
      const [result] = await store.ingest([hinted], { kind: 'final_reports' });
      expect(result).toMatchObject({ rowsRead: 120, rowsLoaded: 120, rowsRejected: 0, rowsSuperseded: 0, extraColumns: [] });
      await plain.ingest([sample], { kind: 'final_reports' });
      const rows = 'SELECT * EXCLUDE (_file_id, _superseded_by) FROM raw.final_reports ORDER BY _row';
      expect(await store.db.json(rows)).toEqual(await plain.db.json(rows));
    } finally {
      plain.close();
    }
  });

  it('a hinted header beside the plain one is a second column of that meaning', async () => {
    const path = join(store.dir, 'teilnahmen_hinweis_doppelt.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Eintritt (Datum)', '962D980002;06411;M-1;01.02.2024;05.02.2024;06.02.2024', ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 0, rowsRejected: 1, extraColumns: ['Eintritt (Datum)'] });
    expect(await store.db.json('SELECT reason FROM meta.rejects')).toEqual([
      { reason: "the columns 'Eintritt' and 'Eintritt (Datum)' both give entry_date and differ in this row: delete the wrong one and load the file again" },
    ]);
  });

  it('the ingest summary says how to name a column with another addition so that it loads', async () => {
    const path = join(store.dir, 'teilnahmen_vorlage.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt (geplant);Bearbeiter', '962D980001;06411;M-1;01.02.2024;05.02.2024;Frau K.', ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, extraColumns: ['Eintritt (geplant)', 'Bearbeiter'] });
    expect(store.lines).toContain('  ignored columns: Eintritt (geplant), Bearbeiter');
    expect(store.lines).toContain(
      "  'Eintritt (geplant)' was not read as entry_date: if it holds that, name the header 'eintritt' or 'entry_date' (case does not matter) and load the file again",
    );
  });

  it('says nothing of a look-alike beside the column itself (renamed as advised, it would be a second entry date)', async () => {
    const path = join(store.dir, 'teilnahmen_beide.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintrittsdatum;Eintritt (geplant)', '962D980002;06411;M-1;01.02.2024;05.02.2024;01.03.2024', ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, extraColumns: ['Eintritt (geplant)'] });
    expect(store.lines).toContain('  ignored columns: Eintritt (geplant)');
    expect(store.lines.join('\n')).not.toContain('was not read as entry_date');
  });

  it('a second column of the same meaning is named as such, not as if the field had not been read; a row where the two differ is rejected naming both', async () => {
    const path = join(store.dir, 'teilnahmen_doppelt.csv');
    writeFileSync(
      path,
      [
        'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Eintritt;Austritt;Austrittsdatum',
        '962D980002;06411;M-1;29.08.2024;04.09.2024;05.09.2024;23.09.2024;23.09.2024',
        '962D980003;06411;M-1;29.08.2024;04.09.2024;04.09.2024;23.09.2024;',
        '962D980004;06411;M-1;29.08.2024;04.09.2024;04.09.2024;;23.09.2024',
        '',
      ].join('\n'),
    );
    const [result] = await store.ingest([path], { kind: 'participations' });
    // an empty second column gives nothing to compare; an empty first one would lose the second's date
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 2, extraColumns: ['Eintritt', 'Austrittsdatum'] });
    expect(await store.db.json('SELECT entry_date::VARCHAR AS entry, exit_date::VARCHAR AS exit FROM raw.participations')).toEqual([{ entry: '2024-09-04', exit: '2024-09-23' }]);
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 2, column: 'entry_date', reason: "the columns 'Eintritt' and 'Eintritt' both give entry_date and differ in this row: delete the wrong one and load the file again" },
      { row: 4, column: 'exit_date', reason: "the column 'Austritt' is empty, while the column 'Austrittsdatum', which also gives exit_date, has a value: fill in the first or delete one of the two columns, and load the file again" },
    ]);
    expect(store.lines).toContain("  'Eintritt' was not read: an earlier column of the file already gives entry_date, and the first one is read; a row where the two differ is rejected");
    expect(store.lines).toContain("  'Austrittsdatum' was not read: an earlier column of the file already gives exit_date, and the first one is read; a row where the two differ is rejected");
  });

  it('two names of one column with different values (Träger-Nr and provider_id) reject the row in CSV, XLSX and JSON', async () => {
    const reason = "the columns 'Träger-Nr' and 'provider_id' both give provider_id and differ in this row: delete the wrong one and load the file again";
    const csv = join(store.dir, 'traeger.csv');
    writeFileSync(csv, ['Träger-Nr;provider_id;Name des Trägers', '001001;901001;Müller GmbH', '001014;001014;Straßenküche e.V.', ''].join('\n'));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Träger');
    sheet.addRow(['Träger-Nr', 'provider_id', 'Name des Trägers']);
    sheet.addRow(['001027', '901027', 'Ökowerk']);
    sheet.addRow(['001040', '001040', 'Lernwerk']);
    const xlsx = join(store.dir, 'traeger.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const json = join(store.dir, 'traeger.json');
    writeFileSync(json, JSON.stringify([{ 'Träger-Nr': '001053', provider_id: '901053', name: 'Werkhof' }, { 'Träger-Nr': '001066', provider_id: '001066', name: 'Hafen' }]));
    const results = await store.ingest([csv, xlsx, json], { kind: 'providers' });
    expect(results.map((r) => [r.rowsLoaded, r.rowsRejected])).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(await store.db.json('SELECT provider_id FROM raw.providers ORDER BY 1')).toEqual([{ provider_id: '001014' }, { provider_id: '001040' }, { provider_id: '001066' }]);
    expect(await store.db.json('SELECT file_name, "row", "column", reason FROM meta.rejects ORDER BY file_name')).toEqual([
      { file_name: 'traeger.csv', row: 2, column: 'provider_id', reason },
      { file_name: 'traeger.json', row: 1, column: 'provider_id', reason },
      { file_name: 'traeger.xlsx', row: 2, column: 'provider_id', reason },
    ]);
  });
});
