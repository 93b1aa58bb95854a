/**
 * The fast writer of plain body rows (reports/render/plain-rows.ts) against exceljs' own
 * rendering of the same ops: every workbook of the samples (labels, counts, rates, hidden
 * cells, SUM formulas, totals written as values) is written both ways and must be
 * byte-identical, zip container included (entry times are pinned to as-of).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReturns } from '../../reports/build.ts';
import { assembleWorkbook } from '../../reports/model/assemble.ts';
import { loadCoverData } from '../../reports/model/cover-data.ts';
import { MartReader } from '../../reports/model/mart-reader.ts';
import { writeWorkbook } from '../../reports/render/write-workbook.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';

let fx: Fixture;

beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);

afterAll(() => fx?.db.close());

describe('plain body rows', () => {
  it('are written byte-identically to exceljs rendering them cell by cell', async () => {
    const plan = await planReturns(fx.db, { outDir: fx.dir });
    const cover = await loadCoverData(fx.db);
    const reader = new MartReader(fx.db);
    let formulas = 0;
    for (const item of plan) {
      const model = await assembleWorkbook(reader, item.layout, item.context);
      const fast = join(fx.dir, 'fast.xlsx');
      const reference = join(fx.dir, 'exceljs.xlsx');
      const created = new Date('2026-10-01T08:00:00Z');
      await writeWorkbook(model, cover, fast, { created });
      await writeWorkbook(model, cover, reference, { created, exceljsOnly: true });
      const bytes = readFileSync(fast);
      expect(bytes.equals(readFileSync(reference)), `${item.path} differs from exceljs' rendering`).toBe(true);
      formulas += [...model.figures.values()].filter((f) => f.sumOf).length;
    }
    expect(plan.length).toBe(4);
    expect(formulas).toBeGreaterThan(50);
  });
});
