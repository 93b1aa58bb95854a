/**
 * Suppression against a reader who combines lines: the 2023 exits table of the sample
 * ministry page, where a row and a column together pinned three hidden counts (found by an
 * attack with an integer solver). An independent brute-force reader checks every hidden
 * cell keeps at least two possible values.
 */
import { describe, expect, it } from 'vitest';
import { tableSuppression, type SuppressionCell } from '../../pipelines/publish/suppression.ts';
import { suppressTables } from '../../dashboards/data/totals-table.ts';
import type { IndicatorRow } from '../../dashboards/data/indicators.ts';

// rows: Land total, Jobcenter 1, Jobcenter 2; columns: total, other instruments, ESF, STATE
const TRUE = [
  [121, 118, 2, 1],
  [1, 0, 1, 0],
  [120, 118, 1, 1],
];
const SMALL = (v: number) => v >= 1 && v <= 4;

/** Every assignment of the hidden cells a reader cannot rule out: the published rule and the sums. */
function possibleValues(hidden: boolean[][]): Map<string, Set<number>> {
  type Grid = (number | null)[][];
  const found = new Map<string, Set<number>>();
  hidden.forEach((row, r) => row.forEach((h, c) => h && found.set(`${r},${c}`, new Set())));
  // lines as [total, ...parts]: every row, every column
  const lines = [...TRUE.map((_, r) => [[r, 0], [r, 1], [r, 2], [r, 3]]), ...[0, 1, 2, 3].map((c) => [[0, c], [1, c], [2, c]])] as [number, number][][];
  const solve = (g: Grid): void => {
    // a line with one unknown fixes it; a contradiction or a negative value ends this branch
    for (let changed = true; changed; ) {
      changed = false;
      for (const [total, ...parts] of lines) {
        const cells = [total!, ...parts];
        const unknown = cells.filter(([r, c]) => g[r]![c] === null);
        if (unknown.length !== 1) continue;
        const [ur, uc] = unknown[0]!;
        const partSum = parts.reduce((n, [r, c]) => n + (g[r]![c] ?? 0), 0);
        const value = ur === total![0] && uc === total![1] ? partSum : g[total![0]]![total![1]]! - partSum;
        if (value < 0 || (SMALL(TRUE[ur]![uc]!) && ur !== 0 && !SMALL(value))) return;
        g[ur]![uc] = value;
        changed = true;
      }
    }
    const open = g.flatMap((row, r) => row.flatMap((v, c) => (v === null ? [[r, c] as const] : [])));
    if (open.length > 0) {
      const [r, c] = open[0]!;
      const candidates = SMALL(TRUE[r]![c]!) && r !== 0 ? [1, 2, 3, 4] : Array.from({ length: 131 }, (_, k) => k);
      for (const v of candidates) solve(g.map((row, i) => row.map((x, j) => (i === r && j === c ? v : x))));
      return;
    }
    const sumsHold = lines.every(([total, ...parts]) => g[total![0]]![total![1]] === parts.reduce((n, [r, c]) => n + g[r]![c]!, 0));
    if (sumsHold) for (const [key, values] of found) values.add(g[Number(key.split(',')[0])]![Number(key.split(',')[1])]!);
  };
  solve(TRUE.map((row, r) => row.map((v, c) => (hidden[r]![c] ? null : v))));
  return found;
}

describe('suppression across lines', () => {
  it('leaves no hidden count that a row and a column pin together', () => {
    const table: SuppressionCell[][] = TRUE.map((row, r) =>
      row.map((v, c) => (SMALL(v) && r !== 0 ? { value: null, suppressed: true, small: true } : SMALL(v) ? { value: null, suppressed: true } : { value: v, suppressed: false })),
    );
    const hidden = tableSuppression([table], { totalRow: 0, totalCol: 0 });
    for (const [cell, values] of possibleValues(hidden)) expect(values.size, `cell ${cell}: ${[...values]}`).toBeGreaterThan(1);
    // each true small count is hidden
    TRUE.forEach((row, r) => row.forEach((v, c) => SMALL(v) && expect(hidden[r]![c]).toBe(true)));
  });
});

