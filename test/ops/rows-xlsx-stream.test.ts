/**
 * `--format xlsx` of almp query and almp check --show: the list a controller opens in a
 * German Excel keeps ids as text, numbers as numbers and dates as dates — what a CSV
 * double-clicked there does not (';' separator, Windows-1252, leading zeros stripped).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../pipelines/db/database.ts';
import { streamRowsToXlsx } from '../../pipelines/ops/rows-xlsx-stream.ts';
import { loadPlainWorkbook, textParts } from '../helpers/plain-workbook.ts';

type Columns = Parameters<typeof streamRowsToXlsx>[0];

/** The sheet written from `rows` in batches of two, as DuckDB's chunks arrive, read back. */
async function sheet(columns: Columns, rows: readonly Row[], sheetName?: string, timezone?: string): Promise<ExcelJS.Worksheet> {
  async function* batches() {
    for (let i = 0; i < rows.length; i += 2) yield rows.slice(i, i + 2);
  }
  const bytes: Uint8Array[] = [];
  await streamRowsToXlsx(columns, batches(), (b) => void bytes.push(b), sheetName, timezone);
  const wb = await loadPlainWorkbook(Buffer.concat(bytes));
  return wb.worksheets[0]!;
}

describe('rows as a workbook', () => {
  it('keeps each value\'s type: ids text, numbers numbers, dates dates shown as 31.12.2026', async () => {
    const columns = [
      { name: 'provider_id', type: 'VARCHAR' },
      { name: 'jobcenter_id', type: 'VARCHAR' },
      { name: 'exit_date', type: 'DATE' },
      { name: 'loaded_at', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'days_since_exit', type: 'BIGINT' },
      { name: 'value', type: 'DOUBLE' },
      { name: 'suppressed', type: 'BOOLEAN' },
      { name: 'note', type: 'VARCHAR' },
    ];
    const rows: Row[] = [{
      provider_id: '001066', jobcenter_id: '06411', exit_date: new Date('2026-12-31T00:00:00Z'), loaded_at: new Date('2026-10-01T07:09:00Z'),
      days_since_exit: 1185n, value: 0.253, suppressed: false, note: '=HYPERLINK("http://x.invalid","klick")',
    }, { provider_id: null, jobcenter_id: 'Träger ä ö ü ß', exit_date: null, loaded_at: null, days_since_exit: null, value: null, suppressed: null, note: null }];
    const ws = await sheet(columns, rows, 'Befunde');
    expect(ws.name).toBe('Befunde');
    expect(ws.getRow(1).values).toEqual([undefined, ...columns.map((c) => (c.name === 'loaded_at' ? 'loaded_at (Ortszeit Europe/Berlin)' : c.name))]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect((ws.views[0] as { state?: string; ySplit?: number })).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cell = (col: number) => ws.getRow(2).getCell(col);
    expect(cell(1).value).toBe('001066');
    expect(cell(2).value).toBe('06411');
    expect(cell(3).value).toEqual(new Date('2026-12-31T00:00:00Z'));
    expect(cell(3).numFmt).toBe('dd.mm.yyyy');
    // an instant as Berlin's wall clock (09:09 CEST), as the returns show times
    expect(cell(4).value).toEqual(new Date('2026-10-01T09:09:00Z'));
    expect(cell(4).numFmt).toBe('dd.mm.yyyy hh:mm:ss');
    expect(cell(5).value).toBe(1185);
    expect(cell(6).value).toBe(0.253);
    expect(cell(6).numFmt ?? 'General').toBe('General'); // the reader's locale shows 0,253
    expect(cell(7).value).toBe(false);
    expect(cell(8).value).toBe('\'=HYPERLINK("http://x.invalid","klick")'); // text, never a formula
    expect(ws.getRow(3).getCell(2).value).toBe('Träger ä ö ü ß');
    expect(ws.getRow(3).getCell(1).value).toBeNull();
  });

  it('shows almp\'s stored UTC times in the schedule\'s zone, naming it in the header', async () => {
    const columns = [{ name: 'written_at', type: 'TIMESTAMP' }];
    const rows: Row[] = [{ written_at: new Date('2026-07-01T04:30:00Z') }];
    const berlin = await sheet(columns, rows);
    expect([berlin.getRow(1).getCell(1).value, berlin.getRow(2).getCell(1).value]).toEqual(['written_at (Ortszeit Europe/Berlin)', new Date('2026-07-01T06:30:00Z')]);
    const london = await sheet(columns, rows, 'Daten', 'Europe/London');
    expect([london.getRow(1).getCell(1).value, london.getRow(2).getCell(1).value]).toEqual(['written_at (Ortszeit Europe/London)', new Date('2026-07-01T05:30:00Z')]);
  });

  it('writes a sheet with its header and no rows for an empty result', async () => {
    const ws = await sheet([{ name: 'jobcenter_id', type: 'VARCHAR' }, { name: '=cmd', type: 'VARCHAR' }], []);
    expect(ws.rowCount).toBe(1);
    expect(ws.getRow(1).values).toEqual([undefined, 'jobcenter_id', '\'=cmd']);
    expect([ws.getColumn(1).width, ws.getColumn(2).width]).toEqual([14, 10]);
  });

  it('writes text inline, with no table of all distinct texts held to the end (3.2 GB for 10^6 rows of pseudonyms)', async () => {
    const columns = [{ name: 'participant_id', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }];
    const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ participant_id: `p${i}`, n: i }));
    const bytes: Uint8Array[] = [];
    await streamRowsToXlsx(columns, (async function* () { yield rows; })(), (b) => void bytes.push(b));
    // the header's two texts and the fifty ids; the numbers stay numbers
    expect(await textParts(Buffer.concat(bytes))).toEqual({ sharedStrings: false, inlineCells: 52 });
  });
});
