/**
 * Disclosure control for published tables — the one implementation of the rule; the
 * Excel returns use it over lines that span sheets, the dashboards' tables through the
 * matrix form below (every row and every column of one table is a line).
 *
 * Rule (indicators.md, "Disclosure control"):
 * 1. Primary: a count whose value is 1..threshold-1 (or a mart row flagged `suppressed`) is
 *    hidden. Zeros are never hidden. A primary cell that arrives without a number (the
 *    dashboards' suppressed rows carry none) still counts as hidden in its lines.
 * 2. Complementary: published tables have additive relations ("lines": a total and the parts
 *    that sum to it — a column with its total row, reason counts with all dropouts, genders
 *    with all persons). A line with exactly one hidden cell would let a reader recompute it
 *    as total − visible parts; so would a line whose hidden parts' sum leaves one of them a
 *    single possible value (three hidden small counts summing to 3 are 1 each: the rule
 *    says a hidden count is 1..threshold-1). Then one more cell of that line is hidden: the smallest visible
 *    non-zero part (zeros and empty cells are never chosen: hiding them protects nothing);
 *    with none left, the total itself. Hiding one cell can leave another line with a single
 *    hidden cell, so this repeats until no line has exactly one hidden cell (it terminates:
 *    cells are only ever added).
 * 3. Dependents: a rate is hidden when its own mart row is suppressed or when its numerator or
 *    denominator is hidden (else rate × denominator would give the hidden count back).
 *
 * What a line with hidden parts still publishes: its true total (the hidden cells' sum is
 * then known, as in every complementary-suppression scheme, but not how it splits).
 * A workbook repeats a figure on several sheets (all dropouts on the key-figure sheet and
 * as the total of the reason sheet), so hiding is decided once per figure key.
 */

import { complementNear, nearIndex, pickComplement } from './complements.ts';
import { fixedBySums, indexLines, narrowedRanges, pinnedCells, type Range } from './inference.ts';

export type HiddenKind = 'primary' | 'complement';

export interface FigureInput {
  /** True value (from the mart); null = no figure (shown empty, never chosen as a complement). */
  readonly value: number | null;
  /** Primary suppression decided upstream (mart flag or threshold rule). */
  readonly primary: boolean;
}

export interface Line {
  /** The line's total; a key without a figure when the line has none (a matrix row). */
  readonly total: string;
  readonly parts: readonly string[];
  /** Only a bound: the total is at least the sum of the parts (units not shown make up the rest). */
  readonly bound?: boolean;
}

export interface Dependent {
  readonly key: string;
  readonly on: readonly string[];
}

/** Primary rule for a plain count: 1..threshold-1 is hidden, 0 is not. */
export function isSmallCount(value: number | null | undefined, threshold: number): boolean {
  return value !== null && value !== undefined && value > 0 && value < threshold;
}

const MAX_TRIES = 6;

