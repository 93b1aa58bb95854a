/**
 * Ids that are not ids: spreadsheet totals rows and ids that lost their leading zeros (Excel
 * number cells, JSON numbers) are refused row by row instead of loading as Jobcenters or
 * providers of their own; an id kept in a number cell formatted '00000' reads as shown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIND_SPECS, KINDS, type ColumnSpec, type Kind } from '../../pipelines/schema/kinds.ts';
import { SAMPLES, sampleReports } from '../hardening/helpers.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
  for (const kind of ['jobcenters', 'providers', 'measures']) await store.ingest([join(SAMPLES, kind)], { kind: kind as 'jobcenters' });
});
afterEach(() => store.close());

describe('ids that are not ids', () => {
  it('refuses a Jobcenter id that lost its leading zero and a totals row, naming both; the other rows load', async () => {
    const stocks = readFileSync(join(SAMPLES, 'jobcenter_stocks', 'bestandszahlen.csv'), 'utf8').split('\n').slice(0, 4);
    const path = join(store.dir, 'bestand.csv');
    // row 3 as Excel writes 06411 from a number cell; row 5 the pivot table's total
    writeFileSync(path, `${stocks[0]}\n${stocks[1]}\n${stocks[2]!.replace(/^06411/, '6411')}\n${stocks[3]}\nGesamt;2023-10;204;98;150\n`);
    const [result] = await store.ingest([path], { kind: 'jobcenter_stocks' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 2 });
    expect(result!.firstReasons).toEqual([
      `row 3, jobcenter_id ("Dienststelle") '6411': leading zero lost: the reference data know 06411, not 6411 (a number cell in Excel? format the column as text and save again)`,
      `row 5, jobcenter_id ("Dienststelle") 'Gesamt': a totals row, not a jobcenter_id: totals are computed here, delete the row`,
    ]);
    expect(await store.db.scalar("SELECT count(*) FROM raw.jobcenter_stocks WHERE jobcenter_id NOT IN ('06411', '06412')")).toBe(0);
  });

  it('refuses ids a spreadsheet reads as formulas (=, +, -, @ first), naming row and column; a lone - is not one', async () => {
    const header = 'Maßnahme-Nr;Dienststelle;Träger-Nr;Instrument';
    const path = join(store.dir, 'massnahmen_formeln.csv');
    writeFileSync(path, `${header}\n=2+3;06411;001001;45_MAT\n@SUM(A1);06411;001001;45_MAT\n-2+3;06411;001001;45_MAT\n06411-0999;06411;+1;45_MAT\n06411-0998;06411;001001;45_MAT\n`);
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 4 });
    expect(result!.firstReasons).toEqual([
      `row 2, measure_id ("Maßnahme-Nr") '=2+3': begins with =, +, - or @, which a spreadsheet reads as a formula: not a measure_id (ids are numbers and letters)`,
      `row 3, measure_id ("Maßnahme-Nr") '@SUM(A1)': begins with =, +, - or @, which a spreadsheet reads as a formula: not a measure_id (ids are numbers and letters)`,
      `row 4, measure_id ("Maßnahme-Nr") '-2+3': begins with =, +, - or @, which a spreadsheet reads as a formula: not a measure_id (ids are numbers and letters)`,
      `row 5, provider_id ("Träger-Nr") '+1': begins with =, +, - or @, which a spreadsheet reads as a formula: not a provider_id (ids are numbers and letters)`,
    ]);
    expect(await store.db.json("SELECT measure_id FROM raw.measures WHERE _file_id = (SELECT max(file_id) FROM meta.files)")).toEqual([{ measure_id: '06411-0998' }]);
  });

  it('refuses a provider id given as a JSON number, and reads an XLSX number cell formatted 00000 as shown', async () => {
    const reports = JSON.parse(readFileSync(sampleReports('json'), 'utf8')) as Record<string, unknown>[];
    const path = join(store.dir, 'berichte.json');
    const provider = String(reports[1]!.provider_id);
    writeFileSync(path, JSON.stringify([reports[0], { ...reports[1], provider_id: Number(provider) }]));
    const [json] = await store.ingest([path], { kind: 'final_reports' });
    expect(json).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(json!.firstReasons[0]).toContain(`provider_id '${Number(provider)}': leading zero lost: the reference data know ${provider}`);

    const [header, ...rows] = readFileSync(join(SAMPLES, 'jobcenter_stocks', 'bestandszahlen.csv'), 'utf8').split('\n');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bestand');
    sheet.addRow(header!.split(';'));
    for (const line of rows.slice(0, 3)) {
      const [jc, ...rest] = line.split(';');
      const row = sheet.addRow([Number(jc), ...rest.map((x, i) => (i === 0 ? x : Number(x)))]);
      row.getCell(1).numFmt = '00000';
    }
    const xlsx = join(store.dir, 'bestand.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [sheetResult] = await store.ingest([xlsx], { kind: 'jobcenter_stocks' });
    expect(sheetResult).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 0 });
    expect(await store.db.json('SELECT DISTINCT jobcenter_id FROM raw.jobcenter_stocks')).toEqual([{ jobcenter_id: '06411' }]);
  });
});

describe('ids that are not ids, in the reference lists and the Kundennummer', () => {
  it('refuses a Jobcenter or provider list re-sent through Excel (6411 where the list holds 06411): no second Jobcenter of the same name', async () => {
    const jobcenters = join(store.dir, 'dienststellen_excel.csv');
    writeFileSync(jobcenters, 'Dienststelle;Bezeichnung;Typ;Bundesland;Region\n6411;Jobcenter Darmstadt;gE;Hessen;Darmstadt\n06412;Kommunales Jobcenter Kreis Offenbach;zkT;Hessen;Kreis Offenbach\n');
    const [lists] = await store.ingest([jobcenters], { kind: 'jobcenters' });
    expect(lists).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(lists!.firstReasons).toEqual([
      `row 2, jobcenter_id ("Dienststelle") '6411': leading zero lost: the reference data know 06411, not 6411 (a number cell in Excel? format the column as text and save again)`,
    ]);
    const providers = join(store.dir, 'traeger_excel.csv');
    writeFileSync(providers, 'Träger-Nr;Name des Trägers;Trägerart\n1001;Bildungswerk Darmstadt gGmbH;frei\n');
    const [providerList] = await store.ingest([providers], { kind: 'providers' });
    expect(providerList).toMatchObject({ rowsLoaded: 0, rowsRejected: 1 });
    expect(providerList!.firstReasons[0]).toContain(`provider_id ("Träger-Nr") '1001': leading zero lost: the reference data know 001001`);
    expect(await store.db.json("SELECT jobcenter_id FROM raw.jobcenters WHERE jobcenter_id NOT LIKE '0%' UNION ALL SELECT provider_id FROM raw.providers WHERE provider_id NOT LIKE '0%'")).toEqual([]);
  });

  it('refuses a totals row whose label stands in the Kundennummer column (CSV and XLSX) as a totals row, not as a participant', async () => {
    const path = join(store.dir, 'fehlzeiten_summe.csv');
    writeFileSync(path, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;Anwesend;E;UE;K\n001001;06411-0001;813N237997;2024-12;22;20;1;0;1\n001001;06411-0001;Summe;2024-12;22;20;1;0;1\n;06411-0001;Gesamt;;;;;;\n');
    const [csv] = await store.ingest([path], { kind: 'attendance' });
    expect(csv).toMatchObject({ rowsLoaded: 1, rowsRejected: 2 });
    expect(csv!.firstReasons).toEqual([
      `row 3, participant_id ("Kundennummer"): a totals row, not a participant_id: totals are computed here, delete the row`,
      `row 4, participant_id ("Kundennummer"): a totals row, not a participant_id: totals are computed here, delete the row`,
    ]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Fehlzeiten');
    sheet.addRow(['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Monat', 'Soll-Tage', 'Anwesend', 'E', 'UE', 'K']);
    sheet.addRow(['001001', '06411-0001', '813N237998', '2024-12', 22, 20, 1, 0, 1]);
    sheet.addRow([null, null, 'Gesamt', null, 22, 20, 1, 0, 1]);
    const xlsx = join(store.dir, 'fehlzeiten_gesamt.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [sheetResult] = await store.ingest([xlsx], { kind: 'attendance' });
    expect(sheetResult).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(sheetResult!.firstReasons).toEqual([`row 3, participant_id ("Kundennummer"): a totals row, not a participant_id: totals are computed here, delete the row`]);
    expect(await store.db.scalar('SELECT count(*) FROM raw.attendance')).toBe(2);
  });
});

/**
 * A file of `kind` with its required and id columns: `good` good rows, then one row per id
 * column (other than participant_id) holding `bad` in that column; the rest are ordinary values.
 */
