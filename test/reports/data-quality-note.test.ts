/**
 * The cover of every return says values 1–4 are suppressed; the data-quality sheet of the
 * quarterly workbook shows counts of findings (1, 3, 4 in the samples) on purpose (records,
 * not persons). The sheet has to say so, or a reader takes the cover's rule as broken.
 */
import { describe, expect, it } from 'vitest';
import { QUARTERLY_CONTROLLING } from '../../reports/layouts/quarterly.ts';

describe('data-quality sheet', () => {
  it('says that its counts are not subject to the suppression rule of the cover', () => {
    const sheet = QUARTERLY_CONTROLLING.sheets.find((s) => s.name === 'Datenqualität')!;
    expect((sheet.footnotes ?? []).join(' ')).toMatch(/nicht unterdrückt/);
  });
});