export function applySuppression(
  figures: ReadonlyMap<string, FigureInput>,
  lines: readonly Line[],
  dependents: readonly Dependent[] = [],
  threshold = 5,
  /** Cells hidden before this run (by another output's rule or an earlier round), with their kind. */
  initial: ReadonlyMap<string, HiddenKind> = new Map(),
  /**
   * Cells never chosen as a complement: hidden in one output but given away by another (a
   * page cell that a return's rows add up to), so hiding them protects nothing.
   */
  known: ReadonlySet<string> = new Set(),
): Map<string, HiddenKind> {
  const hidden = new Map<string, HiddenKind>(initial);
  figures.forEach((figure, key) => {
    if (figure.primary) hidden.set(key, 'primary');
  });

  const valueOf = (key: string): number | null => figures.get(key)?.value ?? null;
  const index = indexLines(lines);
  const near = nearIndex(lines, index);
  // The lines' cells by their numbers in the index: each round asks every line about its
  // cells, and looking keys up in maps of ~10^5 strings was most of disclosure control's time.
  const figureAt = index.keys.map((k) => figures.get(k));
  const valueAt = (id: number): number | null => figureAt[id]?.value ?? null;
  const hiddenAt = new Uint8Array(index.keys.length); // 1 primary, 2 complement
  // a complement is chosen by its value; a known cell has none to choose it by
  const choiceAt = known.size ? (id: number): number | null => (known.has(index.keys[id]!) ? null : valueAt(id)) : valueAt;
  const choiceOf = known.size ? (key: string): number | null => (known.has(key) ? null : valueOf(key)) : valueOf;
  hidden.forEach((kind, key) => {
    const id = index.ids.get(key);
    if (id !== undefined) hiddenAt[id] = kind === 'primary' ? 1 : 2;
  });
  // Passes over the lines in order, as often as one hides a cell; a line none of whose cells
  // changed since it was last looked at would decide the same again, so it is skipped (at
  // 10^6 participations the passes over ~10^5 lines took minutes otherwise).
  const dirty = new Uint8Array(lines.length).fill(1);
  const triesOf = new Map<string, number>();
  const hide = (key: string): void => {
    hidden.set(key, 'complement');
    const id = index.ids.get(key);
    if (id !== undefined) hiddenAt[id] = 2;
    for (const i of near.linesOf(key)) {
      dirty[i] = 1;
      near.complement.delete(i);
    }
  };
  let lastFixed = new Set<string>();
  for (let pinned = true; pinned; ) {
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < lines.length; i++) {
        if (!dirty[i]) continue;
        dirty[i] = 0;
        const parts = index.parts[i]!;
        let hiddenCount = hiddenAt[index.totals[i]!] ? 1 : 0;
        for (const p of parts) if (hiddenAt[p]) hiddenCount++;
        if (hiddenCount !== 1 && !(hiddenCount > 1 && pinsAHiddenPart(index.totals[i]!, parts, hiddenAt, valueAt, threshold))) continue;
        const complement = complementAt(index.totals[i]!, parts, hiddenAt, choiceAt);
        if (complement !== undefined) {
          hide(index.keys[complement]!);
          changed = true;
        }
      }
    }
    // What no line tells on its own, the lines together may (sums added and subtracted,
    // bounds carried from line to line): each non-zero cell they pin gets one more hidden
    // cell near it, then the whole check again. Zeros are never protected (the rule publishes them).
    pinned = false;
    const ranges = narrowedRanges(lines, (_, id) => readerRange(figureAt[id], hiddenAt[id] !== 0), index);
    const fixed = new Set([...fixedBySums(lines, (_, id) => figureAt[id] !== undefined, (_, id) => hiddenAt[id] !== 0, index), ...pinnedCells(ranges, hidden.keys())]);
    lastFixed = fixed;
    for (const k of fixed) {
      // a cell still pinned after MAX_TRIES cells hidden near it is left: what would free it
      // lies further out (the search went on for 80 rounds of 0.3 s for one ESF+ cell at 10^6)
      const tries = triesOf.get(k) ?? 0;
      const extra = valueOf(k) && tries < MAX_TRIES ? complementNear(k, lines, near, hidden, choiceOf) : undefined;
      if (extra && !hidden.has(extra)) {
        triesOf.set(k, tries + 1);
        hide(extra);
        pinned = true;
      }
    }
  }
  // A zero the rule hid (the numerator of a rate of 1–4 people) that the lines give back
  // anyway — its parts all shown as 0 — is shown: "." there claimed a protection it lacked,
  // and the rule publishes zeros. Nothing else changes: the reader knew it all along.
  for (const k of lastFixed) if (valueOf(k) === 0 && figures.get(k)?.primary) hidden.delete(k);
  for (const dep of dependents) {
    if (hidden.has(dep.key)) continue;
    if (dep.on.some((k) => hidden.has(k)) && valueOf(dep.key) !== null) hidden.set(dep.key, 'complement');
  }
  return hidden;
}

/**
 * A cell as a reader sees it: a visible figure its value (none: 0); a hidden one at least 1
 * (zeros are never hidden, unless a mart flag hides one: then 0 or more), with no upper bound
 * — every hidden cell carries the same mark, so a reader cannot tell a small count from a
 * complement (assuming hidden small counts ≤ threshold-1 pinned four hidden quarters under
 * their hidden year total of 4, which no complement can free).
 */