function fileWithBadIds(kind: Kind, bad: string, good = 1): { csv: string; idColumns: string[] } {
  const columns = KIND_SPECS[kind].columns.filter((c) => c.required || c.type === 'id');
  const ordinary = (c: ColumnSpec, row = 0): string => {
    if (c.type === 'pid') return `111A${String(row).padStart(6, '0')}`;
    if (c.type === 'id') return `X-${c.name}-${row}`;
    if (c.type === 'date') return '2026-01-10';
    if (c.type === 'month') return '2026-01';
    if (c.refTable === 'ref.instruments') return '45_MAT';
    if (c.type === 'enum') return c.values![0]!;
    throw new Error(`no ordinary value for ${c.type}`);
  };
  const idColumns = columns.filter((c) => c.type === 'id').map((c) => c.name);
  const goodRows = Array.from({ length: good }, (_, row) => columns.map((c) => ordinary(c, row)));
  const rows = [...goodRows, ...idColumns.map((id) => columns.map((c) => (c.name === id ? bad : ordinary(c))))];
  return { csv: [columns.map((c) => c.name), ...rows].map((r) => r.join(';')).join('\n') + '\n', idColumns };
}

describe('a Kundennummer in another id column', () => {
  it('is refused in every id column of every kind, named by row and column, and never echoed', async () => {
    const kundennummer = '123A456789';
    for (const kind of KINDS) {
      const { csv, idColumns } = fileWithBadIds(kind, kundennummer);
      const path = join(store.dir, `${kind}.csv`);
      writeFileSync(path, csv);
      const [result] = await store.ingest([path], { kind });
      expect(idColumns.length, kind).toBeGreaterThan(0);
      expect(result, kind).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: idColumns.length });
      expect(result!.firstReasons, kind).toEqual(
        idColumns.map((c, i) => `row ${i + 3}, ${c}: looks like a Kundennummer (a participant id): only participant_id may hold one (columns swapped?)`),
      );
    }
    expect(await store.db.scalar(`SELECT count(*) FROM meta.rejects WHERE "value" IS NOT NULL`)).toBe(0);
    expect(store.lines.join('\n')).not.toContain(kundennummer);
    for (const kind of KINDS) {
      const ids = KIND_SPECS[kind].columns.filter((c) => c.type === 'id').map((c) => `${c.name} ILIKE '%123A%'`);
      expect(await store.db.scalar(`SELECT count(*) FROM raw.${kind} WHERE ${ids.join(' OR ')}`), kind).toBe(0);
    }
  });

  it('is refused inside an id too, in every id column of every kind, and never echoed', async () => {
    // a measure numbered after its one participant loaded and was published, its label in the returns and dashboards (a privacy audit)
    const bads = ['06411-248G658486', 'M 213G658486', "''205G658486", "218G658486'", '{"kd":"302G658486"}', 'TN-123a456789'];
    const holds = 'holds a Kundennummer (a participant id): an id named after a person would publish that person with the figures — number it without the Kundennummer';
    for (const kind of KINDS) {
      const files = bads.map((bad) => fileWithBadIds(kind, bad));
      const [header, good] = files[0]!.csv.split('\n');
      const badRows = files.flatMap((f) => f.csv.trim().split('\n').slice(2));
      const path = join(store.dir, `${kind}_inside.csv`);
      writeFileSync(path, [header, good, ...badRows, ''].join('\n'));
      const [result] = await store.ingest([path], { kind });
      const idColumns = files[0]!.idColumns;
      expect(result, kind).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: idColumns.length * bads.length });
      const reasons = await store.db.json<{ column: string; reason: string }>('SELECT DISTINCT "column", reason FROM meta.rejects WHERE file_name = $name ORDER BY 1', { name: `${kind}_inside.csv` });
      expect(reasons, kind).toEqual([...idColumns].sort().map((column) => ({ column, reason: holds })));
    }
    expect(await store.db.scalar(`SELECT count(*) FROM meta.rejects WHERE "value" IS NOT NULL`)).toBe(0);
    for (const bad of bads) expect(store.lines.join('\n')).not.toContain(bad.match(/[0-9]{6}/)![0]);
  });

  it('is stored as … in a measure title and a Jobcenter or provider name, which the dashboards and the export show', async () => {
    // a title 'Einzelcoaching für TN 247G658486 (Kd.-Nr.)' loaded raw and went into the federation export (a privacy audit)
    const measures = join(store.dir, 'massnahmen_titel.csv');
    writeFileSync(measures, 'Maßnahme-Nr;Dienststelle;Träger-Nr;Instrument;Titel\n06411-0091;06411;001001;45_MAT;Einzelcoaching für TN 247G658486 (Kd.-Nr.)\n');
    const providers = join(store.dir, 'traeger_neu.csv');
    writeFileSync(providers, 'Träger-Nr;Name des Trägers\n009001;Coaching 123a-456789 UG\n');
    const jobcenters = join(store.dir, 'dienststellen_neu.csv');
    writeFileSync(jobcenters, 'Dienststelle;Bezeichnung;Region\n09999;JC Test;Kreis 123A 456780\n');
    await store.ingest([measures], { kind: 'measures' });
    await store.ingest([providers], { kind: 'providers' });
    await store.ingest([jobcenters], { kind: 'jobcenters' });
    expect(await store.db.json("SELECT title FROM raw.measures WHERE measure_id = '06411-0091'")).toEqual([{ title: 'Einzelcoaching für TN … (Kd.-Nr.)' }]);
    expect(await store.db.json("SELECT name FROM raw.providers WHERE provider_id = '009001'")).toEqual([{ name: 'Coaching … UG' }]);
    expect(await store.db.json("SELECT name, region FROM raw.jobcenters WHERE jobcenter_id = '09999'")).toEqual([{ name: 'JC Test', region: 'Kreis …' }]);
    // the rest stays as written: stripped of its no-break spaces where the number held one, a name lost its spaces (a review)
    const spaced = join(store.dir, 'traeger_nbsp.csv');
    writeFileSync(spaced, 'Träger-Nr;Name des Trägers\n009002;Bildungswerk\u00a0Darmstadt\u00a0gGmbH (TN 123A\u00a0456789, ９６２D\u200b900018)\n');
    await store.ingest([spaced], { kind: 'providers' });
    expect(await store.db.json("SELECT name FROM raw.providers WHERE provider_id = '009002'")).toEqual([{ name: 'Bildungswerk\u00a0Darmstadt\u00a0gGmbH (TN …, …)' }]);
  });

  it('loads ids whose digits run on around a Kundennummer-like part (contract numbers)', async () => {
    const path = join(store.dir, 'massnahmen_vertrag.csv');
    // typed apart inside an id, such a number is a contract's or lot's as often (a review): refused, each took its participations along
    const ids = ['2024-A-000123', '06411-2025B1234567', '2024-001-L-123456', '06411-001-T-202401', 'VN 962/A/240017', 'REZ 801.E.240123', 'Los 003 B 100250'];
    writeFileSync(path, ['Maßnahme-Nr;Dienststelle;Träger-Nr;Instrument', ...ids.map((id) => `${id};06411;001001;45_MAT`), ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: ids.length, rowsRejected: 0 });
  });

  it('is not echoed when it stands in a column of another type either', async () => {
    // id and referral date swapped: the date column cannot read it, and must not show it
    const path = join(store.dir, 'teilnahmen.csv');
    writeFileSync(path, 'participant_id;jobcenter_id;measure_id;referral_date\n10.01.2026;06411;06411-0001;123a456789\n');
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ rowsLoaded: 0, rowsRejected: 1 });
    expect(await store.db.json('SELECT "column", "value" FROM meta.rejects')).toEqual([{ column: 'referral_date', value: null }]);
    expect(store.lines.join('\n')).not.toMatch(/123a456789/i);
  });

  it('is not echoed in the reason of a code list that names its unknown code', async () => {
    const lines = [
      'provider_id;measure_id;participant_id;report_date;dropout_reasons;goals',
      '001001;06411-0004;111A111111;20.06.2026;health|123A456789;',
      '001001;06411-0004;111A111112;20.06.2026;;skills:achieved|987b654321:open',
      '001001;06411-0004;111A111113;20.06.2026;heatlh;',
    ];
    const path = join(store.dir, 'berichte.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ rowsLoaded: 0, rowsRejected: 3 });
    expect(await store.db.json('SELECT "column", "value", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { column: 'dropout_reasons', value: null, reason: 'unknown dropout reason code that looks like a Kundennummer (not shown)' },
      { column: 'goals', value: null, reason: 'unknown goal code or status that looks like a Kundennummer (not shown) (statuses: achieved, partial, not_achieved, open)' },
      // an ordinary unknown code is still named
      { column: 'dropout_reasons', value: 'heatlh', reason: "unknown dropout reason code 'heatlh'" },
    ]);
    expect(store.lines.join('\n')).not.toMatch(/123a456789|987b654321/i);
  });
});

