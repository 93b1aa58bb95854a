/**
 * Hidden rates a line gives away as a group: the ministry page's 2024 16k dropouts (a
 * dashboards audit) showed Land 18 of 51 and 06421 14 of 47 beside 06411 and 06412
 * „unterdrückt“ — together 4 of 4, so each hidden Jobcenter had a dropout rate of 100 %. A
 * brute-force reader below tries every split of the hidden numerators and denominators the
 * sums allow and checks that no hidden rate has a single possible value.
 */
import { describe, expect, it } from 'vitest';
import { suppressTables } from '../../dashboards/data/totals-table.ts';
import type { IndicatorRow } from '../../dashboards/data/indicators.ts';

const row = (jc: string, ins: string, n: number, d: number, s: 0 | 1 = 0): IndicatorRow => ({
  ind: 'dropout_rate', per: '2024', date: null, yr: '2024', jc, ins, br: '*', n, d, v: n / d, lo: null, hi: null, s, p: 0,
});

/** The possible rates of each hidden cell of one column (total first), as a reader who knows n ≤ d, d ≥ 1 and the shown figures. */
function possibleRates(cells: { jc: string; n: number; d: number; hidden: boolean }[]): Map<string, Set<string>> {
  const [total, ...parts] = cells;
  const shown = parts.filter((c) => !c.hidden);
  const hidden = parts.filter((c) => c.hidden);
  const restN = total!.n - shown.reduce((a, c) => a + c.n, 0);
  const restD = total!.d - shown.reduce((a, c) => a + c.d, 0);
  const found = new Map(hidden.map((c) => [c.jc, new Set<string>()]));
  const walk = (i: number, n: number, d: number, picked: [number, number][]): void => {
    if (i === hidden.length - 1) {
      if (d >= 1 && n >= 0 && n <= d) [...picked, [n, d] as [number, number]].forEach(([pn, pd], k) => found.get(hidden[k]!.jc)!.add(`${pn}/${pd}`.replace(/^(\d+)\/(\d+)$/, (_, a, b) => String(Number(a) / Number(b)))));
      return;
    }
    for (let dd = 1; dd <= d - (hidden.length - 1 - i); dd++) for (let nn = 0; nn <= Math.min(dd, n); nn++) walk(i + 1, n - nn, d - dd, [...picked, [nn, dd]]);
  };
  if (hidden.length > 0) walk(0, restN, restD, []);
  return found;
}

describe('hidden rates of a line', () => {
  it('are not all 100 % by the totals: a third cell is hidden', () => {
    const rows = [row('*', '16k', 18, 51), row('06411', '16k', 3, 3, 1), row('06412', '16k', 1, 1, 1), row('06421', '16k', 14, 47)];
    const out = suppressTables(rows, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'] }, 5);
    const cells = out.map((r) => ({ jc: r.jc, n: rows.find((x) => x.jc === r.jc)!.n!, d: rows.find((x) => x.jc === r.jc)!.d!, hidden: r.s === 1 || r.c === 1 }));
    expect(cells.filter((c) => c.hidden).map((c) => c.jc)).toEqual(['06411', '06412', '06421']);
    for (const [jc, rates] of possibleRates(cells)) expect(rates.size, `${jc}: ${[...rates]}`).toBeGreaterThan(1);
  });

  it('are not all 0 % either', () => {
    const rows = [row('*', '16k', 14, 51), row('06411', '16k', 0, 3, 1), row('06412', '16k', 0, 1, 1), row('06421', '16k', 14, 47)];
    const out = suppressTables(rows, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'] }, 5);
    expect(out.filter((r) => r.s === 1 || r.c === 1).map((r) => r.jc)).toEqual(['06411', '06412', '06421']);
  });

  it('a mix of rates among the hidden cells leaves the line as it was', () => {
    const rows = [row('*', '16k', 17, 51), row('06411', '16k', 2, 3, 1), row('06412', '16k', 1, 1, 1), row('06421', '16k', 14, 47)];
    const out = suppressTables(rows, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'] }, 5);
    expect(out.filter((r) => r.s === 1 || r.c === 1).map((r) => r.jc)).toEqual(['06411', '06412']);
    const cells = out.map((r) => ({ jc: r.jc, n: rows.find((x) => x.jc === r.jc)!.n!, d: rows.find((x) => x.jc === r.jc)!.d!, hidden: r.s === 1 || r.c === 1 }));
    for (const [jc, rates] of possibleRates(cells)) expect(rates.size, `${jc}`).toBeGreaterThan(1);
  });
});
