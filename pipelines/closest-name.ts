/**
 * "Did you mean …?" for a name mistyped in a file (commander suggests for commands and
 * options on its own, but does not export its helper): `keepSnapshot` in a schedule file was
 * named as unknown without `keepSnapshots` beside it.
 */

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b, case ignored. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/** The known name closest to `name`, if one is near enough to be meant (at most 3 edits, and fewer than half its letters). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const edits = distance(name, candidate);
    if (edits < bestDistance && edits <= 3 && edits < Math.max(name.length, candidate.length) / 2) [best, bestDistance] = [candidate, edits];
  }
  return best;
}