describe('characters XML does not allow in an id', () => {
  const reason = (c: string) => `${c} must not hold control characters, U+FFFE/U+FFFF or bidirectional controls (shown as \\xNN, \\uNNNN): the returns and chart exports cannot carry them`;

  it('are refused in every id column of every kind (CSV), and the reject shows them as \\xNN', async () => {
    for (const kind of KINDS) {
      // among enough good rows: a CSV with more than 1 % control characters is refused as binary (dialect.ts)
      const { csv, idColumns } = fileWithBadIds(kind, 'M\u0001X', 40);
      const path = join(store.dir, `${kind}.csv`);
      writeFileSync(path, csv);
      const [result] = await store.ingest([path], { kind });
      expect(result, kind).toMatchObject({ status: 'success', rowsLoaded: 40, rowsRejected: idColumns.length });
      expect(result!.firstReasons, kind).toEqual(idColumns.map((c, i) => `row ${i + 42}, ${c} 'M\\x01X': a ${reason(c)}`));
    }
    for (const kind of KINDS) {
      const ids = KIND_SPECS[kind].columns.filter((c) => c.type === 'id').map((c) => `regexp_matches(${c.name}, '[\\x00-\\x1F]')`);
      expect(await store.db.scalar(`SELECT count(*) FROM raw.${kind} WHERE ${ids.join(' OR ')}`), kind).toBe(0);
    }
  });

  it('are refused in JSON too (U+FFFE, U+FFFF, vertical tab, right-to-left override); a code column refuses them as an unknown code', async () => {
    const reports = JSON.parse(readFileSync(sampleReports('json'), 'utf8')) as Record<string, unknown>[];
    const path = join(store.dir, 'berichte.json');
    const bad = [
      { ...reports[1], measure_id: '06411-0001\uFFFE' },
      { ...reports[2], provider_id: '\uFFFF001001' },
      { ...reports[3], measure_id: '06411\u000B0001' },
      { ...reports[5], measure_id: '06411-\u202E1000' },
    ];
    writeFileSync(path, JSON.stringify([reports[0], ...bad, { ...reports[4], outcome: 'completed\u0007' }]));
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 5 });
    expect(await store.db.json('SELECT "column", "value", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { column: 'measure_id', value: '06411-0001\\ufffe', reason: `a ${reason('measure_id')}` },
      { column: 'provider_id', value: '\\uffff001001', reason: `a ${reason('provider_id')}` },
      { column: 'measure_id', value: '06411\\x0b0001', reason: `a ${reason('measure_id')}` },
      { column: 'measure_id', value: '06411-\\u202e1000', reason: `a ${reason('measure_id')}` },
      { column: 'outcome', value: 'completed\\x07', reason: 'unknown value; allowed: completed, dropout, positive_early_exit, no_show (or abgeschlossen, abbruch, no-show, nichtantritt)' },
    ]);
  });

  it('warns, without repeating it, when a file name holds a Kundennummer (file names go on the returns\' cover)', async () => {
    const stocks = readFileSync(join(SAMPLES, 'jobcenter_stocks', 'bestandszahlen.csv'), 'utf8').split('\n').slice(0, 2);
    const path = join(store.dir, 'bestand_fuer_111A222333.csv');
    writeFileSync(path, `${stocks.join('\n')}\n`);
    const [result] = await store.ingest([path], { kind: 'jobcenter_stocks' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1 });
    expect(store.warnings.join('\n')).toContain('bestand_fuer_….csv: the file name holds what looks like a Kundennummer');
    expect([...store.warnings, ...store.lines].join('\n')).not.toContain('111A222333');
  });
});

