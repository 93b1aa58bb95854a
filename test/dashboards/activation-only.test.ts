/**
 * A Jobcenter of the list without participations counts with 0 persons (readings.md): its
 * activation months are in the mart, but its controlling page offered no year (the years came
 * from the year rows only) and every chart read „Keine Werte“; the overall page's Jobcenter
 * filter left it out, and one whose participations ended in 2025 could not reach its 2026
 * activation months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllingDashboard, loadDashboardSource } from '../../dashboards/pages.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const EMPTY = '06499';

describe('a Jobcenter with activation months only', () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('almp-activation-only-');
    await fx.db.run(`DELETE FROM mart.indicator_values WHERE jobcenter_id = '${EMPTY}'`);
    await fx.db.run(`
      INSERT INTO mart.indicator_values
      SELECT 'activation_rate_aq1', 'month', strftime(last_day(m), '%Y-%m-%d'), '${EMPTY}', '*', '*', '*', '*', 0, 700, 0, 0, 0.0055, false, false, DATE '2026-09-30'
      FROM (SELECT DATE '2025-11-01' + INTERVAL (i) MONTH AS m FROM range(4) r(i))`);
  });
  afterAll(() => fx?.close());

  it('has its page open on a year with its months drawn, and is in the overall page’s Jobcenter filter', async () => {
    const source = await loadDashboardSource(fx.db);
    const labels = await loadCodeLabels(fx.db);
    const page = controllingDashboard(source, labels, EMPTY);
    const year = page.filters.find((f) => f.key === 'year')!;
    expect(year.options.map((o) => o.value)).toEqual(['2025', '2026']);
    expect(year.value).toBe('2026');
    const def = page.charts.find((c) => c.id === 'aktivierungsquoten')!;
    const view = await drawSpec(def.spec, { month: page.datasets['month'] as unknown[] });
    const tips = markItems(view, 'symbol').concat(markItems(view, 'line')).filter((i) => i.datum?.['jc'] === EMPTY);
    expect(tips.length).toBeGreaterThan(0);
    const overall = controllingDashboard(source, labels);
    expect(overall.filters.find((f) => f.key === 'jc')!.options.map((o) => o.value)).toContain(EMPTY);
  });

  it('a stock file ahead of the participations does not open the pages on a year of activation months only', async () => {
    const source = await loadDashboardSource(fx.db);
    const labels = await loadCodeLabels(fx.db);
    const latestFigures = [...new Set(source.year.filter((r) => r.jc === '*').map((r) => r.yr))].sort().at(-1)!;
    const ahead = String(Number(latestFigures) + 1);
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES ('activation_rate_aq1', 'month', '${ahead}-01-31', '06411', '*', '*', '*', '*', 1, 700, 1 / 700, 0, 0.01, false, true, DATE '2026-09-30')`);
    const later = await loadDashboardSource(fx.db);
    for (const page of [controllingDashboard(later, labels), controllingDashboard(later, labels, '06411')]) {
      const year = page.filters.find((f) => f.key === 'year')!;
      expect(year.options.map((o) => o.value)).toContain(ahead);
      expect(year.value).toBe(latestFigures);
    }
  });
});
