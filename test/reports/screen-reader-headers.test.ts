/**
 * What a screen reader says in a return: moving through the figures, NVDA and JAWS read a
 * cell's column and row headers only where a defined name marks them (`Title`, `ColumnTitle`,
 * `RowTitle`, then `..` and the last cell of the region; NVDA writes and reads them per sheet).
 * Without one a blind controller heard „21“, „0,6“ and had to walk up to row 5 (`Q1`) and
 * row 4 (the merged group) for every cell. The headers are resolved here as NVDA does
 * (nvaccess/nvda, NVDAObjects/window/excel.py: the named cells' rows and columns joined, a
 * merged cell read from its first cell), on the committed reference returns.
 */
import type ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_DIR } from '../../reports/regenerate-expected.ts';
import { readWorkbook } from './helpers/cell-dump.ts';

const unzipper = createRequire(import.meta.url)('unzipper') as { Open: { file(path: string): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> } };
const RETURNS = join(EXPECTED_DIR, 'returns');

interface TitleName {
  readonly kind: 'title' | 'columntitle' | 'rowtitle';
  readonly sheet: string;
  /** The named cells: the header rows (over the row-header columns). */
  readonly top: number; readonly left: number; readonly bottom: number; readonly right: number;
  /** The region's last cell, from the name. */
  readonly endRow: number; readonly endCol: number;
}

const colNumber = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
const cellOf = (ref: string): [number, number] => {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref)!;
  return [Number(m[2]), colNumber(m[1]!)];
};

async function titleNames(path: string): Promise<TitleName[]> {
  const { files } = await unzipper.Open.file(path);
  const xml = (await files.find((f) => f.path === 'xl/workbook.xml')!.buffer()).toString('utf8');
  const sheets = [...xml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&apos;', "'").replaceAll('&amp;', '&'));
  const names: TitleName[] = [];
  for (const m of xml.matchAll(/<definedName name="([^"]+)"(?: localSheetId="(\d+)")?>([^<]+)<\/definedName>/g)) {
    const name = /^(title|columntitle|rowtitle)\w*\.\.([A-Z]+\d+)$/i.exec(m[1]!);
    if (!name || m[2] === undefined) continue;
    const ref = /^'?(.+?)'?!(\$[A-Z]+\$\d+)(?::(\$[A-Z]+\$\d+))?$/.exec(m[3]!.replaceAll('&apos;', "'"))!;
    const [top, left] = cellOf(ref[2]!);
    const [bottom, right] = cellOf(ref[3] ?? ref[2]!);
    const [endRow, endCol] = cellOf(name[2]!);
    names.push({ kind: name[1]!.toLowerCase() as TitleName['kind'], sheet: sheets[Number(m[2])]!, top, left, bottom, right, endRow, endCol });
  }
  return names;
}

/** What NVDA reads before a cell's value: its column headers, then its row headers. */
function headersOf(ws: ExcelJS.Worksheet, names: readonly TitleName[], row: number, col: number): { column?: string; row?: string } {
  const text = (r: number, c: number): string => {
    const cell = ws.getCell(r, c);
    return String((cell.isMerged ? cell.master : cell).value ?? '');
  };
  const join = (parts: string[]): string => parts.filter(Boolean).join(' ');
  const mine = names.filter((n) => n.sheet === ws.name && row <= n.endRow && col <= n.endCol);
  const columnName = mine.find((n) => n.kind !== 'rowtitle' && n.bottom < row && n.left <= col);
  const rowName = mine.find((n) => n.kind !== 'columntitle' && n.right < col && n.top <= row);
  const out: { column?: string; row?: string } = {};
  if (columnName) out.column = join(Array.from({ length: columnName.bottom - columnName.top + 1 }, (_, i) => text(columnName.top + i, col)));
  if (rowName) out.row = join(Array.from({ length: rowName.right - rowName.left + 1 }, (_, i) => text(row, rowName.left + i)));
  return out;
}

const books = new Map<string, { wb: ExcelJS.Workbook; names: TitleName[] }>();

beforeAll(async () => {
  for (const file of readdirSync(RETURNS).filter((f) => f.endsWith('.xlsx'))) {
    const path = join(RETURNS, file);
    books.set(file, { wb: await readWorkbook(path), names: await titleNames(path) });
  }
});

describe('returns read with a screen reader', () => {
  it('a figure under two header rows is read with its group, its quarter and its measure', () => {
    const { wb, names } = books.get('jobcenter-controlling-2026-Q3-06411.xlsx')!;
    const ws = wb.getWorksheet('Zugang')!;
    // E7: referrals of the second quarter, second measure (group "Zuweisungen" merged over D4:F4)
    expect(headersOf(ws, names, 7, 5)).toEqual({ column: 'Zuweisungen Q2', row: '06411-0002 45_MAG 001053' });
    expect(headersOf(ws, names, 13, 4)).toEqual({ column: 'Zuweisungen Q1', row: 'Summe der Maßnahmen' });
    // the notes under the table are not figures: no header read before them
    expect(headersOf(ws, names, 15, 1)).toEqual({});
  });

  it('every data sheet of every return names its headers for the whole table, and the cover and definitions theirs', () => {
    expect(books.size).toBe(4);
    for (const [file, { wb, names }] of books) {
      wb.eachSheet((ws) => {
        const mine = names.filter((n) => n.sheet === ws.name);
        expect(mine.length, `${file}/${ws.name}`).toBeGreaterThan(0);
        // the last figure of the table is covered, the last column too
        const last = Math.max(...mine.map((n) => n.endRow));
        expect(String(ws.getCell(last, 1).value ?? ''), `${file}/${ws.name} row ${last}`).not.toBe('');
        expect(ws.getCell(last + 1, 1).value ?? null, `${file}/${ws.name} row ${last + 1}`).toBeNull();
        expect(Math.max(...mine.map((n) => n.endCol)), `${file}/${ws.name}`).toBe(ws.columnCount);
      });
    }
    const { wb, names } = books.get('esf-plus-teilnehmende-2025.xlsx')!;
    expect(headersOf(wb.getWorksheet('Deckblatt')!, names, 5, 2)).toEqual({ row: 'Datenstand' });
    expect(headersOf(wb.getWorksheet('Deckblatt')!, names, 15, 4)).toEqual({ column: 'Zeilen geladen' });
    expect(headersOf(wb.getWorksheet('Definitionen')!, names, 5, 4).column).toBe('Zähler');
  });
});
