/**
 * Ids that are not ids: spreadsheet totals rows and ids that lost their leading zeros (Excel
 * number cells, JSON numbers) are refused row by row instead of loading as Jobcenters or
 * providers of their own; an id kept in a number cell formatted '00000' reads as shown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLES } from '../hardening/helpers.ts';
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

  it('refuses a provider id given as a JSON number, and reads an XLSX number cell formatted 00000 as shown', async () => {
    const reports = JSON.parse(readFileSync(join(SAMPLES, 'final_reports', 'abschlussberichte_001001.json'), 'utf8')) as Record<string, unknown>[];
    const path = join(store.dir, 'berichte.json');
    writeFileSync(path, JSON.stringify([reports[0], { ...reports[1], provider_id: 1001 }]));
    const [json] = await store.ingest([path], { kind: 'final_reports' });
    expect(json).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 });
    expect(json!.firstReasons[0]).toContain("provider_id '1001': leading zero lost: the reference data know 001001");

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
