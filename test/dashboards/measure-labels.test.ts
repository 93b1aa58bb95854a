/**
 * The measure comparison names each measure's instrument and provider next to its number:
 * rows read "06411-0002" only, and whether to buy a lot again is a question about who runs
 * it and what it is (the funders' returns carry both columns).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, loadDashboardSource, portfolioDashboard } from '../../dashboards/pages.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

let fx: FixtureDb;
let page: Dashboard;

beforeAll(async () => {
  fx = await openFixtureDb('almp-measure-labels-');
  page = portfolioDashboard(await loadDashboardSource(fx.db), await loadCodeLabels(fx.db));
});
afterAll(() => fx.close());

describe('measure comparison rows', () => {
  it('name the instrument and the provider of each measure', () => {
    const table = page.charts.find((c) => c.id === 'massnahmen-vergleich')!;
    const lookups = JSON.stringify(table.spec['transform']);
    expect(lookups).toContain('"code":"M01","label":"M01 · 45_MAT · Träger P01"');
    expect(lookups).toContain('"code":"M06","label":"M06 · 16i · Träger P04"');
    expect((table.spec['encoding'] as { y: { title: string } }).y.title).toBe('Maßnahme · Instrument · Träger');
  });
});
