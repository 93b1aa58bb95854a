/** ALMP_MAX_COLUMNS: a header or JSON object wider than the limit is refused with the limit named. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../pipelines/ingest/limits.ts';
import { SAMPLES, sampleReports } from '../hardening/helpers.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const extras = (n: number) => Array.from({ length: n }, (_, k) => `Zusatz${k}`);

describe('column limit', () => {
  it('refuses a CSV and an XLSX whose header is wider than ALMP_MAX_COLUMNS, loads one just within it', async () => {
    const [header, ...rows] = readFileSync(join(SAMPLES, 'participations', 'teilnahmen_06412.csv'), 'utf8').split('\n').slice(0, 4);
    const width = header!.split(';').length;
    const csv = (n: number) => `${[header, ...extras(n)].join(';')}\n${rows.map((r) => `${r};${';'.repeat(Math.max(0, n - 1))}`).join('\n')}\n`;
    const within = join(store.dir, 'within.csv');
    const over = join(store.dir, 'over.csv');
    writeFileSync(within, csv(LIMITS.maxColumns - width));
    writeFileSync(over, csv(LIMITS.maxColumns - width + 1));
    const [ok] = await store.ingest([within], { kind: 'participations' });
    expect(ok).toMatchObject({ status: 'success', rowsLoaded: 3 });
    expect(store.lines.join('\n')).toMatch(/ignored columns: Zusatz0, .*Zusatz11 … and \d+ more/);
    const [refused] = await store.ingest([over], { kind: 'participations' });
    expect(refused!.status).toBe('error');
    expect(refused!.error).toContain(`${LIMITS.maxColumns + 1} columns, over the limit of ${LIMITS.maxColumns} (raise ALMP_MAX_COLUMNS`);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnahmen');
    sheet.addRow([...header!.split(';'), ...extras(LIMITS.maxColumns)]);
    sheet.addRow(rows[0]!.split(';'));
    const xlsx = join(store.dir, 'wide.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const [sheetRefused] = await store.ingest([xlsx], { kind: 'participations' });
    expect(sheetRefused!.status).toBe('error');
    expect(sheetRefused!.error).toContain("the header of sheet 'Teilnahmen' has");
  });

  it('refuses a CSV header longer than the sniffed sample by the limit, and a file of nothing but a BOM, saying what is wrong', async () => {
    // Both read 'sniffCsv needs a non-empty sample': no file name, no limit, nothing to do.
    const write = (name: string, data: string | Buffer) => {
      writeFileSync(join(store.dir, name), data);
      return join(store.dir, name);
    };
    const files = [
      write('wide.csv', `${Array.from({ length: 1_000_000 }, (_, k) => `c${k}`).join(';')}\n`),
      write('bom.csv', Buffer.from([0xef, 0xbb, 0xbf])),
      write('long.csv', `${'x'.repeat(100_000)}\n`),
    ];
    const errors = (await store.ingest(files, { kind: 'participations' })).map((r) => r.error);
    expect(errors[0]).toMatch(/^wide\.csv refused: its first 64 KB alone hold a header of [\d.]+ columns, over the limit of 500 \(raise ALMP_MAX_COLUMNS if it is genuine\)\.$/);
    expect(errors[1]).toBe('Cannot read bom.csv: it holds no header and no rows (nothing but a byte-order mark or blank lines). Check that this is the export you meant to load; export it again with its header and rows.');
    expect(errors[2]).toBe('long.csv refused: its first line runs over 64 KB without a line end, which no CSV header does. Check that this is the CSV export you meant to load.');
  });

  it('rejects a JSON object with more keys than the limit and loads the others', async () => {
    const reports = JSON.parse(readFileSync(sampleReports('json'), 'utf8')) as Record<string, unknown>[];
    const wide = { ...reports[1], ...Object.fromEntries(extras(LIMITS.maxColumns).map((k) => [k, 1])) };
    const path = join(store.dir, 'wide.json');
    writeFileSync(path, JSON.stringify([reports[0], wide, reports[2]]));
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 1 });
    expect(result!.firstReasons[0]).toMatch(/^row 2.*object has .* columns, over the limit of 500/);
  });
});
