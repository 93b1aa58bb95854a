/**
 * A sheet with rows but no header naming the kind's columns in its first 30 rows (rows copied
 * out of another workbook without their header, 35 instruction rows above the header) was
 * refused as 'no records found (empty sheet or file)': the sender looked for rows that are there.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';

const store = storePerTest();
const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'];
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function workbook(name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(sheets)) {
    const ws = book.addWorksheet(sheet);
    for (const row of rows) ws.addRow(row);
  }
  const path = join(store().dir, name);
  await book.xlsx.writeFile(path);
  return path;
}

async function refusal(path: string): Promise<string> {
  const [result] = await store().ingest([path], { kind: 'participations' });
  expect(result!.status).toBe('error');
  return result!.error!;
}

const WHAT_TO_DO =
  " The header must stand within the first 30 rows, above the data: delete rows above it, or add one naming the columns (at least Kundennummer, Dienststelle, Maßnahme-Nr, Zuweisungsdatum; every accepted name is in docs/contracts.md under 'participations'). Then save the file and load it again.";

describe('XLSX sheet without a header naming the columns', () => {
  it('rows from row 1 on (no header): says so, naming the sheet', async () => {
    const path = await workbook('teilnahmen.xlsx', {
      Tabelle1: [
        ['962D950001', '06411', 'M-1', d('2024-09-15')],
        ['962D950002', '06411', 'M-1', d('2024-09-15')],
      ],
    });
    expect(await refusal(path)).toBe(`Cannot read teilnahmen.xlsx: no header naming the 'participations' columns was found in the first 30 rows of sheet 'Tabelle1'.${WHAT_TO_DO}`);
  });

  it('the header below 35 instruction rows: says so, naming the sheet that goes on past the rows searched (not a short notes sheet)', async () => {
    const notes = Array.from({ length: 35 }, (_, i) => [`Hinweis ${i + 1}: bitte alle Felder ausfüllen`]);
    const path = await workbook('teilnahmen.xlsx', { Hinweise: [['Bitte die Vorlage vollständig ausfüllen']], Daten: [...notes, HEADER, ['962D950001', '06411', 'M-1', d('2024-09-15')]] });
    expect(await refusal(path)).toBe(`Cannot read teilnahmen.xlsx: no header naming the 'participations' columns was found in the first 30 rows of sheet 'Daten'.${WHAT_TO_DO}`);
  });

  it('a cover sheet before a data sheet naming some columns: the data sheet names what it lacks', async () => {
    const path = await workbook('teilnahmen.xlsx', { Deckblatt: [['Teilnahmen 2024, Träger Müller']], Daten: [['Kundennummer', 'Dienststelle', 'Maßnahme'], ['962D950001', '06411', 'M-1']] });
    expect(await refusal(path)).toMatch(/^Required columns 'measure_id', 'referral_date' are missing/);
  });

  it('a sheet with nothing in it is still refused as empty', async () => {
    const path = await workbook('teilnahmen.xlsx', { Tabelle1: [] });
    expect(await refusal(path)).toBe('Cannot read teilnahmen.xlsx: no records found (empty sheet or file).');
  });
});
