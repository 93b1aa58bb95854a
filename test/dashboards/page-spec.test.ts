/**
 * The pages carry their charts compiled to Vega (dashboards/html/page-spec.ts). The pages of
 * different Jobcenters share compiled specs that differ only in the filters' starting values:
 * every chart must still come out as vega-lite compiles it alone.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartDef } from '../../dashboards/charts/kit.ts';
import { pageSpec } from '../../dashboards/html/page-spec.ts';
import { tempDir } from '../hardening/helpers.ts';
import { sampleDashboards } from './setup.ts';

/** vega-lite's own compile of the chart, with its datasets as the page declares them: by name, no rows. */
function alone(chart: ChartDef): Record<string, unknown> {
  const compiled = compile({ ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((d) => [d, []])) } as unknown as TopLevelSpec).spec as unknown as Record<string, unknown>;
  const data = compiled['data'] as Record<string, unknown>[];
  return { ...compiled, data: data.map((d) => (chart.datasets.includes(String(d['name'])) ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'values')) : d)) };
}

describe('the charts as the pages carry them', () => {
  const { dir, cleanup } = tempDir('almp-page-spec-');
  afterAll(cleanup);

  it('are each what vega-lite compiles of it alone, on every page, the Jobcenters\' pages after the overall one', async () => {
    const dashboards = await sampleDashboards(join(dir, 'almp.duckdb'));
    const jobcenterPages = dashboards.filter((d) => d.jobcenter !== undefined);
    expect(jobcenterPages.length).toBeGreaterThanOrEqual(2);
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) expect(pageSpec(chart), `${dashboard.slug} ${chart.id}`).toEqual(alone(chart));
    }
    // the Jobcenter filter starts at the page's own Jobcenter, on each page
    for (const page of jobcenterPages) {
      const signals = pageSpec(page.charts[0]!)['signals'] as { name: string; value?: unknown }[];
      expect(signals.find((s) => s.name === 'f_jc')?.value, page.slug).toBe(page.jobcenter!.id);
    }
  });

  it('name every dataset the page fills', () => {
    const spec = { mark: 'bar', data: { name: 'year' }, encoding: { x: { field: 'v', type: 'quantitative' } } };
    expect(() => pageSpec({ id: 'c', datasets: ['year', 'month'], spec })).toThrow('chart c: the compiled spec has no data named month');
    expect((pageSpec({ id: 'c', datasets: ['year'], spec })['data'] as { name: string; values?: unknown }[]).find((d) => d.name === 'year')).toEqual({ name: 'year' });
  });
});