function readerRange(figure: FigureInput | undefined, hidden: boolean): Range | undefined {
  if (!figure) return undefined;
  const v = figure.value;
  return hidden ? { lo: v === 0 ? 0 : 1, hi: Infinity } : { lo: v ?? 0, hi: v ?? 0 };
}

/**
 * Whether a reader can still work out a hidden part of a line whose total is shown: the
 * hidden parts sum to total − visible parts, a primary part lies in 1..threshold-1 (the
 * published rule says so), any other hidden part is at least 1. Three hidden parts summing
 * to 3 are 1 each; one that can take a single value given the others' ranges is disclosed.
 */
function pinsAHiddenPart(totalId: number, parts: Int32Array, hiddenAt: Uint8Array, valueAt: (id: number) => number | null, threshold: number): boolean {
  const total = valueAt(totalId);
  if (total === null || hiddenAt[totalId]) return false;
  let sum = total;
  const bounds: Range[] = [];
  for (const p of parts) {
    if (!hiddenAt[p]) sum -= valueAt(p) ?? 0;
    else bounds.push(hiddenAt[p] === 1 ? { lo: 1, hi: threshold - 1 } : { lo: 1, hi: Infinity });
  }
  const sumLo = bounds.reduce((n, b) => n + b.lo, 0);
  const sumHi = bounds.reduce((n, b) => n + b.hi, 0);
  return bounds.some((b) => Math.max(b.lo, sum - (sumHi - b.hi)) === Math.min(b.hi, sum - (sumLo - b.lo)));
}

/** pickComplement (complements.ts) over the lines' numbering: the same choice, by cell number. */
function complementAt(totalId: number, parts: Int32Array, hiddenAt: Uint8Array, valueAt: (id: number) => number | null): number | undefined {
  let choice = -1;
  let least = Infinity;
  for (const p of parts) {
    const v = hiddenAt[p] ? null : valueAt(p);
    if (v !== null && v !== 0 && v < least) {
      choice = p;
      least = v;
    }
  }
  if (choice >= 0) return choice;
  const total = valueAt(totalId);
  return hiddenAt[totalId] || total === null || total === 0 ? undefined : totalId;
}

export interface SuppressionCell {
  /** The cell's size (a count or a denominator); null when the cell is empty. */
  readonly value: number | null;
  /** Primary suppression from the mart. */
  readonly suppressed: boolean;
  /** A hidden cell known (by the published rule) to be 1..threshold-1: a hidden small count. */
  readonly small?: boolean;
}

/**
 * The rule over one table whose totals are ordinary cells (a '*' row or column): every row
 * and every column is a line of parts without a separate total, so the smallest visible
 * non-zero cell — in practice never the total, which is at least as large as each part —
 * is the complement. Returns which cells to hide, primary ones included.
 */
export function complementarySuppression(matrix: readonly (readonly SuppressionCell[])[]): boolean[][] {
  const key = (r: number, c: number): string => `${r},${c}`;
  const figures = new Map<string, FigureInput>();
  matrix.forEach((row, r) => row.forEach((cell, c) => figures.set(key(r, c), { value: cell.value, primary: cell.suppressed })));
  const width = Math.max(0, ...matrix.map((row) => row.length));
  const noTotal = '';
  const lines: Line[] = [
    ...matrix.map((row, r) => ({ total: noTotal, parts: row.map((_, c) => key(r, c)) })),
    ...Array.from({ length: width }, (_, c) => ({
      total: noTotal,
      parts: matrix.flatMap((row, r) => (c < row.length ? [key(r, c)] : [])),
    })),
  ];
  const hidden = applySuppression(figures, lines);
  return matrix.map((row, r) => row.map((_, c) => hidden.has(key(r, c))));
}

