/** The returns written from a fixture, read back with exceljs, and lookups on their sheets. */
import type ExcelJS from 'exceljs';
import { basename, join } from 'node:path';
import { quietEffects } from '../../../pipelines/effects.ts';
import type { ItemResult } from '../../../pipelines/results.ts';
import { writeReturns } from '../../../reports/build.ts';
import { readWorkbook } from './cell-dump.ts';
import type { Fixture } from './fixture.ts';

export interface WrittenReturns {
  readonly results: ItemResult[];
  readonly paths: string[];
  /** By file name. */
  readonly books: Map<string, ExcelJS.Workbook>;
  sheet(book: string, name: string): ExcelJS.Worksheet;
}

export async function writeAndRead(fx: Fixture): Promise<WrittenReturns> {
  const results = await writeReturns(fx.db, { outDir: join(fx.dir, 'out') }, quietEffects());
  const paths = results.map((r) => r.path!).filter(Boolean);
  const books = new Map<string, ExcelJS.Workbook>();
  for (const p of paths) books.set(basename(p), await readWorkbook(p));
  return {
    results,
    paths,
    books,
    sheet(book, name) {
      const ws = books.get(book)?.getWorksheet(name);
      if (!ws) throw new Error(`no sheet ${name} in ${book}`);
      return ws;
    },
  };
}

/** A number cell's value, or a formula's cached result. */
export function numberOf(cell: ExcelJS.Cell): number | undefined {
  const v = cell.value;
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'formula' in v && typeof v.result === 'number') return v.result;
  return undefined;
}

/** The row whose first cell holds `label` (a total row). */
export function totalRow(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row '${label}' in ${ws.name}`);
  return found;
}

/** The first column whose header (in `headerRow`) is `header`. */
export function columnOf(ws: ExcelJS.Worksheet, headerRow: number, header: string): number {
  let col = -1;
  ws.getRow(headerRow).eachCell((cell, c) => {
    if (cell.value === header && col < 0) col = c;
  });
  if (col < 0) throw new Error(`no column '${header}' in ${ws.name}`);
  return col;
}
