/**
 * Hidden rates a line's totals give away as a group. Counts are protected line by line
 * (suppression.ts), but a rate has two: in a line whose total rate is shown with its
 * numerator and denominator, the hidden parts together have total − visible parts of each.
 * When those hidden numerators add up to 0, or to the hidden denominators, every hidden rate
 * of the line is 0 % or 100 % — recomputed, though no count is (the ministry page's 2024
 * 16k exits: Land 18 of 51 dropouts, 06421 shown with 14 of 47, so 06411 and 06412 had 4 of
 * 4: each a dropout rate of 100 %). One more part of the line is hidden then: the smallest
 * visible one whose rate is neither 0 nor 1 (it makes the hidden group's rate a mix), else the
 * line's total.
 */

export interface RateCell {
  /** Numerator and denominator (true values, hidden or not); null when the cell has none. */
  readonly n: number | null;
  readonly d: number | null;
}

/** A cell of the matrix: [row, column]. */
export type At = readonly [number, number];

/**
 * The next cell to hide so that no line of `cells` (rows and columns with their totals in
 * `totalRow`/`totalCol`, -1 for none) pins its hidden rates, or undefined when none does.
 */
export function pinnedRateComplement(
  cells: readonly (readonly (RateCell | undefined)[])[],
  isHidden: (at: At) => boolean,
  totals: { readonly totalRow: number; readonly totalCol: number },
): At | undefined {
  const width = Math.max(0, ...cells.map((row) => row.length));
  const lines: { total: At; parts: At[] }[] = [];
  if (totals.totalCol >= 0) {
    cells.forEach((row, r) => lines.push({ total: [r, totals.totalCol], parts: row.map((_, c): At => [r, c]).filter(([, c]) => c !== totals.totalCol) }));
  }
  if (totals.totalRow >= 0) {
    for (let c = 0; c < width; c++) lines.push({ total: [totals.totalRow, c], parts: cells.map((_, r): At => [r, c]).filter(([r]) => r !== totals.totalRow) });
  }
  const cellAt = ([r, c]: At): RateCell | undefined => cells[r]?.[c];
  for (const { total, parts } of lines) {
    const t = cellAt(total);
    if (!t || t.n === null || t.d === null || isHidden(total)) continue;
    let hiddenParts = 0;
    let hiddenN = t.n;
    let hiddenD = t.d;
    for (const at of parts) {
      const cell = cellAt(at);
      if (!cell) continue;
      if (isHidden(at)) hiddenParts++;
      else {
        hiddenN -= cell.n ?? 0;
        hiddenD -= cell.d ?? 0;
      }
    }
    // one hidden part is the line rule's (a count recomputed), none has nothing to give away
    if (hiddenParts < 2 || hiddenD <= 0 || (hiddenN !== 0 && hiddenN !== hiddenD)) continue;
    let choice: At | undefined;
    let least = Infinity;
    for (const at of parts) {
      const cell = cellAt(at);
      if (!cell || isHidden(at) || cell.n === null || cell.d === null) continue;
      if (cell.n > 0 && cell.n < cell.d && cell.d < least) {
        choice = at;
        least = cell.d;
      }
    }
    return choice ?? total;
  }
  return undefined;
}
