/**
 * "Which measures are under-occupied?": the measure comparison shows the lots with the most
 * exits, which are the well-filled ones — of 889 lots with an occupancy in 2025 (475 below
 * 60 %), it showed 30 and none of the emptiest. The portfolio page lists the lots of the
 * selection with the lowest occupancy, lowest first, with their place-days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { lowestOccupancy } from '../../dashboards/charts/portfolio-measures.ts';
import { LOWEST_OCCUPANCY, loadMeasureRows, ZERO_LOTS } from '../../dashboards/data/measures.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

describe('lowest occupancy per measure', () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('almp-occupancy-lowest-');
    await fx.db.run(`CREATE OR REPLACE TABLE mart.indicator_values AS FROM mart.indicator_values LIMIT 0`);
    await fx.db.run(`CREATE OR REPLACE TABLE mart.dropout_funnel AS FROM mart.dropout_funnel LIMIT 0`);
    // 60 lots: the more exits, the fuller (as in the data)
    await fx.db.run(`
      INSERT INTO mart.indicator_values
      SELECT indicator, 'year', '2025', '06411', '*', '45_MAT', 'M' || lpad(i::VARCHAR, 2, '0'), '*',
             CASE WHEN indicator = 'dropout_rate' THEN 5 ELSE 3000 * (0.2 + i / 80) END,
             CASE WHEN indicator = 'dropout_rate' THEN 10 + i ELSE 3000 END,
             CASE WHEN indicator = 'dropout_rate' THEN 5 / (10 + i) ELSE 0.2 + i / 80 END,
             NULL, NULL, false, false, DATE '2025-07-31'
      FROM range(60) r(i), (VALUES ('dropout_rate'), ('occupancy_rate')) k(indicator)`);
  });
  afterAll(() => fx?.close());

  it('embeds the emptiest lots of every selection, not only the largest', async () => {
    const rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate']);
    const measures = new Set(rows.map((r) => r.mea));
    for (let i = 0; i < LOWEST_OCCUPANCY; i++) expect(measures.has(`M${String(i).padStart(2, '0')}`), `M${i}`).toBe(true);
    // an emptiest lot that is not among the largest brings its occupancy only: every figure
    // of every emptiest lot made the portfolio page 14 MB at 10^6 participations
    expect(rows.filter((r) => r.mea === 'M00').map((r) => r.ind)).toEqual(['occupancy_rate']);
    expect(rows.filter((r) => r.mea === 'M59').map((r) => r.ind).sort()).toEqual(['dropout_rate', 'occupancy_rate']);
  });

  it('brings the costs of an emptiest lot too: the cost chart shows the page\'s lots, and one without an exit yet is never among the largest', async () => {
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES
      ('cost_per_participant', 'year', '2025', '*', '*', '*', 'M00', '*', 88466, 1, 88466, NULL, NULL, false, true, DATE '2025-07-31'),
      ('cost_per_successful_exit', 'year', '2025', '*', '*', '*', 'M00', '*', NULL, NULL, NULL, NULL, NULL, false, true, DATE '2025-07-31')`);
    try {
      const rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate', 'cost_per_participant', 'cost_per_successful_exit']);
      expect(rows.filter((r) => r.mea === 'M00').map((r) => r.ind).sort()).toEqual(['cost_per_participant', 'cost_per_successful_exit', 'occupancy_rate']);
    } finally {
      await fx.db.run("DELETE FROM mart.indicator_values WHERE indicator LIKE 'cost_%'");
    }
  });

  it('names the instrument and provider of a lot nobody has left yet', async () => {
    // the mart's measure rows leave Jobcenter, provider and instrument '*'; a lot contracted
    // late in the year had no exit and so no row in mart.dropout_funnel: it read
    // "06411-0308 · * · Träger *" and fell out of the selection of its Jobcenter and instrument
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES ('occupancy_rate', 'year', '2024', '*', '*', '*', 'N01', '*', 10, 1092, 10 / 1092, NULL, NULL, false, false, DATE '2025-07-31')`);
    await fx.db.run(`INSERT INTO mart.return_measures VALUES ('N01', '06411', 'P09', '16i', 'integration_budget', ['2024'])`);
    const rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate']);
    expect(rows.filter((r) => r.mea === 'N01').map((r) => [r.jc, r.ins, r.prv])).toEqual([['06411', '16i', 'P09']]);
  });

  it('draws the lowest first, at most the limit, with place-days', async () => {
    const rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate']);
    const labels = Object.fromEntries([...new Set(rows.map((r) => r.mea))].map((m) => [m, `${m} · 45_MAT · Träger P1`]));
    const view = await drawSpec(lowestOccupancy(CTX, labels).spec, { measures: rows });
    const bars = markItems(view, 'rect').filter((i) => i.datum!['mea'] !== undefined);
    expect(bars).toHaveLength(LOWEST_OCCUPANCY);
    const order = bars.map((b) => ({ mea: String(b.datum!['mea']), y: (b as unknown as { y: number }).y })).sort((a, b) => a.y - b.y).map((b) => b.mea);
    expect(order.slice(0, 3)).toEqual(['M00', 'M01', 'M02']);
    const texts = markItems(view, 'text').filter((i) => i.datum!['mea'] === 'M00').map((i) => String(i.text));
    expect(texts).toContain('20,0\u00a0% von 3.000 Platztagen');
    expect(bars.find((b) => b.datum!['mea'] === 'M00')?.tooltip).toMatchObject({ Maßnahme: 'M00 · 45_MAT · Träger P1', Auslastung: '20,0\u00a0%', Platztage: '3.000' });
    // the axis runs 0–100 %, also when every lot shown is empty (it ran 0 to 0, "0 %" mid-plot)
    expect(view.scale('x').domain()).toEqual([0, 1]);
    const empty = rows.filter((r) => r.ind === 'occupancy_rate').map((r) => ({ ...r, v: 0, n: 0 }));
    expect((await drawSpec(lowestOccupancy(CTX, labels).spec, { measures: empty })).scale('x').domain()).toEqual([0, 1]);
  });

  it('counts the lots without any participation first, per selection, and lists the lowest above 0 %', async () => {
    // at 10^6 participations 1,844 lots of 2025 had none: the "ten lowest" were ten of them by number
    await fx.db.run(`
      INSERT INTO mart.indicator_values
      SELECT 'occupancy_rate', 'year', '2025', '*', '*', '*', 'Z' || lpad(i::VARCHAR, 2, '0'), '*', 0, 3000, 0, NULL, NULL, false, false, DATE '2025-07-31'
      FROM range(12) r(i)`);
    await fx.db.run(`INSERT INTO mart.return_measures SELECT 'Z' || lpad(i::VARCHAR, 2, '0'), CASE WHEN i < 9 THEN '06411' ELSE '06412' END, 'P1', '45_MAT', 'integration_budget', ['2025'] FROM range(12) r(i)`);
    // a lot nobody was ever referred to is not in mart.return_measures: Jobcenter and instrument
    // unknown, so it counts in the total only (it was a second total row, drawn over the first)
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES ('occupancy_rate', 'year', '2025', '*', '*', '*', 'Z99', '*', 0, 3000, 0, NULL, NULL, false, false, DATE '2025-07-31')`);
    const rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate']);
    const zero = rows.filter((r) => r.ind === ZERO_LOTS && r.yr === '2025');
    expect(zero.map((r) => [r.jc, r.ins, r.n]).sort()).toEqual([['*', '*', 13], ['*', '45_MAT', 12], ['06411', '*', 9], ['06411', '45_MAT', 9], ['06412', '*', 3], ['06412', '45_MAT', 3]]);
    expect(rows.some((r) => r.mea.startsWith('Z'))).toBe(false);
    const labels = Object.fromEntries([...new Set(rows.map((r) => r.mea))].map((m) => [m, `${m} · 45_MAT · Träger P1`]));
    const view = await drawSpec(lowestOccupancy({ ...CTX, defaults: { ...CTX.defaults, jc: '06411' } }, labels).spec, { measures: rows });
    const texts = markItems(view, 'text').filter((i) => i.datum!['mea'] !== undefined).sort((a, b) => (a as unknown as { y: number }).y - (b as unknown as { y: number }).y);
    expect(String(texts[0]!.text)).toBe('9 Maßnahmen mit 0\u00a0%');
    expect(texts[0]!.tooltip).toMatchObject({ Maßnahme: 'Ohne jede Teilnahme im Jahr', Auslastung: '0,0\u00a0% (9 Maßnahmen)' });
    // then the ten lowest above 0 % of the Jobcenter: M00 at 20 %
    expect(texts).toHaveLength(1 + LOWEST_OCCUPANCY);
    expect(String(texts[1]!.text)).toMatch(/^20,0\u00a0% von 3.000 Platztagen/);
  });
});
