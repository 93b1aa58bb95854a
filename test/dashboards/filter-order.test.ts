/**
 * The Jobcenter filter lists "Alle Jobcenter" first, then the Jobcenters in code order. With
 * the state's codes (01411 … 16413) the list began with 10411 … 16413, "Alle Jobcenter" stood
 * in the middle, 01411 … 09411 after it: the options came from Object.entries() of a label
 * map, which enumerates integer-like keys ('10411') first. The fixture's codes all begin
 * with 0 and never showed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type DashboardSource, controllingDashboard, loadDashboardSource, ministryDashboard } from '../../dashboards/pages.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

let fx: FixtureDb;
let source: DashboardSource;
let labels: Awaited<ReturnType<typeof loadCodeLabels>>;

// the fixture's 06413 becomes 16413, a code without a leading zero
const recode = <T,>(rows: T): T =>
  (Array.isArray(rows) ? rows.map((r: Record<string, unknown>) => (r['jc'] === '06413' ? { ...r, jc: '16413' } : r)) : rows) as T;

beforeAll(async () => {
  fx = await openFixtureDb('almp-filter-order-');
  labels = await loadCodeLabels(fx.db);
  const fixture = await loadDashboardSource(fx.db);
  source = Object.fromEntries(Object.entries(fixture).map(([k, v]) => [k, recode(v)])) as unknown as DashboardSource;
});
afterAll(() => fx.close());

describe('Jobcenter filter', () => {
  it('lists "Alle Jobcenter" first, then codes in order, also for codes without a leading zero', () => {
    for (const page of [controllingDashboard(source, labels), ministryDashboard(source, labels)]) {
      const jc = page.filters.find((f) => f.key === 'jc')!;
      expect(jc.options.map((o) => o.value), page.slug).toEqual(['*', '06411', '06412', '16413']);
      expect(jc.options[0]!.label, page.slug).toBe('Alle Jobcenter');
      expect(jc.options[3]!.label, page.slug).toBe('Jobcenter 16413');
    }
  });
});