describe('a Kundennummer in a file name', () => {
  it('is not stored in the ledger or the rejects (contracts.md: no raw id in the database)', async () => {
    // a provider names the file after the person the correction is about
    const loaded = join(store.dir, 'Bericht_343V837313_Korrektur.csv');
    writeFileSync(loaded, 'provider_id;measure_id;participant_id;report_date\n001001;06411-0004;111A111111;20.06.2026\n001001;06411-0004;111A111112;31.02.2026\n');
    const empty = join(store.dir, 'Bericht_343V837314.csv');
    writeFileSync(empty, '');
    const results = await store.ingest([loaded, empty], { kind: 'final_reports' });
    expect(results.map((r) => r.status)).toEqual(['success', 'error']);
    const stored = await store.db.json<{ text: string }>(
      `SELECT name || ' ' || path AS text FROM meta.files WHERE starts_with(name, 'Bericht')
       UNION ALL SELECT file_name || ' ' || reason FROM meta.rejects WHERE starts_with(file_name, 'Bericht')`,
    );
    expect(stored.length).toBe(3);
    expect(stored.map((r) => r.text).join('\n')).not.toMatch(/343V83731[34]/i);
    expect(await store.db.json("SELECT name FROM meta.files WHERE starts_with(name, 'Bericht')")).toEqual([{ name: 'Bericht_…_Korrektur.csv' }]);
  });
});
