/**
 * A name longer than a cell: the providers' list may hold 35,000 characters in a name (the
 * ingest's cell limit is 64 KB), and the returns wrote it whole into „Verzeichnis“ and
 * „Trägervergleich“ — over Excel's 32,767 characters per cell (Excel repairs such a workbook)
 * in a row 15,141.75 points high (a row has at most 409). Cut, saying so, in a row of 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_MAX } from '../../reports/render/safe-text.ts';
import { MAX_ROW_PT } from '../../reports/render/row-height.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';
import { writeAndRead, type WrittenReturns } from './helpers/written-returns.ts';

const QUARTERLY = 'jobcenter-controlling-2026-Q3-06411.xlsx';
const LONG = 'Bildungswerk Darmstadt gemeinnützige Gesellschaft für Arbeit und Qualifizierung '.repeat(440);

let fx: Fixture;
let out: WrittenReturns;
beforeAll(async () => {
  fx = await buildFixture();
  expect(LONG.length).toBeGreaterThan(35_000);
  await fx.db.run(`UPDATE mart.provider_names SET name = $name WHERE provider_id = '001053'`, { name: LONG });
  out = await writeAndRead(fx);
}, 120_000);
afterAll(() => fx?.db.close());

describe('a name longer than a cell', () => {
  it('is cut to what a cell holds, saying so, in every return', () => {
    let cut = 0;
    for (const [book, wb] of out.books) {
      for (const ws of wb.worksheets) {
        ws.eachRow((row) => {
          row.eachCell((cell) => {
            const text = typeof cell.value === 'string' ? cell.value : '';
            expect(text.length, `${book} ${ws.name}!${cell.address}`).toBeLessThanOrEqual(CELL_MAX);
            if (text.startsWith('Bildungswerk Darmstadt gemeinnützige')) {
              cut++;
              expect(text).toMatch(/ … \[gekürzt: 35\.\d{3} Zeichen, eine Zelle fasst 32\.767\]$/);
            }
          });
          expect(row.height ?? 0, `${book} ${ws.name} row ${row.number}`).toBeLessThanOrEqual(MAX_ROW_PT);
        });
      }
    }
    // the quarterly's „Trägervergleich“ and „Verzeichnis“ (the provider runs no state or ESF+ measure)
    expect(cut).toBe(2);
    expect(String(out.sheet(QUARTERLY, 'Trägervergleich').getColumn(2).values.find((v) => String(v).startsWith('Bildungswerk Darmstadt gemein')))).toHaveLength(CELL_MAX);
  });
});
