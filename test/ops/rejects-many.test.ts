/**
 * `almp rejects` for a file with many rejects: it read every reject into Node whatever it
 * printed (a file of 10^6 rows bad in two columns: 1.7 GB and 16 s for the table's 1,000 rows,
 * 1.9 GB for the csv), and the workbook read them all before saying they do not fit a sheet.
 * The data here is small (5,000 rows bad in two columns): the tests count the rows that reach
 * Node in one piece, never the time.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { rejectsCommand, type RejectsOptions } from '../../pipelines/ops/rejects.ts';
import { openStore, type TestStore } from '../ingest/helpers.ts';
import { largestRead } from './largest-read.ts';
import { loadPlainWorkbook } from '../helpers/plain-workbook.ts';

const BAD_ROWS = 5000;
let store: TestStore;
let fileId: number;
let options: Omit<RejectsOptions, 'format'>;

beforeAll(async () => {
  store = await openStore();
  // every row bad in Monat and ELB; then two rows bad in Arbeitslose alone, one in Langzeitleistungsbeziehende
  const rows = Array.from({ length: BAD_ROWS }, (_, i) => `06411;2023-13;x${i};55;72`);
  rows.push('06411;2023-10;115;viele;72', '06412;2023-10;115;einige;72', '06413;2023-10;115;55;zz');
  const csv = join(store.dir, 'bestand_kaputt.csv');
  writeFileSync(csv, `Dienststelle;Monat;ELB;Arbeitslose;Langzeitleistungsbeziehende\n${rows.join('\n')}\n`);
  const [result] = await store.ingest([csv], { kind: 'jobcenter_stocks' });
  expect([result!.rowsLoaded, result!.rowsRejected]).toEqual([0, BAD_ROWS + 3]);
  fileId = result!.fileId!;
  store.db.close();
  options = { dbPath: store.dbPath, snapshots: join(store.dir, 'snapshots'), fileId, maxRows: 100 };
});
afterAll(() => store.close());
afterEach(() => vi.restoreAllMocks());

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = await loadPlainWorkbook(bytes);
  return wb.worksheets[0]!;
}

describe('almp rejects, a file with many rejects', () => {
  it('the table asks for the rows it prints, counts the rest by column and reason, and says how to get them all', async () => {
    const read = largestRead();
    const effects = quietEffects();
    expect(await rejectsCommand({ ...options, format: 'table' }, effects)).toBe(2 * BAD_ROWS + 3);
    expect(read()).toBeLessThanOrEqual(100);
    const lines = effects.lines;
    expect(lines[0]).toBe(`jobcenter_stocks/bestand_kaputt.csv: 0 of 5.003 rows loaded; 5.003 rows rejected (row numbers as in the file, its header row is 1)`);
    expect(lines.slice(1, 6)).toEqual([
      'By column and reason:',
      expect.stringMatching(/^ {2}elb \("ELB"\): 5\.000 rows \(first: row 2, 'x0'\): /),
      expect.stringMatching(/^ {2}month \("Monat"\): 5\.000 rows \(first: row 2, '2023-13'\): /),
      expect.stringMatching(/^ {2}unemployed \("Arbeitslose"\): 2 rows \(first: row 5002, 'viele'\): /),
      expect.stringMatching(/^ {2}\w+ \("Langzeitleistungsbeziehende"\): 1 row \(row 5004, 'zz'\): /),
    ]);
    expect(lines.filter((l) => /^\d+ +month /.test(l))).toHaveLength(50);
    expect(lines.slice(-2)).toEqual(['10.003 reasons (first 100 shown)', `All of them: almp rejects ${fileId} --format csv > abgelehnt-${fileId}.csv`]);
  });

  it('streams csv and json from DuckDB a chunk at a time, every row, as the whole result was written', async () => {
    const read = largestRead();
    const csv = quietEffects();
    await rejectsCommand({ ...options, format: 'csv' }, csv);
    const json = quietEffects();
    await rejectsCommand({ ...options, format: 'json' }, json);
    expect(read()).toBeLessThanOrEqual(2048);
    const lines = csv.lines.join('\n').split('\n');
    expect(lines).toHaveLength(1 + 2 * BAD_ROWS + 3);
    expect(lines.slice(0, 3)).toEqual(['row,column,in file,value,reason', expect.stringMatching(/^2,elb,ELB,x0,/), expect.stringMatching(/^2,month,Monat,2023-13,/)]);
    expect(lines.at(-1)).toMatch(/^5004,\w+,Langzeitleistungsbeziehende,zz,/);
    const parsed = JSON.parse(json.lines.join('\n')) as { row: number; column: string }[];
    expect(parsed).toHaveLength(2 * BAD_ROWS + 3);
    // the text JSON.stringify(rows, null, 2) gives, element for element
    expect(json.lines.join('\n')).toBe(JSON.stringify(parsed, null, 2));
  });

  it('writes a workbook as the rows arrive, every row as DuckDB holds it', async () => {
    const read = largestRead();
    const effects = quietEffects();
    await rejectsCommand({ ...options, format: 'xlsx' }, effects);
    expect(read()).toBeLessThanOrEqual(2048);
    expect(effects.bytes.length).toBeGreaterThan(1);
    vi.restoreAllMocks();
    const streamed = await sheetOf(Buffer.concat(effects.bytes));
    const db = await Db.open(store.dbPath, { readOnly: true });
    const rows = await db.all(`SELECT "row", "column", coalesce(header, "column") AS "in file", "value", reason FROM meta.rejects WHERE file_id = $id ORDER BY "row", "column", reason`, { id: fileId });
    db.close();
    expect(streamed.name).toBe('Abgelehnte Zeilen');
    expect(streamed.rowCount).toBe(1 + 2 * BAD_ROWS + 3);
    const cells = streamed.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : r));
    // German headings: the workbook goes back to the sender (its sheet was German, its headings English)
    expect(cells).toEqual([['Zeile', 'Feld', 'Spalte in der Datei', 'Wert', 'Grund'], ...rows.map((r) => Object.values(r))]);
    expect(streamed.getRow(1).font?.bold).toBe(true);
    expect(streamed.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(streamed.autoFilter).toBe('A1:E1');
    expect([1, 2, 3, 4, 5].map((i) => streamed.getColumn(i).width)).toEqual([10, 10, 21, 10, 51]);
    expect(streamed.getRow(2).values).toEqual([undefined, 2, 'elb', 'ELB', 'x0', 'not a whole number']);
  });

  it('refuses a workbook for more rejects than a worksheet holds before reading them, and says what to do', async () => {
    const db = await Db.open(store.dbPath);
    // one row past Excel's 1,048,576 with the header
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at)
      SELECT 999, 'attendance', 'anwesenheit.csv', i + 2, 'days_present', 'x', 'not a number', TIMESTAMP '2026-03-10 11:00:00' FROM range(1048576) t(i)`);
    db.close();
    const read = largestRead();
    const effects = quietEffects();
    const refused = rejectsCommand({ ...options, fileId: 999, format: 'xlsx' }, effects);
    await expect(refused).rejects.toThrow('1.048.576 reasons (1.048.576 rows rejected) do not fit one worksheet (at most 1.048.575 lines); nothing was written.');
    await expect(refused).rejects.toMatchObject({ hint: expect.stringContaining('almp rejects 999 --format csv > abgelehnt-999.csv') });
    expect(read()).toBeLessThanOrEqual(1);
    expect(effects.bytes).toEqual([]);
  });
});