/**
 * The rule over one table with its totals in row `totalRow` and column `totalCol` (-1: the
 * table has none; its rows or columns are then lines without a total, as above). Each layer
 * is the same table in another additive figure — the denominators and the numerators of a
 * rate table: a reader can subtract in either. Layers are decided together until no layer
 * adds a cell, so every layer hides the same cells. `forced` cells are hidden from the start
 * (cells hidden in a linked table). `zeroLayers` are figures a reader knows may be 0 where
 * hidden — a rate's numerators and its units without the event: pinned at 0, every hidden
 * rate they belong to is 0 % or 100 %; they are checked by the bounds carried across lines.
 * Returns which cells to hide.
 */
export function tableSuppression(
  layers: readonly (readonly (readonly SuppressionCell[])[])[],
  totals: { readonly totalRow: number; readonly totalCol: number },
  threshold = 5,
  zeroLayers: readonly (readonly (readonly SuppressionCell[])[])[] = [],
): boolean[][] {
  const first = layers[0] ?? [];
  const key = (r: number, c: number): string => `${r},${c}`;
  const width = Math.max(0, ...first.map((row) => row.length));
  const lines: Line[] = [];
  const { totalRow, totalCol } = totals;
  for (let r = 0; r < first.length; r++) {
    const parts = first[r]!.map((_, c) => c).filter((c) => c !== totalCol).map((c) => key(r, c));
    if (totalCol >= 0 || parts.length > 1) lines.push({ total: totalCol >= 0 ? key(r, totalCol) : '', parts });
  }
  for (let c = 0; c < width; c++) {
    const parts = first.flatMap((row, r) => (c < row.length && r !== totalRow ? [key(r, c)] : []));
    if (totalRow >= 0 || parts.length > 1) lines.push({ total: totalRow >= 0 && c < first[totalRow]!.length ? key(totalRow, c) : '', parts });
  }
  const hidden = new Set<string>();
  first.forEach((row, r) => row.forEach((cell, c) => cell.suppressed && hidden.add(key(r, c))));
  for (let before = -1; before !== hidden.size; ) {
    before = hidden.size;
    for (const [i, layer] of [...layers, ...zeroLayers].entries()) {
      const figures = new Map<string, FigureInput>();
      layer.forEach((row, r) => row.forEach((cell, c) => figures.set(key(r, c), { value: cell.value, primary: hidden.has(key(r, c)) })));
      const maybeZero = i >= layers.length;
      if (!maybeZero) for (const k of applySuppression(figures, lines, [], threshold).keys()) hidden.add(k);
      // What one line cannot tell, several together may: bounds carried from line to line.
      const pinned = pinnedByBounds(layer, lines, hidden, key, threshold, maybeZero);
      const asKinds = new Map<string, HiddenKind>([...hidden].map((k) => [k, 'complement']));
      const extra =
        pinned &&
        lines
          .filter((l) => l.total !== '' && [l.total, ...l.parts].includes(pinned))
          .map((l) => pickComplement(l, asKinds, (k) => figures.get(k)?.value ?? null))
          .find(Boolean);
      if (extra) hidden.add(extra);
    }
  }
  return first.map((row, r) => row.map((_, c) => hidden.has(key(r, c))));
}

/**
 * Interval propagation over the lines with a total, as a reader would do it (inference.ts): a
 * visible cell is its value, an empty one 0, a hidden one at least 1 (a hidden small count at
 * most threshold-1). Returns a hidden cell narrowed to one value.
 */
function pinnedByBounds(
  layer: readonly (readonly SuppressionCell[])[],
  lines: readonly Line[],
  hidden: ReadonlySet<string>,
  key: (r: number, c: number) => string,
  threshold: number,
  maybeZero = false,
): string | undefined {
  const start = new Map<string, Range>();
  layer.forEach((row, r) =>
    row.forEach((cell, c) => {
      const k = key(r, c);
      start.set(k, hidden.has(k) ? { lo: maybeZero ? 0 : 1, hi: cell.small ? threshold - 1 : Infinity } : { lo: cell.value ?? 0, hi: cell.value ?? 0 });
    }),
  );
  return pinnedCells(narrowedRanges(lines, (k) => start.get(k)), hidden)[0];
}
