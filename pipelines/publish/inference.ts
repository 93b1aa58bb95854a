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

/** What a reader knows of the cells after propagation: a cell's range, undefined for a cell no usable line holds. */
export interface Ranges {
  get(key: string): Range | undefined;
}

/**
 * The lines' cells numbered once. Disclosure control narrows the same lines once a round
 * with other cells hidden: numbering them anew each time (maps of ~10^5 keys) took three
 * quarters of the propagation's time for the state return at 10^6 participations.
 */
export interface LineIndex {
  readonly keys: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  readonly totals: Int32Array;
  readonly parts: readonly Int32Array[];
  /**
   * Per cell, the lines that hold it (in line order; a line twice if it holds the cell
   * twice): those of cell k are lines[lineStart[k] .. lineStart[k + 1]). Two arrays for all
   * cells, not an array per cell (~10^5 of them per workbook, 1.5·10^6 per run at 10^6).
   */
  readonly lineStart: Int32Array;
  readonly lines: Int32Array;
}

/** The lines that hold cell `id` (a view, no copy). */
export function linesOfCell(index: LineIndex, id: number): Int32Array {
  return index.lines.subarray(index.lineStart[id]!, index.lineStart[id + 1]!);
}

/**
 * One index per array of lines: the joint run (reports/model/public-year.ts) suppresses the
 * same lines once a round, and each check narrows them again. Kept with the array's length:
 * an array that grew since is indexed anew (lines are built, then only read).
 */
const indexed = new WeakMap<readonly Line[], { readonly length: number; readonly index: LineIndex }>();

export function indexLines(lines: readonly Line[]): LineIndex {
  const known = indexed.get(lines);
  if (known?.length === lines.length) return known.index;
  const index = buildIndex(lines);
  indexed.set(lines, { length: lines.length, index });
  return index;
}

function buildIndex(lines: readonly Line[]): LineIndex {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const id = (k: string): number => {
    let i = ids.get(k);
    if (i === undefined) {
      i = keys.length;
      ids.set(k, i);
      keys.push(k);
    }
    return i;
  };
  const totals = new Int32Array(lines.length);
  const parts = lines.map((l, i) => {
    totals[i] = id(l.total);
    const partIds = new Int32Array(l.parts.length);
    for (let j = 0; j < partIds.length; j++) partIds[j] = id(l.parts[j]!);
    return partIds;
  });
  // counted per cell, then filled in line order (total, then parts)
  const lineStart = new Int32Array(keys.length + 1);
  for (let i = 0; i < lines.length; i++) {
    lineStart[totals[i]! + 1]!++;
    for (const p of parts[i]!) lineStart[p + 1]!++;
  }
  for (let k = 0; k < keys.length; k++) lineStart[k + 1]! += lineStart[k]!;
  const next = lineStart.slice(0, keys.length);
  const held = new Int32Array(lineStart[keys.length]!);
  for (let i = 0; i < lines.length; i++) {
    held[next[totals[i]!]!++] = i;
    for (const p of parts[i]!) held[next[p]!++] = i;
  }
  return { keys, ids, totals, parts, lineStart, lines: held };
}

/**
 * Ranges of every cell of the lines after propagation; `start` gives a cell's range as the
 * reader sees it (a visible value [v, v]; undefined: not a figure — lines with such a total
 * say nothing, a part without a figure counts 0). Lines that are only bounds (Line.bound:
 * total ≥ sum of parts) narrow the parts from above and the total from below.
 */
