/**
 * The returns as a German funder or controller reads them (the reference returns of the
 * samples, data-samples/expected/, which expected.test.ts keeps equal to a fresh run):
 * every text — sheet names, titles, headers, footnotes, cover, print footer, document
 * properties — without leftover English, mojibake or stray terms; every figure a number
 * (not text) in one of the known formats; and, opened by LibreOffice with a German locale,
 * shown with decimal comma, thousands dot, "61,9 %" and 30.09.2026.
 */
import type ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_DIR } from '../../reports/regenerate-expected.ts';
import { NUM_FMT, TOTAL_AS_VALUE_FMT } from '../../reports/render/formats.ts';
import { SAMPLES } from '../hardening/helpers.ts';
import { allProblems } from '../helpers/german-text.ts';
import { requireApp } from '../helpers/require-app.ts';
import { readWorkbook } from './helpers/cell-dump.ts';
import { convertWithLibreOffice } from './helpers/libreoffice.ts';

const RETURNS = join(EXPECTED_DIR, 'returns');
const files = readdirSync(RETURNS).filter((f) => f.endsWith('.xlsx')).sort();
const hasSoffice = requireApp('soffice', 'libreoffice-calc-nogui');

let books: Map<string, ExcelJS.Workbook>;
beforeAll(async () => {
  books = new Map();
  for (const f of files) books.set(f, await readWorkbook(join(RETURNS, f)));
});

const textOf = (value: ExcelJS.CellValue): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return undefined;
};

/** Cells that hold names from the data, not words of the return: the definitions' indicator ids (the cover names no input file). */
function isDataName(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell): boolean {
  return ws.name === 'Definitionen' && Number(cell.col) === 1 && Number(cell.row) > 4;
}

describe('German in the returns', () => {
  it('are there to read: the four sample returns', () => {
    expect(files).toEqual(['esf-plus-teilnehmende-2025.xlsx', 'jobcenter-controlling-2026-Q3-06411.xlsx', 'jobcenter-controlling-2026-Q3-06412.xlsx', 'landesprogramm-jahresmeldung-2025.xlsx']);
  });

  it('every text: sheet names, cells, print footers, document properties', () => {
    const words: string[] = [];
    const codes: string[] = [];
    for (const wb of books.values()) {
      words.push(wb.title, wb.subject);
      wb.eachSheet((ws) => {
        words.push(ws.name, ws.headerFooter.oddFooter ?? '');
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const text = textOf(cell.value);
            if (text === undefined || isDataName(ws, cell)) return;
            // instrument codes and ids (16d_AGH, 06411-0001, 001027) are no numbers
            (/^(\d+[a-z]?_[A-Z]+|[0-9]{5}-[0-9]{4}|[0-9]{5,6})$/.test(text) ? codes : words).push(text);
          }),
        );
      });
    }
    expect(words).toEqual(expect.arrayContaining(['Deckblatt', 'Definitionen', 'Zeitraum Q3 2026 · Jobcenter 06411 · Datenstand 30.09.2026 · vorläufig']));
    expect(allProblems(words.filter(Boolean))).toEqual([]);
    expect(allProblems(codes, { numbers: false })).toEqual([]);
  });

  it('every figure is a number (or a date) in a known format, never a number written as text', () => {
    const known = new Set([...Object.values(NUM_FMT), ...Object.values(TOTAL_AS_VALUE_FMT)].filter(Boolean));
    const problems: string[] = [];
    let figures = 0;
    for (const [name, wb] of books) {
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const where = `${name}/${ws.name}!${cell.address}`;
            const v = cell.value;
            const result = v && typeof v === 'object' && 'formula' in v ? v.result : v;
            if (typeof result === 'number' || result instanceof Date) {
              figures++;
              if (!known.has(cell.numFmt)) problems.push(`${where}: format ${JSON.stringify(cell.numFmt)}`);
              if (result instanceof Date && !cell.numFmt?.startsWith('dd.mm.yyyy')) problems.push(`${where}: date without a date format`);
            }
            const text = textOf(v);
            // '.' and '–' are the marks of hidden and missing figures; ids and codes are text
            if (text !== undefined && /^[-+]?\d[\d.,]*\s?%?$/.test(text) && !/^0\d+$/.test(text) && ws.name !== 'Deckblatt') problems.push(`${where}: number as text ${JSON.stringify(text)}`);
          }),
        ),
      );
    }
    expect(figures).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });

  describe.runIf(hasSoffice)('opened in LibreOffice with a German locale', () => {
    let shown: Map<string, string[][]>;
    beforeAll(() => {
      // every sheet as a CSV of the cells as shown (token 9 = true), one file per sheet (token 12 = -1)
      const dir = convertWithLibreOffice(files.map((f) => join(RETURNS, f)), 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true,true,false,false,-1', { locale: 'de-DE' });
      shown = new Map();
      for (const f of readdirSync(dir)) {
        shown.set(f, readFileSync(join(dir, f), 'utf8').split('\n').map((line) => line.split(';').map((c) => c.replace(/^"|"$/g, ''))));
      }
    }, 200_000);

    it('shows figures with decimal comma, thousands dot, "61,9 %", dates as 30.09.2026', () => {
      const cells = [...shown.entries()].flatMap(([f, rows]) => rows.flat().map((c) => ({ f, c })));
      const values = cells.map((x) => x.c);
      expect(shown.size).toBeGreaterThanOrEqual(4 * 6);
      expect(values).toContain('30.09.2026');
      // attendance rows loaded, on the cover (the sample file's lines after its header)
      const attendanceRows = readFileSync(join(SAMPLES, 'attendance', 'fehlzeiten.csv'), 'utf8').trimEnd().split('\n').length - 1;
      expect(attendanceRows).toBeGreaterThan(999);
      expect(values).toContain(attendanceRows.toLocaleString('de-DE'));
      expect(values.some((c) => /^\d{1,3},\d %$/.test(c))).toBe(true);
      expect(values.some((c) => /^\d+,\d\d$/.test(c))).toBe(true); // observed ÷ expected
      expect(values.some((c) => /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/.test(c))).toBe(true);
      // short cells that are figures (not sentences, which the text scan above covers)
      const figures = cells.filter((x) => /^[\d.,%\s¹–-]+$/.test(x.c) && /\d/.test(x.c));
      expect(allProblems(figures.map((x) => x.c))).toEqual([]);
    });
  });
});
