/**
 * The pages carry their charts compiled to Vega (dashboards/html/page-spec.ts). The pages of
 * different Jobcenters share compiled specs that differ only in the filters' starting values:
 * every chart must still come out as vega-lite compiles it alone.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartDef } from '../../dashboards/charts/kit.ts';
import { ExportPool } from '../../dashboards/export-pool.ts';
import { pageSpec } from '../../dashboards/html/page-spec.ts';
import { tempDir } from '../hardening/helpers.ts';
import { sampleDashboards } from './setup.ts';

/** vega-lite's own compile of the chart, with its datasets as the page declares them: by name, no rows. */
function alone(chart: ChartDef): Record<string, unknown> {
  const compiled = compile({ ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((d) => [d, []])) } as unknown as TopLevelSpec).spec as unknown as Record<string, unknown>;
  const data = compiled['data'] as Record<string, unknown>[];
  return { ...compiled, data: data.map((d) => (chart.datasets.includes(String(d['name'])) ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'values')) : d)) };
}

/**
 * A spec as the page carries it, as JSON: vega, drawing a spec in this process (other test
 * files of the worker), tags the objects of rows written into it with a symbol of its own.
 */
const asJson = (spec: unknown): unknown => JSON.parse(JSON.stringify(spec));

describe('the charts as the pages carry them', () => {
  const { dir, cleanup } = tempDir('almp-page-spec-');
  afterAll(cleanup);

  it('are each what vega-lite compiles of it alone, on every page, the Jobcenters\' pages after the overall one', async () => {
    const dashboards = await sampleDashboards(join(dir, 'almp.duckdb'));
    const jobcenterPages = dashboards.filter((d) => d.jobcenter !== undefined);
    expect(jobcenterPages.length).toBeGreaterThanOrEqual(2);
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) expect(asJson(await pageSpec(chart)), `${dashboard.slug} ${chart.id}`).toEqual(asJson(alone(chart)));
    }
    // the Jobcenter filter starts at the page's own Jobcenter, on each page
    for (const page of jobcenterPages) {
      const signals = (await pageSpec(page.charts[0]!))['signals'] as { name: string; value?: unknown }[];
      expect(signals.find((s) => s.name === 'f_jc')?.value, page.slug).toBe(page.jobcenter!.id);
    }
  });

  it('are compiled alike by the export worker that draws the SVGs, where a page with exports has them compiled', async () => {
    const dashboards = await sampleDashboards(join(dir, 'almp.duckdb'));
    const pool = new ExportPool(2);
    try {
      const charts = dashboards.find((d) => d.slug === 'controlling-gesamt')!.charts;
      // straight from the worker: through pageSpec these shapes would come from the first test's compiles
      const compiled = await Promise.all(charts.map((chart) => pool.compileSpec(chart)));
      compiled.forEach((spec, i) => expect(asJson(spec), charts[i]!.id).toEqual(asJson(alone(charts[i]!))));
    } finally {
      await pool.close();
    }
  });

  it('name every dataset the page fills', async () => {
    const spec = { mark: 'bar', data: { name: 'year' }, encoding: { x: { field: 'v', type: 'quantitative' } } };
    await expect(pageSpec({ id: 'c', datasets: ['year', 'month'], spec })).rejects.toThrow('chart c: the compiled spec has no data named month');
    expect(((await pageSpec({ id: 'c', datasets: ['year'], spec }))['data'] as { name: string; values?: unknown }[]).find((d) => d.name === 'year')).toEqual({ name: 'year' });
  });
});
