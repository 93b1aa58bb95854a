/**
 * `almp rejects` says how the file's rows are numbered: it said "its header row is 1" for every
 * file, so a provider looking up row 6 of a CSV with two title rows, of a sheet whose header
 * takes rows 4-5, or of a JSON array (which numbers records) looked at the wrong record.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { rejectsCommand } from '../../pipelines/ops/rejects.ts';
import { openStore, type TestStore } from '../ingest/helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const HEADER = ['Dienststelle', 'Monat', 'ELB', 'Arbeitslose', 'Langzeitleistungsbeziehende'];

async function heading(fileId: number): Promise<string> {
  const effects = quietEffects();
  await rejectsCommand({ dbPath: store.dbPath, snapshots: join(store.dir, 'snapshots'), fileId, format: 'table', maxRows: 100 }, effects);
  return effects.lines[0]!;
}

describe('almp rejects: how the rows are numbered', () => {
  it('names the header row of a CSV with title rows, the header rows of a sheet, and record numbers of JSON', async () => {
    const csv = join(store.dir, 'bestand_titel.csv');
    // two title rows and a blank line: the header is row 4, the bad record row 6
    writeFileSync(csv, `Bestandszahlen Hessen;;;;\nStand: 30.09.2026;;;;\n\n${HEADER.join(';')}\n06411;2023-10;115;55;72\n06411;2023-13;115;55;72\n`);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Bestand');
    sheet.addRow(['Bestandszahlen']);
    sheet.addRow([]);
    sheet.addRow(['Stand 30.09.2026']);
    sheet.addRow(HEADER);
    sheet.addRow(['06411', '2023-11', 115, 55, 72]);
    sheet.addRow(['06411', 'Mai', 115, 55, 72]);
    const xlsx = join(store.dir, 'bestand.xlsx');
    await book.xlsx.writeFile(xlsx);
    const json = join(store.dir, 'bestand.json');
    writeFileSync(json, JSON.stringify([{ jobcenter_id: '06411', month: '2023-12', elb: 115 }, { jobcenter_id: '06411', month: 'Juni', elb: 115 }]));
    const results = await store.ingest([csv, xlsx, json], { kind: 'jobcenter_stocks' });
    expect(results.map((r) => [r.rowsLoaded, r.rowsRejected])).toEqual([[1, 1], [1, 1], [1, 1]]);
    const ids = (await store.db.json<{ file_id: number }>('SELECT file_id::INTEGER AS file_id FROM meta.files ORDER BY file_id')).map((r) => r.file_id);
    const rows = await store.db.json<{ row: number }>('SELECT "row" FROM meta.rejects ORDER BY file_id');
    expect(rows.map((r) => r.row)).toEqual([6, 6, 2]);
    store.db.close();
    try {
      expect(await heading(ids[0]!)).toMatch(/\(row numbers as in the file, its header row is 4\)$/);
      expect(await heading(ids[1]!)).toMatch(/\(row numbers as in the sheet, its header in row 4\)$/);
      expect(await heading(ids[2]!)).toMatch(/\(row numbers count the records, 1 is the first\)$/);
    } finally {
      store.db = await Db.open(store.dbPath);
    }
  });
});
