/**
 * "Whose reports are overdue?": a Jobcenter's page showed one bar, its own count (5,820 at
 * 10^6 participations), and nothing of the ~1,400 measures they belong to. Its page now lists
 * the measures with the most overdue reports, with their provider, how many more there are,
 * and in one line how many have a hidden count (listed one by one, 15 of 20 rows read
 * "• unterdrückt", and their order could have told 1 from 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOverdueRows, OVERDUE_MEASURES } from '../../dashboards/data/overdue.ts';
import { controllingDashboard, loadDashboardSource } from '../../dashboards/pages.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const AS_OF = '2026-09-30';
/** Jobcenter A: 25 measures of instrument 45_MAT with 30, 29, … 6 overdue, two hidden (true counts 4 and 1), one with 0, one of 16i with 7. */
const A = '06411';
const B = '06412';

describe('overdue reports per measure on a Jobcenter page', () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('almp-overdue-measures-');
    await fx.db.run(`DELETE FROM mart.indicator_values WHERE indicator = 'reports_overdue'`);
    await fx.db.run(`DELETE FROM mart.return_measures`);
    const row = (measure: string, jc: string, ins: string, n: number, suppressed: boolean, period = AS_OF) =>
      `('reports_overdue', 'stichtag', '${period}', '${jc}', '*', '${ins}', '${measure}', '*', ${n}, NULL, ${n}, NULL, NULL, ${suppressed}, true, DATE '${AS_OF}')`;
    const rows: string[] = [];
    const measures: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = `${A}-${String(100 + i)}`;
      // the mart's measure rows leave Jobcenter and instrument '*': the page takes them from mart.return_measures
      rows.push(row(id, '*', '*', 30 - i, false));
      measures.push(`('${id}', '${A}', 'P${i % 3}', '45_MAT', 'integration_budget', ['2026'])`);
    }
    rows.push(row(`${A}-001`, '*', '*', 4, true), row(`${A}-002`, '*', '*', 1, true), row(`${A}-003`, '*', '*', 0, false));
    rows.push(row(`${A}-900`, '*', '*', 7, false), row(`${A}-901`, '*', '*', 10, false));
    // an earlier quarter end: not the cut-off, not listed
    rows.push(row(`${A}-950`, '*', '*', 99, false, '2026-06-30'));
    rows.push(row(`${B}-100`, '*', '*', 50, false), row(`${B}-101`, '*', '*', 2, true), row(`${B}-099`, '*', '*', 1, true));
    measures.push(
      `('${A}-001', '${A}', 'P1', '45_MAT', 'integration_budget', ['2026'])`,
      `('${A}-002', '${A}', 'P1', '45_MAT', 'integration_budget', ['2026'])`,
      `('${A}-003', '${A}', 'P1', '45_MAT', 'integration_budget', ['2026'])`,
      `('${A}-900', '${A}', 'P2', '16i', 'integration_budget', ['2026'])`,
      // 22nd of all instruments (after 06411-120, also 10), first of 16i: embedded for 16i's list only
      `('${A}-901', '${A}', 'P2', '16i', 'integration_budget', ['2026'])`,
      `('${A}-950', '${A}', 'P2', '16i', 'integration_budget', ['2026'])`,
      `('${B}-100', '${B}', 'P2', '45_MAT', 'integration_budget', ['2026'])`,
      `('${B}-101', '${B}', 'P2', '45_MAT', 'integration_budget', ['2026'])`,
      `('${B}-099', '${B}', 'P2', '45_MAT', 'integration_budget', ['2026'])`,
    );
    // the Jobcenters' totals, over all instruments and per instrument
    const total = 25 * 18 + 5 + 7 + 10;
    rows.push(row('*', A, '*', total, false), row('*', A, '45_MAT', total - 17, false), row('*', A, '16i', 17, false), row('*', B, '*', 53, false), row('*', '*', '*', total + 53, false));
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES ${rows.join(', ')}`);
    await fx.db.run(`INSERT INTO mart.return_measures VALUES ${measures.join(', ')}`);
  });
  afterAll(() => fx?.close());

  it('reads the most overdue measures of each Jobcenter at the cut-off, and counts the hidden ones apart', async () => {
    const rows = (await loadOverdueRows(fx.db)).filter((r) => r.jc === A && r.mea !== '*');
    const byRank = [...rows].sort((a, b) => a.rj - b.rj);
    expect(byRank.slice(0, 3).map((r) => [r.mea, r.n])).toEqual([[`${A}-100`, 30], [`${A}-101`, 29], [`${A}-102`, 28]]);
    // every measure of 16i is within its instrument's list, whatever its place overall
    expect(rows.find((r) => r.mea === `${A}-900`)).toMatchObject({ ins: '16i', prv: 'P2', ri: 2, n: 7 });
    expect(rows.find((r) => r.mea === `${A}-901`)).toMatchObject({ ins: '16i', ri: 1, rj: 22, n: 10 });
    expect(rows.filter((r) => r.rj <= OVERDUE_MEASURES)).toHaveLength(OVERDUE_MEASURES);
    // 0 overdue is nothing to chase; an earlier quarter end is not the cut-off
    expect(rows.map((r) => r.mea)).not.toContain(`${A}-003`);
    expect(rows.map((r) => r.mea)).not.toContain(`${A}-950`);
    // a hidden count (1..4) is not listed, not even in an order that could tell 1 from 4:
    // its measure is counted in a line of its own
    expect(rows.filter((r) => r.s === 1)).toEqual([]);
    const b = (await loadOverdueRows(fx.db)).filter((r) => r.jc === B);
    expect(b.filter((r) => r.mea !== '*').map((r) => [r.mea, r.rj, r.n])).toEqual([[`${B}-100`, 1, 50]]);
    expect(JSON.stringify(b)).not.toMatch(/06412-(099|101)/);
    const lines = (r: { jc: string; mea: string; ins: string; k: string | null; of: number | null }[], jc: string) =>
      r.filter((x) => x.jc === jc && x.mea === '*').map((x) => [x.ins, x.k, x.of]).sort();
    const all = await loadOverdueRows(fx.db);
    expect(lines(all, A)).toEqual([['*', 'hidden', 2], ['*', 'more', 27], ['16i', 'hidden', 0], ['16i', 'more', 2], ['45_MAT', 'hidden', 2], ['45_MAT', 'more', 25]]);
    expect(lines(all, B)).toEqual([['*', 'hidden', 2], ['*', 'more', 1], ['45_MAT', 'hidden', 2], ['45_MAT', 'more', 1]]);
  });

  it('counts the measures whose number is hidden in one line, marked as hidden', async () => {
    const source = await loadDashboardSource(fx.db);
    const page = controllingDashboard(source, await loadCodeLabels(fx.db), B);
    const def = page.charts.find((c) => c.id === 'berichte-ueberfaellig-massnahmen')!;
    const view = await drawSpec(def.spec, { overdue: page.datasets['overdue'] as unknown[] });
    const texts = markItems(view, 'text').filter((t) => t.datum!['row'] !== undefined).sort((x, y) => (x as unknown as { y: number }).y - (y as unknown as { y: number }).y).map((t) => [String(t.datum!['row']), String(t.text)]);
    expect(texts).toEqual([[`${B}-100 · Träger P2`, '50 · vorläufig'], ['2 Maßnahmen mit 1–4 Berichten', '• unterdrückt']]);
    expect(JSON.stringify(page.datasets['overdue'])).not.toMatch(/"n":2\b/);
  });

  it('draws the list on the Jobcenter page only, with the provider and the number of measures not shown', async () => {
    const source = await loadDashboardSource(fx.db);
    const labels = await loadCodeLabels(fx.db);
    expect(controllingDashboard(source, labels).charts.map((c) => c.id)).not.toContain('berichte-ueberfaellig-massnahmen');
    const page = controllingDashboard(source, labels, A);
    const def = page.charts.find((c) => c.id === 'berichte-ueberfaellig-massnahmen')!;
    const overdue = page.datasets['overdue'] as Record<string, unknown>[];
    expect(overdue.every((r) => r['jc'] === A)).toBe(true);
    const draw = async (instr: string) => {
      const spec = { ...def.spec, params: [{ name: 'f_instr', value: instr }] };
      const view = await drawSpec(spec, { overdue });
      const labelsByY = markItems(view, 'text').filter((t) => t.datum!['row'] !== undefined)
        .map((t) => ({ y: (t as unknown as { y: number }).y, row: String(t.datum!['row']), text: String(t.text) }))
        .sort((a, b) => a.y - b.y);
      return { view, labelsByY };
    };
    const all = await draw('*');
    expect(all.labelsByY).toHaveLength(OVERDUE_MEASURES + 2);
    expect(all.labelsByY[0]).toMatchObject({ row: `${A}-100 · Träger P0`, text: '30 · vorläufig' });
    // 27 measures with a shown count, 20 listed; 2 with a hidden one — and no measure past the
    // 20th that was embedded for its instrument's list (06411-901, 22nd of all)
    expect(all.labelsByY.slice(-2)).toMatchObject([{ row: '… 7 weitere Maßnahmen', text: '' }, { row: '2 Maßnahmen mit 1–4 Berichten', text: '• unterdrückt' }]);
    expect(all.labelsByY.map((l) => l.row)).not.toContain(`${A}-901 · Träger P2`);
    expect(markItems(all.view, 'rect').filter((b) => b.datum!['mea'] === '*')).toHaveLength(0);
    // one instrument: its own list; 16i has one measure and no line of more
    const one = await draw('16i');
    expect(one.labelsByY.map((l) => [l.row, l.text])).toEqual([[`${A}-901 · Träger P2`, '10 · vorläufig'], [`${A}-900 · Träger P2`, '7 · vorläufig']]);
    // 45_MAT: 25 shown (20 listed), 2 hidden
    const mat = await draw('45_MAT');
    expect(mat.labelsByY.map((l) => l.row)).not.toContain(`${A}-001 · Träger P1`);
    expect(mat.labelsByY.slice(-2).map((l) => l.row)).toEqual(['… 5 weitere Maßnahmen', '2 Maßnahmen mit 1–4 Berichten']);
  });
});
