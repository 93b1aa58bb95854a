/**
 * The measure comparison names each measure's instrument and provider next to its number:
 * rows read "06411-0002" only, and whether to buy a lot again is a question about who runs
 * it and what it is (the funders' returns carry both columns). Each instrument brings its own
 * largest measures: with one selected, the table showed none of its lots when they were small.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, loadDashboardSource, portfolioMeasuresDashboard } from '../../dashboards/pages.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

let fx: FixtureDb;
let page: Dashboard;

beforeAll(async () => {
  fx = await openFixtureDb('almp-measure-labels-');
  page = portfolioMeasuresDashboard(await loadDashboardSource(fx.db), await loadCodeLabels(fx.db));
});
afterAll(() => fx.close());

describe('measure comparison rows', () => {
  it('name the instrument and the provider of each measure', () => {
    const table = page.charts.find((c) => c.id === 'massnahmen-vergleich')!;
    const lookups = JSON.stringify(table.spec['transform']);
    expect(lookups).toContain('"code":"M01","label":"M01 · 45_MAT · Träger P01"');
    expect(lookups).toContain('"code":"M06","label":"M06 · 16i · Träger P04"');
    const y = (table.spec['encoding'] as { y: { title: string; axis?: { labelLimit?: number } } }).y;
    expect(y.title).toBe('Maßnahme · Instrument · Träger');
    // the whole label fits (the default 180 px cut it after "Träger 001…")
    expect(y.axis?.labelLimit).toBeGreaterThanOrEqual(300);
  });
});

describe('measures embedded for the comparison', () => {
  it('include the largest measures of every instrument, not only the largest overall', async () => {
    const { loadMeasureRows, MEASURES_PER_INSTRUMENT } = await import('../../dashboards/data/measures.ts');
    // 40 measures of 45_MAT with many exits, 3 of 16i with few: the 30 largest overall were
    // all 45_MAT, and with 16i selected the table said "no values for this selection"
    await fx.db.run(`CREATE OR REPLACE TABLE mart.indicator_values AS FROM mart.indicator_values LIMIT 0`);
    await fx.db.run(`CREATE OR REPLACE TABLE mart.dropout_funnel AS FROM mart.dropout_funnel LIMIT 0`);
    await fx.db.run(`
      INSERT INTO mart.indicator_values
      SELECT 'dropout_rate', 'year', '2025', '06411', '*', ins, mea, '*', 5, exits, 5 / exits, 0.1, 0.3, false, false, DATE '2025-07-31'
      FROM (SELECT 'A' || lpad(i::VARCHAR, 2, '0') AS mea, '45_MAT' AS ins, 100 + i AS exits FROM range(40) r(i)
            UNION ALL SELECT 'B' || i, '16i', 10 + i FROM range(3) r(i))`);
    const rows = await loadMeasureRows(fx.db, ['dropout_rate']);
    const shown = (ins: string) => new Set(rows.filter((r) => r.ins === ins).map((r) => r.mea)).size;
    expect(shown('16i')).toBe(3);
    expect(shown('45_MAT')).toBeGreaterThanOrEqual(MEASURES_PER_INSTRUMENT);
  });
});
