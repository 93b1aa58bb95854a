import { describe, expect, it } from 'vitest';
import { complementarySuppression } from '../../pipelines/publish/suppression.ts';

const cell = (value: number | null, suppressed = false) => ({ value, suppressed });

describe('complementarySuppression', () => {
  it('hides the smallest other non-zero cell of a row and a column with one hidden cell', () => {
    // rows: two Jobcenters + total; columns: two instruments + total
    const matrix = [
      [cell(3, true), cell(20), cell(23)],
      [cell(12), cell(30), cell(42)],
      [cell(15), cell(50), cell(65)],
    ];
    const hidden = complementarySuppression(matrix);
    // row 0: hide 20 (smaller than 23); column 0: hide 12 (smaller than 15);
    // then row 1 has 12 hidden alone → 30; column 1 has 20 and 30 hidden → fine.
    expect(hidden).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, false],
    ]);
  });

  it('never picks zero or empty cells and leaves tables without primary suppression alone', () => {
    expect(complementarySuppression([[cell(2, true), cell(0), cell(null), cell(9)]])).toEqual([[true, false, false, true]]);
    expect(complementarySuppression([[cell(5), cell(6)], [cell(7), cell(8)]])).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it('iterates until every line has zero or at least two hidden cells', () => {
    const matrix = [
      [cell(1, true), cell(10), cell(11)],
      [cell(9), cell(8), cell(17)],
      [cell(10), cell(18), cell(28)],
    ];
    const hidden = complementarySuppression(matrix);
    for (const row of hidden) expect(row.filter(Boolean).length).not.toBe(1);
    for (let c = 0; c < 3; c++) expect(hidden.map((row) => row[c]).filter(Boolean).length).not.toBe(1);
  });

  it('counts a primary cell that carries no number (a dashboard row already emptied) as hidden', () => {
    // the empty primary cell is never chosen itself, but its row still needs a complement
    expect(complementarySuppression([[cell(null, true), cell(9), cell(5)]])).toEqual([[true, false, true]]);
  });
});
