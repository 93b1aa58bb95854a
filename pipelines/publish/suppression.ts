/**
 * Complementary (secondary) suppression for published tables that show totals.
 * Primary suppression (a count, numerator or denominator of 1..threshold-1) is decided
 * in SQL and arrives as the mart's `suppressed` flag; this module only adds the cells
 * that must also be hidden so that a hidden cell cannot be recomputed from its row or
 * column total (indicators.md, "Disclosure control").
 */

export interface SuppressionCell {
  /** The cell's size (a count or a denominator); null when the cell is empty. */
  readonly value: number | null;
  /** Primary suppression from the mart. */
  readonly suppressed: boolean;
}

export interface ComplementaryOptions {
  /** Safety stop; each round hides at least one cell, so rows×columns rounds always suffice. */
  readonly maxRounds?: number;
}

/**
 * Returns which cells to hide: the primary ones plus, for every row or column (totals
 * included as ordinary cells) with exactly one hidden cell, the smallest other non-zero
 * cell — repeated until nothing changes, because each new hidden cell can leave another
 * line with a single hidden cell. Zero and empty cells are never chosen: hiding them
 * protects nothing.
 */
export function complementarySuppression(matrix: readonly (readonly SuppressionCell[])[], options: ComplementaryOptions = {}): boolean[][] {
  const hidden = matrix.map((row) => row.map((cell) => cell.suppressed));
  const width = Math.max(0, ...matrix.map((row) => row.length));
  const lines: [number, number][][] = [
    ...matrix.map((row, r) => row.map((_, c) => [r, c] as [number, number])),
    ...Array.from({ length: width }, (_, c) =>
      matrix.flatMap((row, r) => (c < row.length ? [[r, c] as [number, number]] : [])),
    ),
  ];
  const maxRounds = options.maxRounds ?? matrix.length * width + 1;
  for (let round = 0; round < maxRounds; round++) {
    let changed = false;
    for (const line of lines) {
      if (line.filter(([r, c]) => hidden[r]![c]).length !== 1) continue;
      let best: [number, number] | undefined;
      for (const [r, c] of line) {
        const value = matrix[r]![c]!.value;
        if (hidden[r]![c] || value === null || value === 0) continue;
        if (!best || value < matrix[best[0]]![best[1]]!.value!) best = [r, c];
      }
      if (best) {
        hidden[best[0]]![best[1]] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return hidden;
}
