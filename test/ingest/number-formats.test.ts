/**
 * Amounts as German tools write them into a CSV: '1.234,50 €' with a no-break space before
 * the euro sign (what a web portal's Intl.NumberFormat('de-DE') writes, and Excel's
 * currency format on some systems) reads like the same amount with a plain space. A number
 * the file's format cannot read is rejected naming that format, so a clerk sees what to write.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const HEADER = 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Titel;Kosten (EUR)';

describe('CSV amounts', () => {
  it('a no-break space before € reads like a plain one', async () => {
    const amount = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(1234.5);
    expect(amount).toBe('1.234,50\u00a0€');
    const path = join(store.dir, 'massnahmen_portal.csv');
    writeFileSync(path, [HEADER, `M-1;06411;T-1;45_MAT;Los 1;${amount}`, 'M-2;06411;T-1;45_MAT;Los 2;980,00 €', 'M-3;06411;T-1;45_MAT;Los 3;12,5\u202fEUR', ''].join('\r\n'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 3, rowsRejected: 0 });
    expect(await store.db.json('SELECT measure_id, cost_total_eur FROM raw.measures ORDER BY measure_id')).toEqual([
      { measure_id: 'M-1', cost_total_eur: '1234.50' },
      { measure_id: 'M-2', cost_total_eur: '980.00' },
      { measure_id: 'M-3', cost_total_eur: '12.50' },
    ]);
  });

  it('an amount the file cannot read is rejected naming the number format the file is read in', async () => {
    const path = join(store.dir, 'massnahmen_leerzeichen.csv');
    writeFileSync(path, [HEADER, 'M-1;06411;T-1;45_MAT;Los 1;1.234,50', 'M-2;06411;T-1;45_MAT;Los 2;1 23,50', ''].join('\n'));
    const english = join(store.dir, 'massnahmen_englisch.csv');
    writeFileSync(english, [HEADER.replaceAll(';', ','), 'M-3,06411,T-1,45_MAT,Los 3,1234.50', 'M-4,06411,T-1,45_MAT,Los 4,"1.234,50"', ''].join('\n'));
    const [german, point] = await store.ingest([path, english], { kind: 'measures' });
    expect(german).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(point).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT file_name, "row", "value", reason FROM meta.rejects ORDER BY file_name')).toEqual([
      { file_name: 'massnahmen_englisch.csv', row: 3, value: '1.234,50', reason: 'not a number in this file’s format: decimal point, thousands commas (1,234.50)' },
      { file_name: 'massnahmen_leerzeichen.csv', row: 3, value: '1 23,50', reason: 'not a number in this file’s format: decimal comma, thousands dots (1.234,50)' },
    ]);
  });

  // a French or Swiss portal, Excel's currency format on some systems: the sign first (€ 1.234,50),
  // thousands grouped by a space, a no-break space or a narrow one (Intl.NumberFormat('fr-FR'))
  const SPACED = ['€ 1.234,50', 'EUR 1.234,50', '€\u00a01234,50', '1 234,50', '1\u00a0234,50 €', '1\u202f234,50', '€ 1 234,50', '12 345 678,00'];
  const NOT_GROUPS = ['1 23,50', '12 34,50', '1 2345,50', '€ 12,345'];

  it('the euro sign before the amount, and thousands grouped by spaces of exactly three digits, read as the same amount; other spacing is still rejected', async () => {
    const path = join(store.dir, 'massnahmen_vorne.csv');
    const rows = [...SPACED, ...NOT_GROUPS].map((amount, i) => `M-${i + 1};06411;T-1;45_MAT;Los ${i + 1};${amount}`);
    writeFileSync(path, [HEADER, ...rows, ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: SPACED.length, rowsRejected: NOT_GROUPS.length });
    expect(await store.db.json('SELECT cost_total_eur FROM raw.measures ORDER BY _row')).toEqual(
      ['1234.50', '1234.50', '1234.50', '1234.50', '1234.50', '1234.50', '1234.50', '12345678.00'].map((cost) => ({ cost_total_eur: cost })),
    );
    const format = 'not a number in this file’s format: decimal comma, thousands dots (1.234,50)';
    expect(await store.db.json('SELECT "value", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      ...NOT_GROUPS.slice(0, 3).map((value) => ({ value, reason: format })),
      { value: '€ 12,345', reason: 'ambiguous: with a decimal comma 12,345 has three decimals (a sum in euros has two), with a thousands comma it is 12345; write it without the comma, or with two decimals (1.234,00)' },
    ]);
  });

  it('the same in XLSX text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Maßnahmen');
    sheet.addRow(['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Kosten (EUR)']);
    [...SPACED, '€ 1234.50', '1 234.50', ...NOT_GROUPS].forEach((amount, i) => sheet.addRow([`M-${i + 1}`, '06411', 'T-1', '45_MAT', amount]));
    const xlsx = join(store.dir, 'massnahmen_vorne.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [result] = await store.ingest([xlsx], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: SPACED.length + 2, rowsRejected: NOT_GROUPS.length });
    expect(await store.db.json('SELECT DISTINCT cost_total_eur FROM raw.measures ORDER BY 1')).toEqual([{ cost_total_eur: '1234.50' }, { cost_total_eur: '12345678.00' }]);
    // as the cells hold them ('€ 12,345' was shown as it was read, '12.345')
    expect(await store.db.json('SELECT "value" FROM meta.rejects ORDER BY "row"')).toEqual(NOT_GROUPS.map((value) => ({ value })));
    const [row] = await store.db.json<{ reason: string }>(`SELECT reason FROM meta.rejects WHERE "value" = '€ 12,345'`);
    expect(row?.reason).toMatch(/^ambiguous: with a decimal comma 12,345 has three decimals/);
  });
});

describe('CSV counts', () => {
  it('a whole number with a zero fraction (Excel column formatted with decimals) is that number; a real fraction is not a count', async () => {
    // Excel saves what the cell shows: a day count in a column formatted 'Zahl, 1 Dezimalstelle' is '22,0'
    const path = join(store.dir, 'fehlzeiten_excel.csv');
    const header = 'Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;Ist-Tage;Fehltage K';
    writeFileSync(path, [header, 'M-1;962D700001;2024-03;21,0;19,00;2,0', 'M-1;962D700002;2024-03;21;20,5;0', ''].join('\r\n'));
    const english = join(store.dir, 'fehlzeiten_punkt.csv');
    writeFileSync(english, [header.replaceAll(';', ','), 'M-1,962D700003,2024-03,21.0,"19",0.0', ''].join('\n'));
    const [german, point] = await store.ingest([path, english], { kind: 'attendance' });
    expect(german).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(point).toMatchObject({ rowsLoaded: 1, rowsRejected: 0 });
    expect(await store.db.json('SELECT days_planned, days_present, days_sick FROM raw.attendance ORDER BY _file_id')).toEqual([
      { days_planned: 21, days_present: 19, days_sick: 2 },
      { days_planned: 21, days_present: 19, days_sick: 0 },
    ]);
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects')).toEqual([
      { row: 3, column: 'days_present', value: '20,5', reason: 'not a whole number' },
    ]);
  });
});

describe('amounts with more than two decimals', () => {
  it("'12,345' in a decimal-comma file is rejected (it was stored as 12.35); zeros after the cents and a computed cell's float noise are not decimals", async () => {
    const path = join(store.dir, 'massnahmen_cent.csv');
    writeFileSync(path, [HEADER, 'M-0;06411;T-1;45_MAT;Los 0;980,50', 'M-1;06411;T-1;45_MAT;Los 1;12,345', 'M-2;06411;T-1;45_MAT;Los 2;1.234,5000', 'M-3;06411;T-1;45_MAT;Los 3;1.234,567 €', ''].join('\n'));
    const [csv] = await store.ingest([path], { kind: 'measures' });
    expect(csv).toMatchObject({ rowsLoaded: 2, rowsRejected: 2 });
    const hint = ' — check whether a thousands separator was meant';
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      // three decimals and nothing before them but up to three digits: a thousands comma may be meant
      { row: 3, column: 'cost_total_eur', value: '12,345', reason: 'ambiguous: with a decimal comma 12,345 has three decimals (a sum in euros has two), with a thousands comma it is 12345; write it without the comma, or with two decimals (1.234,00)' },
      { row: 5, column: 'cost_total_eur', value: '1.234,567 €', reason: `more than 2 decimal places for an amount in euros: 1.234,567${hint}` },
    ]);
    // a cost a sheet computes (1234.5 × 1.19 = 1469.055) has three decimals; 0.1 + 0.2 is 0.30000000000000004 in binary, 0,30 in Excel
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Maßnahmen');
    sheet.addRow(['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Kosten (EUR)']);
    sheet.addRow(['M-4', '06411', 'T-1', '45_MAT', { formula: 'B9*1.19', result: 1234.5 * 1.19 }]);
    sheet.addRow(['M-5', '06411', 'T-1', '45_MAT', { formula: '0.1+0.2', result: 0.1 + 0.2 }]);
    const xlsx = join(store.dir, 'massnahmen_cent.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [sheetResult] = await store.ingest([xlsx], { kind: 'measures' });
    expect(sheetResult).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT measure_id, cost_total_eur FROM raw.measures ORDER BY 1')).toEqual([
      { measure_id: 'M-0', cost_total_eur: '980.50' },
      { measure_id: 'M-2', cost_total_eur: '1234.50' },
      { measure_id: 'M-5', cost_total_eur: '0.30' },
    ]);
    expect(await store.db.json(`SELECT "row", reason FROM meta.rejects WHERE file_name = 'massnahmen_cent.xlsx'`)).toEqual([
      { row: 2, reason: `more than 2 decimal places for an amount in euros: 1469.055${hint}` },
    ]);
  });
});

describe('German text numbers in XLSX text cells', () => {
  it("a reject shows the value as the cell holds it and names its readings by it: '12,345' was shown as '12.345', 'with a decimal point … a German thousands dot'", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Maßnahmen');
    sheet.addRow(['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Kosten (EUR)', 'Plätze']);
    for (const [id, cost, places] of [['M-1', '12,345', '2,000'], ['M-2', '1.234,567', '3,5'], ['M-3', '1.234,50', '-2,000'], ['M-4', '980,5', '12']]) sheet.addRow([id, '06411', 'T-1', '45_MAT', cost, places]);
    const path = join(store.dir, 'massnahmen_text.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 3 });
    expect(await store.db.json('SELECT measure_id, cost_total_eur, places FROM raw.measures')).toEqual([{ measure_id: 'M-4', cost_total_eur: '980.50', places: 12 }]);
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row", "column"')).toEqual([
      {
        row: 2,
        column: 'cost_total_eur',
        value: '12,345',
        reason: 'ambiguous: with a decimal comma 12,345 has three decimals (a sum in euros has two), with a thousands comma it is 12345; write it without the comma, or with two decimals (1.234,00)',
      },
      { row: 2, column: 'places', value: '2,000', reason: 'not a whole number: with a decimal comma 2,000 is 2, with a thousands comma 2000; write the number without the comma' },
      { row: 3, column: 'cost_total_eur', value: '1.234,567', reason: 'more than 2 decimal places for an amount in euros: 1.234,567 — check whether a thousands separator was meant' },
      { row: 3, column: 'places', value: '3,5', reason: 'not a whole number' },
      { row: 4, column: 'places', value: '-2,000', reason: 'not a whole number: with a decimal comma -2,000 is -2, with a thousands comma -2000; write the number without the comma' },
    ]);
  });
});

describe('German text numbers in a second column of the same meaning (XLSX)', () => {
  it('are shown and named as written too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Maßnahmen');
    sheet.addRow(['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Kosten (EUR)', 'cost_total_eur', 'Plätze']);
    sheet.addRow(['M-1', '06411', 'T-1', '45_MAT', '980,50', ' 12,345 ', '2,000 €']);
    sheet.addRow(['M-2', '06411', 'T-1', '45_MAT', '980,50', '980,5', '12']);
    const path = join(store.dir, 'massnahmen_zweimal.xlsx');
    await workbook.xlsx.writeFile(path);
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT "row", "column", "value", reason FROM meta.rejects ORDER BY "row", "column"')).toEqual([
      {
        row: 2,
        column: 'cost_total_eur',
        value: '12,345',
        reason:
          "ambiguous: with a decimal comma 12,345 has three decimals (a sum in euros has two), with a thousands comma it is 12345; write it without the comma, or with two decimals (1.234,00) (column 'cost_total_eur', which also gives cost_total_eur)",
      },
      { row: 2, column: 'places', value: '2,000 €', reason: 'not a whole number: with a decimal comma 2,000 is 2, with a thousands comma 2000; write the number without the comma' },
    ]);
  });
});

describe('numbers with a comma and three digits after it, in a file read with a decimal comma', () => {
  it("a count or an amount of '12,000' is refused: 12 or 12000 (an English thousands comma among German rows loaded a stock of 12,000 as 12, a contract of 48,000 € as 48,00 €)", async () => {
    const stocks = join(store.dir, 'eckwerte.csv');
    writeFileSync(stocks, ['Dienststelle;Monat;ELB;Arbeitslose;Langzeitleistungsbeziehende', '06411;2025-01;12.345;5.678;7.001', '06411;2025-02;12,000;5.100;69,0', ''].join('\n'));
    const [counts] = await store.ingest([stocks], { kind: 'jobcenter_stocks' });
    expect(counts).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([
      { row: 3, column: 'elb', reason: 'not a whole number: with a decimal comma 12,000 is 12, with a thousands comma 12000; write the number without the comma' },
    ]);
    const measures = join(store.dir, 'massnahmen_komma.csv');
    writeFileSync(measures, [HEADER, 'M-0;06411;T-1;45_MAT;Los 0;1.234,50', 'M-1;06411;T-1;45_MAT;Los 1;48,000', 'M-2;06411;T-1;45_MAT;Los 2;48.000,00', 'M-3;06411;T-1;45_MAT;Los 3;0,500', ''].join('\n'));
    const [amounts] = await store.ingest([measures], { kind: 'measures' });
    expect(amounts).toMatchObject({ rowsLoaded: 3, rowsRejected: 1 });
    // a leading 0 is no thousands group: 0,500 is half a euro
    expect(await store.db.json('SELECT measure_id, cost_total_eur FROM raw.measures ORDER BY 1')).toEqual([
      { measure_id: 'M-0', cost_total_eur: '1234.50' },
      { measure_id: 'M-2', cost_total_eur: '48000.00' },
      { measure_id: 'M-3', cost_total_eur: '0.50' },
    ]);
    expect(await store.db.json(`SELECT "row", reason FROM meta.rejects WHERE file_name = 'massnahmen_komma.csv'`)).toEqual([
      { row: 3, reason: 'ambiguous: with a decimal comma 48,000 has three decimals (a sum in euros has two), with a thousands comma it is 48000; write it without the comma, or with two decimals (1.234,00)' },
    ]);
  });
});

describe('numbers with a dot and three digits after it', () => {
  it("a count of '2.000' in a file read with a decimal point is refused: 2 or 2000 cannot be told", async () => {
    const english = join(store.dir, 'fehlzeiten_punkt.csv');
    const header = 'Maßnahme-Nr,Kundennummer,Monat,Soll-Tage,Ist-Tage,Fehltage K';
    writeFileSync(english, [header, 'M-1,962D700003,2024-03,21.0,19,0.0', 'M-1,962D700004,2024-03,21,2.000,0', ''].join('\n'));
    const [result] = await store.ingest([english], { kind: 'attendance' });
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([
      { row: 3, column: 'days_present', reason: 'not a whole number: with a decimal point 2.000 is 2, with a German thousands dot 2000; write the number without the dot' },
    ]);
  });

  it("an amount of '1.234' or '2.000' in a file read with a decimal point is refused too (it loaded as 1.23 € and 2.00 €), two decimals are read, three after a 0 are too many", async () => {
    const english = join(store.dir, 'massnahmen_punkt.csv');
    writeFileSync(english, [HEADER.replaceAll(';', ','), 'M-1,06411,T-1,45_MAT,"Los 1, Teil A",1500.50', 'M-2,06411,T-1,45_MAG,Los 2,2.000', 'M-3,06411,T-1,45_AVGS,Los 3,1.234 €', 'M-4,06411,T-1,45_AVGS,Los 4,12.5', 'M-5,06411,T-1,45_AVGS,Los 5,0.125', ''].join('\n'));
    const [result] = await store.ingest([english], { kind: 'measures' });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsRejected: 3 });
    // a leading 0 is no thousands group: 0.125 is not ambiguous, but it is not an amount in cents either
    expect(await store.db.json('SELECT measure_id, cost_total_eur FROM raw.measures ORDER BY 1')).toEqual([
      { measure_id: 'M-1', cost_total_eur: '1500.50' },
      { measure_id: 'M-4', cost_total_eur: '12.50' },
    ]);
    expect(await store.db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"')).toEqual([
      { row: 3, column: 'cost_total_eur', reason: 'ambiguous: with a decimal point 2.000 has three decimals (a sum in euros has two), with a German thousands dot it is 2000; write it without the dot, or with two decimals (1234.00)' },
      { row: 4, column: 'cost_total_eur', reason: 'ambiguous: with a decimal point 1.234 has three decimals (a sum in euros has two), with a German thousands dot it is 1234; write it without the dot, or with two decimals (1234.00)' },
      { row: 6, column: 'cost_total_eur', reason: 'more than 2 decimal places for an amount in euros: 0.125 — check whether a thousands separator was meant' },
    ]);
  });

  it('a spreadsheet or JSON number is read as the number it is, never as German text with a thousands dot', async () => {
    const json = join(store.dir, 'fehlzeiten.json');
    const record = (id: string, sick: number) => ({ measure_id: 'M-1', participant_id: id, month: '2024-03', days_planned: 21, days_present: 19, days_sick: sick });
    writeFileSync(json, JSON.stringify([record('962D700005', 1.125), record('962D700006', 2)]));
    const [result] = await store.ingest([json], { kind: 'attendance' });
    // 1.125 days: not a count (was loaded as 1125); 2 stays 2
    expect(result).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(await store.db.json('SELECT days_sick FROM raw.attendance')).toEqual([{ days_sick: 2 }]);
    const costs = join(store.dir, 'massnahmen.json');
    writeFileSync(costs, JSON.stringify([{ measure_id: 'M-9', jobcenter_id: '06411', provider_id: '001001', instrument: '45_MAT', cost_total_eur: 123.456 }]));
    await store.ingest([costs], { kind: 'measures' });
    // was loaded as 123456, then as 123.46: rejected now, it has a tenth of a cent
    expect(await store.db.json('SELECT count(*)::INTEGER AS n FROM raw.measures')).toEqual([{ n: 0 }]);
    expect(await store.db.json(`SELECT reason FROM meta.rejects WHERE file_name = 'massnahmen.json'`)).toEqual([
      { reason: 'more than 2 decimal places for an amount in euros: 123.456 — check whether a thousands separator was meant' },
    ]);
  });
});
