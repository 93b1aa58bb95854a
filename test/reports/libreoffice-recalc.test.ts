/**
 * The LibreOffice round trip of the returns tests compares each formula's recalculated
 * result with the value the builder wrote. Had LibreOffice kept the cached results (its
 * default for xlsx), that comparison would hold whatever the formulas compute: here a
 * formula carries a wrong cached result, and the round trip must correct it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { recalcWithLibreOffice } from './helpers/libreoffice.ts';

const hasSoffice = requireApp('soffice', 'libreoffice-calc-nogui');

describe.runIf(hasSoffice)('LibreOffice round trip', () => {
  it('recalculates a formula whose cached result is wrong, instead of keeping the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-recalc-'));
    try {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Summe');
      ws.getCell('A1').value = 1;
      ws.getCell('A2').value = 2;
      ws.getCell('A3').value = { formula: 'SUM(A1:A2)', result: 999 };
      await wb.xlsx.writeFile(join(dir, 'summe.xlsx'));
      const [copy] = recalcWithLibreOffice([join(dir, 'summe.xlsx')]);
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(copy!);
      expect(back.getWorksheet('Summe')!.getCell('A3').value).toEqual({ formula: 'SUM(A1:A2)', result: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
