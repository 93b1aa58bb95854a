/**
 * Whom a lot is bought from, by name: the measure charts of the portfolio page named the
 * provider by number only ("Träger 002275"), and a planner had to look the number up in the
 * providers' list. The tooltips (and so the CSV of a chart) name it with its number; the page
 * inlines the names of the providers of the measures it shows, not of every provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { costsPerMeasure, lowestOccupancy, measuresTable } from '../../dashboards/charts/portfolio-measures.ts';
import { loadMeasureRows, type MeasureRow } from '../../dashboards/data/measures.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { portfolioMeasuresDashboard } from '../../dashboards/pages.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };
const PROVIDERS = { P1: 'P1 Bildungswerk Nord gGmbH', P2: 'P2 Stadtwerkstatt Süd' };

let fx: FixtureDb;
let rows: MeasureRow[];
beforeAll(async () => {
  fx = await openFixtureDb('almp-measure-providers-');
  await fx.db.run(`CREATE OR REPLACE TABLE mart.indicator_values AS FROM mart.indicator_values LIMIT 0`);
  await fx.db.run(`CREATE OR REPLACE TABLE mart.dropout_funnel AS FROM mart.dropout_funnel LIMIT 0`);
  await fx.db.run(`CREATE OR REPLACE TABLE mart.return_measures AS FROM mart.return_measures LIMIT 0`);
  // M0 of P1, M1 of P2, each with exits, an occupancy and both costs
  await fx.db.run(`
    INSERT INTO mart.indicator_values
    SELECT indicator, 'year', '2025', '06411', '*', '45_MAT', 'M' || i, '*', n, d, n / d, NULL, NULL, false, false, DATE '2025-07-31'
    FROM range(2) r(i), (VALUES ('dropout_rate', 6, 20), ('occupancy_rate', 900, 1500), ('cost_per_participant', 2000, 1), ('cost_per_successful_exit', 6000, 1)) k(indicator, n, d)`);
  await fx.db.run(`INSERT INTO mart.return_measures SELECT 'M' || i, '06411', 'P' || (i + 1), '45_MAT', 'integration_budget', ['2025'] FROM range(2) r(i)`);
  rows = await loadMeasureRows(fx.db, ['dropout_rate', 'occupancy_rate', 'cost_per_participant', 'cost_per_successful_exit']);
});
afterAll(() => fx?.close());

const LABELS = { M0: 'M0 · 45_MAT · Träger P1', M1: 'M1 · 45_MAT · Träger P2' };

/** The tooltips of a chart's marks by measure: a tooltip names the provider of its own measure. */
function providerByMeasure(items: ReturnType<typeof markItems>): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  for (const item of items) {
    const tip = item.tooltip as Record<string, unknown> | undefined;
    if (item.datum?.['mea'] !== undefined && tip) seen[String(item.datum['mea'])] = tip['Träger'];
  }
  return seen;
}

describe('measure charts name the provider', () => {
  it('in the comparison table', async () => {
    const view = await drawSpec(measuresTable(CTX, LABELS, PROVIDERS).spec, { measures: rows });
    expect(providerByMeasure(markItems(view, 'rect'))).toEqual({ M0: 'P1 Bildungswerk Nord gGmbH', M1: 'P2 Stadtwerkstatt Süd' });
  });

  it('in the lowest occupancy', async () => {
    const view = await drawSpec(lowestOccupancy(CTX, LABELS, PROVIDERS).spec, { measures: rows });
    expect(providerByMeasure(markItems(view, 'rect'))).toEqual({ M0: 'P1 Bildungswerk Nord gGmbH', M1: 'P2 Stadtwerkstatt Süd' });
  });

  it('in the costs per measure', async () => {
    const view = await drawSpec(costsPerMeasure(CTX, PROVIDERS).spec, { measures: rows });
    expect(providerByMeasure(markItems(view, 'symbol'))).toEqual({ M0: 'P1 Bildungswerk Nord gGmbH', M1: 'P2 Stadtwerkstatt Süd' });
  });

  it('a provider without a name by its number', async () => {
    const view = await drawSpec(measuresTable(CTX, LABELS, { P1: PROVIDERS.P1 }).spec, { measures: rows });
    expect(providerByMeasure(markItems(view, 'rect'))).toEqual({ M0: 'P1 Bildungswerk Nord gGmbH', M1: 'P2' });
  });

  it('the page inlines the names of the providers it shows only', async () => {
    const labels = await loadCodeLabels(fx.db);
    const page = portfolioMeasuresDashboard({ year: [], measures: rows }, { ...labels, providers: { ...PROVIDERS, P9: 'P9 Nirgends GmbH' } });
    const specs = JSON.stringify(page.charts.map((c) => c.spec));
    expect(specs).toContain('P2 Stadtwerkstatt Süd');
    expect(specs).not.toContain('P9 Nirgends GmbH');
  });
});