export function narrowedRanges(lines: readonly Line[], start: (key: string, id: number) => Range | undefined, index: LineIndex = indexLines(lines)): Ranges {
  const n = index.keys.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const figure = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const s = start(index.keys[k]!, k);
    if (s) {
      figure[k] = 1;
      lo[k] = s.lo;
      hi[k] = s.hi;
    }
  }
  // lines whose total is a figure; what they hold is what the result tells
  const usable = new Uint8Array(lines.length);
  const held = new Uint8Array(n);
  const queue: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!figure[index.totals[i]!]) continue;
    usable[i] = 1;
    queue.push(i);
    held[index.totals[i]!] = 1;
    for (const p of index.parts[i]!) held[p] = 1;
  }
  const queued = usable.slice();
  const narrowed: number[] = [];
  const narrow = (k: number, newLo: number, newHi: number): void => {
    let changed = false;
    if (newLo > lo[k]!) { lo[k] = newLo; changed = true; }
    if (newHi < hi[k]!) { hi[k] = newHi; changed = true; }
    if (changed) narrowed.push(k);
  };
  // a worklist of lines whose cells narrowed; the cap only guards against slow integer walks
  for (let head = 0, cap = 50 * queue.length + 1000; head < queue.length && head < cap; head++) {
    const i = queue[head]!;
    queued[i] = 0;
    const total = index.totals[i]!;
    const parts = index.parts[i]!;
    const bound = lines[i]!.bound;
    // a part without a figure counts 0 and is not narrowed
    let sumLo = 0;
    let finiteHi = 0;
    let infinite = 0;
    for (const p of parts) {
      if (!figure[p]) continue;
      sumLo += lo[p]!;
      if (hi[p] === Infinity) infinite++;
      else finiteHi += hi[p]!;
    }
    narrow(total, sumLo, bound || infinite ? Infinity : finiteHi);
    for (const p of parts) {
      if (!figure[p]) continue;
      const pLo = lo[p]!;
      const pHi = hi[p]!;
      const othersHi = infinite - (pHi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (pHi === Infinity ? 0 : pHi);
      narrow(p, bound ? pLo : lo[total]! - othersHi, hi[total]! - (sumLo - pLo));
    }
    for (const k of narrowed) {
      for (let j = index.lineStart[k]!; j < index.lineStart[k + 1]!; j++) {
        const other = index.lines[j]!;
        if (usable[other] && !queued[other]) {
          queued[other] = 1;
          queue.push(other);
        }
      }
    }
    narrowed.length = 0;
  }
  return {
    get(key) {
      const k = index.ids.get(key);
      return k !== undefined && held[k] && figure[k] ? { lo: lo[k]!, hi: hi[k]! } : undefined;
    },
  };
}

/** Hidden cells the lines narrow to a single value. */
export function pinnedCells(ranges: Ranges, hidden: Iterable<string>): string[] {
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
 * without a figure as total (a matrix row) and bounds say nothing here. The callbacks get a
 * cell's key and its number in `index`.
 */
export function fixedBySums(
  lines: readonly Line[],
  isFigure: (key: string, id: number) => boolean,
  isHidden: (key: string, id: number) => boolean,
  index: LineIndex = indexLines(lines),
): string[] {
  // columns are the cells' numbers in the index
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
  // (Maps walked with forEach, rows made only for lines with a hidden cell: this runs once a
  // round over every line of a workbook, and entry arrays were most of what it allocated)
  const equations: Row[] = [];
  lines.forEach((line, i) => {
    const total = index.totals[i]!;
    if (line.bound || !isFigure(line.total, total)) return;
    let row: Row | undefined;
    if (isHidden(line.total, total)) addTo((row ??= new Map()), total, -1);
    for (const p of index.parts[i]!) {
      if (isHidden(index.keys[p]!, p)) addTo((row ??= new Map()), p, 1);
    }
    if (row?.size) equations.push(row);
  });
  equations.sort((a, b) => a.size - b.size);
  for (const row of equations) {
    // the row's entries as they stand: eliminating changes the row
    const columns = [...row.keys()];
    const values = [...row.values()];
    columns.forEach((c, j) => {
      const v = values[j]!;
      pivots.get(c)?.forEach((v2, c2) => addTo(row, c2, -v * v2));
    });
    if (!row.size) continue;
    const pc = row.keys().next().value as number;
    const pv = row.get(pc)!;
    row.forEach((v, c) => row.set(c, v / pv));
    for (const other of [...(holders.get(pc) ?? [])]) {
      const o = pivots.get(other)!;
      const f = o.get(pc)!;
      row.forEach((v, c) => {
        const had = o.has(c);
        addTo(o, c, -f * v);
        if (had !== o.has(c)) hold(other, c, o.has(c));
      });
    }
    holders.delete(pc);
    pivots.set(pc, row);
    for (const c of row.keys()) hold(pc, c, true);
  }
  const fixed: string[] = [];
  pivots.forEach((row, c) => {
    if (row.size === 1) fixed.push(index.keys[c]!);
  });
  return fixed;
}