describe('linked tables of the ministry page', () => {
  const row = (ind: string, jc: string, ins: string, n: number | null, d: number | null, s: 0 | 1 = 0): IndicatorRow => ({
    ind, per: '2025', date: null, yr: '2025', jc, ins, br: '*', n, d, v: d ? (n ?? 0) / d : n, lo: null, hi: null, s, p: 0,
  });
  it('hides a cell in every table once one table hides it, and a rate whose complement is small', () => {
    const rows = [
      // exits: 06411's STATE exits are primary; 06412's must then be hidden as the complement
      row('exits', '*', '*', 30, null), row('exits', '*', 'STATE', 10, null), row('exits', '*', '45_MAT', 20, null),
      row('exits', '06411', '*', 12, null), row('exits', '06411', 'STATE', null, null, 1), row('exits', '06411', '45_MAT', 9, null),
      row('exits', '06412', '*', 18, null), row('exits', '06412', 'STATE', 7, null), row('exits', '06412', '45_MAT', 11, null),
      // the same 7 exits as the denominator of a rate: 0 of 7 would give the complement away
      row('dropout_rate', '06412', 'STATE', 0, 7), row('dropout_rate', '*', '*', 8, 30),
      // 9 of 10 completed: one did not
      row('completion_rate', '*', 'STATE', 9, 10), row('completion_rate', '*', '*', 22, 30),
    ];
    const out = suppressTables(rows, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'], linkedBy: 'ind' }, 5);
    const hidden = (ind: string, jc: string, ins: string) => {
      const r = out.find((x) => x.ind === ind && x.jc === jc && x.ins === ins)!;
      return r.s === 1 || r.c === 1;
    };
    expect(hidden('completion_rate', '*', 'STATE')).toBe(true);
    // one pattern for all tables: no table shows a cell another hides
    for (const r of out) for (const ind of ['exits', 'dropout_rate', 'completion_rate']) {
      if (out.some((x) => x.ind === ind && x.jc === r.jc && x.ins === r.ins)) expect(hidden(ind, r.jc, r.ins), `${ind} ${r.jc} ${r.ins}`).toBe(hidden(r.ind, r.jc, r.ins));
    }
    // the STATE column of exits cannot give 06411's hidden count back: two cells of it are hidden
    expect(['*', '06412'].filter((jc) => hidden('exits', jc, 'STATE'))).not.toEqual([]);
    expect(hidden('dropout_rate', '06412', 'STATE')).toBe(hidden('exits', '06412', 'STATE'));
  });

  it("links only the tables of one population: other people's small counts do not hide the exits", () => {
    const rows = [
      row('exits', '*', '*', 30, null), row('exits', '*', 'STATE', 10, null), row('exits', '*', '45_MAT', 20, null),
      row('exits', '06411', '*', 12, null), row('exits', '06411', 'STATE', 5, null), row('exits', '06411', '45_MAT', 7, null),
      row('exits', '06412', '*', 18, null), row('exits', '06412', 'STATE', 5, null), row('exits', '06412', '45_MAT', 13, null),
      row('dropout_rate', '*', '*', 8, 30),
      // referrals (no-shows) of the same cells: 06411's are small, which says nothing about exits
      row('no_show_rate', '*', '*', 5, 25), row('no_show_rate', '*', 'STATE', null, null, 1), row('no_show_rate', '*', '45_MAT', 5, 22),
      row('no_show_rate', '06411', '*', null, null, 1), row('no_show_rate', '06411', 'STATE', null, null, 1), row('no_show_rate', '06411', '45_MAT', null, null, 1),
      row('no_show_rate', '06412', '*', 5, 22), row('no_show_rate', '06412', 'STATE', 0, 2, 1), row('no_show_rate', '06412', '45_MAT', 5, 20),
    ];
    const population = (ind: string) => (ind === 'no_show_rate' ? 'referral participations' : 'exit participations');
    const shape = { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'], linkedBy: 'ind' } as const;
    const hiddenExits = (out: ReturnType<typeof suppressTables>) => out.filter((r) => r.ind === 'exits' && (r.s === 1 || r.c === 1)).length;
    expect(hiddenExits(suppressTables(rows, { ...shape, population }, 5))).toBe(0);
    // all tables linked (no catalogue): the referrals' pattern spreads to the exits
    expect(hiddenExits(suppressTables(rows, shape, 5))).toBeGreaterThan(0);
  });
});

