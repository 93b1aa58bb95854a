/**
 * The cover sheet names the data sources per kind, never by file name: a sender names a file
 * as it likes ("Abschlussbericht Max Mustermann.csv" reached a funder's cover), and in a
 * public return a kind about persons with 1..threshold-1 rows is hidden like any count.
 */
import { describe, expect, it } from 'vitest';
import { count } from '../../reports/layouts/common.ts';
import type { WorkbookLayout } from '../../reports/layouts/types.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import type { CoverData } from '../../reports/model/cover-data.ts';
import { MartFigures, pickSuffix } from '../../reports/model/load.ts';
import type { MartReader } from '../../reports/model/mart-reader.ts';
import { workbookOps } from '../../reports/render/write-workbook.ts';

const layout = (scope: WorkbookLayout['scope']): WorkbookLayout => ({
  id: 'stub',
  title: 'Stub',
  periodType: 'year',
  scope,
  sheets: [{ name: 'S', title: 'S', rows: { id: 'stub_rows', sql: 'unused' }, columns: [count('entries', 'Eintritte', { indicator: 'entries' })], totalLabel: 'Insgesamt' }],
  definitions: [],
});
const CTX: ReturnContext = { periodType: 'year', period: '2025', year: '2025', jobcenterId: null, asOf: '2026-09-30', threshold: 5 };
const READER = {
  rows: async () => [{ row_key: 'm1', measure_id: 'm1' }],
  figures: async () => new MartFigures([pickSuffix({ indicator: 'entries' }, '2025')]),
} as unknown as MartReader;

const at = (day: string) => new Date(`${day}T10:00:00Z`);
const COVER: CoverData = {
  version: 'test',
  sources: [
    { kind: 'final_reports', file_name: 'Abschlussbericht Max Mustermann KdNr ….csv', loaded_at: at('2026-09-01'), rows_loaded: 1, rows_rejected: 0 },
    { kind: 'final_reports', file_name: 'abschlussberichte_001092.ndjson', loaded_at: at('2026-09-02'), rows_loaded: 2, rows_rejected: 0 },
    { kind: 'participations', file_name: 'teilnahmen_06411.csv', loaded_at: at('2026-08-01'), rows_loaded: 200, rows_rejected: 3 },
    { kind: 'jobcenters', file_name: 'dienststellen.csv', loaded_at: at('2026-08-01'), rows_loaded: 2, rows_rejected: 0 },
  ],
};

async function coverRows(scope: WorkbookLayout['scope']): Promise<unknown[][]> {
  const model = await assembleWorkbook(READER, layout(scope), CTX);
  const { ops } = workbookOps(model, COVER, '/dev/null', new Date(0));
  const rows = ops.sheets.find((s) => s.name === 'Deckblatt')!.rows.map((r) => r.values);
  return rows.slice(rows.findIndex((r) => r[0] === 'Art'));
}

describe('data sources on the cover', () => {
  it('a public return: per kind, no file name, a small count of rows about persons hidden', async () => {
    const rows = await coverRows('state');
    expect(JSON.stringify(rows)).not.toMatch(/Mustermann|001092|teilnahmen_06411/);
    expect(rows[0]).toEqual(['Art', 'Dateien', 'zuletzt geladen am', 'Zeilen geladen', 'Zeilen abgelehnt']);
    const byKind = new Map(rows.slice(1).map((r) => [r[0], [r[1], r[3], r[4]]]));
    expect(byKind.get('Abschlussberichte')).toEqual([2, '.', 0]); // 1 + 2 rows: 3, hidden
    expect(byKind.get('Teilnahmen')).toEqual([1, 200, '.']); // 3 rejected rows: hidden
    expect(byKind.get('Jobcenter')).toEqual([1, 2, 0]); // a list of Jobcenters counts no one
  });

  it("the Jobcenter's internal return: per kind too, counts as they are", async () => {
    const rows = await coverRows('jobcenter');
    expect(JSON.stringify(rows)).not.toMatch(/Mustermann/);
    expect(new Map(rows.slice(1).map((r) => [r[0], [r[1], r[3], r[4]]])).get('Abschlussberichte')).toEqual([2, 3, 0]);
  });
});
