/**
 * Which cell to hide next (the complement): the smallest visible non-zero part of a line,
 * or one near a cell that several lines pin together. Disclosure control (suppression.ts).
 */
import type { HiddenKind, Line } from './suppression.ts';
import { indexLines, linesOfCell, type LineIndex } from './inference.ts';

export function pickComplement(line: Line, hidden: ReadonlyMap<string, HiddenKind>, valueOf: (k: string) => number | null): string | undefined {
  // the first smallest in layout order, so the result is deterministic (a scan: lines of 10^3 parts are asked often)
  let choice: string | undefined;
  let least = Infinity;
  for (const k of line.parts) {
    const v = hidden.has(k) ? null : valueOf(k);
    if (v !== null && v !== 0 && v < least) {
      choice = k;
      least = v;
    }
  }
  if (choice !== undefined) return choice;
  const total = valueOf(line.total);
  return hidden.has(line.total) || total === null || total === 0 ? undefined : line.total;
}

/** Lines up to this many parts lead further out (rows, a cell over sheets), not a column's total. */
const SHORT_LINE = 16;

/**
 * One more cell to hide for a pinned cell: the smallest complement of its own lines, else of
 * the lines of the hidden cells it shares a line with (a provider's year
 * exits, all of its quarters hidden, were fixed by column totals and another provider's
 * year). A grand total only when nothing else is near: it is what a table's reader came for
 * (but a provider's year figure on 'Trägervergleich' is one too, and often the only cell left).
 */
export function complementNear(key: string, all: readonly Line[], near: Near, hidden: ReadonlyMap<string, HiddenKind>, valueOf: (k: string) => number | null): string | undefined {
  const complementOf = (i: number): string | undefined => {
    if (!near.complement.has(i)) near.complement.set(i, pickComplement(all[i]!, hidden, valueOf));
    return near.complement.get(i);
  };
  const seenLines = new Set<number>();
  const seenCells = new Set([key]);
  let frontier = [key];
  let fallback: string | undefined;
  const smaller = (a: string | undefined, b: string): string => (a === undefined || (valueOf(b) ?? 0) < (valueOf(a) ?? 0) ? b : a);
  // two steps out: further the search walks whole tables per pinned cell (minutes at 10^6)
  for (let step = 0; step < 2 && frontier.length; step++) {
    const lines = frontier.flatMap((c) => [...near.linesOf(c)]).filter((i) => !seenLines.has(i) && seenLines.add(i));
    let choice: string | undefined;
    for (const i of lines) {
      const c = complementOf(i);
      if (c === undefined) continue;
      if (near.totals.has(c)) fallback = smaller(fallback, c);
      else choice = smaller(choice, c);
    }
    if (choice) return choice;
    // outwards through short lines only (a row, a cell over sheets): through a column's total
    // the search reached any measure, whose cell freed nothing (80 rounds for 3 ESF+ cells)
    frontier = lines.filter((i) => all[i]!.parts.length <= SHORT_LINE).flatMap((i) => [all[i]!.total, ...all[i]!.parts]).filter((c) => hidden.has(c) && !seenCells.has(c) && seenCells.add(c));
  }
  return fallback;
}

/**
 * The lines (indexes) of each cell; the totals that are no line's part (a table's grand
 * totals: the ESF+ participants of all measures); each line's complement while none of its
 * cells changes.
 */
export interface Near {
  readonly linesOf: (key: string) => ArrayLike<number> & Iterable<number>;
  readonly totals: Set<string>;
  readonly complement: Map<number, string | undefined>;
}

export function nearIndex(lines: readonly Line[], index: LineIndex = indexLines(lines)): Near {
  const none = new Int32Array(0);
  // the lines of a cell as the range propagation numbered them (one index, not two)
  const linesOf = (key: string): Int32Array => {
    const id = index.ids.get(key);
    return id === undefined ? none : linesOfCell(index, id);
  };
  const isPart = new Uint8Array(index.keys.length);
  for (const parts of index.parts) for (const p of parts) isPart[p] = 1;
  return { linesOf, totals: new Set(lines.map((l) => l.total).filter((k) => !isPart[index.ids.get(k)!])), complement: new Map() };
}
