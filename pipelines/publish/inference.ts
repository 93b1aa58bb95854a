/**
 * What a reader can work out about hidden cells from all the lines of a table or workbook
 * together, not one line at a time: a hidden count is at least 1 (zeros are never hidden), a
 * hidden small count at most threshold-1; each line narrows its total to the sum of its
 * parts' ranges and each part to the total's range minus the others' — carried from line to
 * line until nothing narrows. Two lines that each leave two cells open can pin one of them
 * together (a row and a column crossing in two hidden cells, a year figure over its quarters).
 */
import type { Line } from './suppression.ts';

export interface Range {
  lo: number;
  hi: number;
}

/**
 * Ranges of every cell of the lines after propagation; `start` gives a cell's range as the
 * reader sees it (a visible value [v, v]; undefined: not a figure — lines with such a total
 * say nothing, a part without a figure counts 0). Lines that are only bounds (Line.bound:
 * total ≥ sum of parts) narrow the parts from above and the total from below.
 */
export function narrowedRanges(lines: readonly Line[], start: (key: string) => Range | undefined): Map<string, Range> {
  const range = new Map<string, Range>();
  const rangeOf = (k: string): Range | undefined => {
    let r = range.get(k);
    if (!r) {
      const s = start(k);
      if (!s) return undefined;
      r = { lo: s.lo, hi: s.hi };
      range.set(k, r);
    }
    return r;
  };
  const usable = lines.filter((l) => rangeOf(l.total) !== undefined);
  const linesOf = new Map<string, number[]>();
  usable.forEach((l, i) => {
    for (const k of [l.total, ...l.parts]) {
      const list = linesOf.get(k);
      if (list) list.push(i);
      else linesOf.set(k, [i]);
    }
  });
  const ZERO: Range = { lo: 0, hi: 0 };
  // a worklist of lines whose cells narrowed; the cap only guards against slow integer walks
  const queued = new Uint8Array(usable.length).fill(1);
  const queue = usable.map((_, i) => i);
  const narrowed: string[] = [];
  const narrow = (k: string, target: Range, lo: number, hi: number): void => {
    let changed = false;
    if (lo > target.lo) { target.lo = lo; changed = true; }
    if (hi < target.hi) { target.hi = hi; changed = true; }
    if (changed) narrowed.push(k);
  };
  for (let head = 0, cap = 50 * usable.length + 1000; head < queue.length && head < cap; head++) {
    const i = queue[head]!;
    queued[i] = 0;
    const line = usable[i]!;
    const total = rangeOf(line.total)!;
    const parts = line.parts.map((k) => rangeOf(k) ?? ZERO);
    let sumLo = 0;
    let finiteHi = 0;
    let infinite = 0;
    for (const p of parts) {
      sumLo += p.lo;
      if (p.hi === Infinity) infinite++;
      else finiteHi += p.hi;
    }
    const sumHi = infinite ? Infinity : finiteHi;
    narrow(line.total, total, sumLo, line.bound ? Infinity : sumHi);
    parts.forEach((p, j) => {
      if (p === ZERO) return;
      const othersHi = infinite - (p.hi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (p.hi === Infinity ? 0 : p.hi);
      narrow(line.parts[j]!, p, line.bound ? p.lo : total.lo - othersHi, total.hi - (sumLo - p.lo));
    });
    for (const k of narrowed.splice(0)) {
      for (const other of linesOf.get(k) ?? []) {
        if (!queued[other]) {
          queued[other] = 1;
          queue.push(other);
        }
      }
    }
  }
  return range;
}

/** Hidden cells the lines narrow to a single value. */
export function pinnedCells(ranges: ReadonlyMap<string, Range>, hidden: Iterable<string>): string[] {
  const pinned: string[] = [];
  for (const k of hidden) {
    const r = ranges.get(k);
    if (r && r.lo === r.hi) pinned.push(k);
  }
  return pinned;
}

/**
 * Hidden cells the exact lines fix by themselves: a reader adds and subtracts whole lines (a
 * provider's year exits minus its visible quarters, minus the other hidden quarters' column
 * totals …) and is left with one cell. Each exact line is an equation over its hidden cells
 * (the visible ones are known numbers); a cell is fixed when its unit vector lies in the span
 * of the equations, i.e. its row of the reduced echelon form has no other entry. Lines
 * without a figure as total (a matrix row) and bounds say nothing here.
 */
export function fixedBySums(lines: readonly Line[], isFigure: (key: string) => boolean, isHidden: (key: string) => boolean): string[] {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const id = (k: string): number => {
    let i = ids.get(k);
    if (i === undefined) {
      i = names.length;
      ids.set(k, i);
      names.push(k);
    }
    return i;
  };
  type Row = Map<number, number>;
  const EPS = 1e-9;
  const addTo = (row: Row, c: number, v: number): void => {
    const x = (row.get(c) ?? 0) + v;
    if (Math.abs(x) < EPS) row.delete(c);
    else row.set(c, x);
  };
  // reduced echelon form kept throughout: pivot rows hold no other pivot column
  const pivots = new Map<number, Row>();
  const holders = new Map<number, Set<number>>(); // free column → pivots whose row has it
  const hold = (pivot: number, c: number, on: boolean): void => {
    if (c === pivot) return;
    let s = holders.get(c);
    if (on) (s ?? holders.set(c, (s = new Set())).get(c)!).add(pivot);
    else s?.delete(pivot);
  };
  // short equations first: the long ones (a column's total over all its rows) then fill in
  // less of the others
  const equations: Row[] = [];
  for (const line of lines) {
    if (line.bound || !isFigure(line.total)) continue;
    const row: Row = new Map();
    if (isHidden(line.total)) addTo(row, id(line.total), -1);
    for (const p of line.parts) if (isHidden(p)) addTo(row, id(p), 1);
    if (row.size) equations.push(row);
  }
  equations.sort((a, b) => a.size - b.size);
  for (const row of equations) {
    for (const [c, v] of [...row]) {
      const p = pivots.get(c);
      if (p) for (const [c2, v2] of p) addTo(row, c2, -v * v2);
    }
    if (!row.size) continue;
    const [pc, pv] = row.entries().next().value as [number, number];
    for (const [c, v] of row) row.set(c, v / pv);
    for (const other of [...(holders.get(pc) ?? [])]) {
      const o = pivots.get(other)!;
      const f = o.get(pc)!;
      for (const [c, v] of row) {
        const had = o.has(c);
        addTo(o, c, -f * v);
        if (had !== o.has(c)) hold(other, c, o.has(c));
      }
    }
    holders.delete(pc);
    pivots.set(pc, row);
    for (const c of row.keys()) hold(pc, c, true);
  }
  const fixed: string[] = [];
  for (const [c, row] of pivots) if (row.size === 1) fixed.push(names[c]!);
  return fixed;
}
