/**
 * Static exports are drawn from the rows their default selection can show (export-rows.mjs):
 * a page embeds every Jobcenter's, year's and indicator's rows, and vega copied and tested
 * all of them for every chart. The pictures must be the ones drawn from every row.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeDataset } from '../../dashboards/dataset.ts';
import { ExportPool } from '../../dashboards/export-pool.ts';
import { cutDatasets } from '../../dashboards/export-rows.mjs';
import { tempDir } from '../hardening/helpers.ts';
import { sampleDashboards } from './setup.ts';

type Rows = Record<string, unknown>[];
const rows: Rows = ['a', 'b'].flatMap((ind) => ['*', 'J1', 'J2'].map((jc) => ({ ind, jc, v: 1 })));
/** What vega-lite makes of the datasets: inline values under their names (parsed fields listed). */
const compiled = (parse?: Record<string, string>) => ({ data: [{ name: 'd', values: rows, ...(parse ? { format: { parse } } : {}) }] });
const cut = (spec: Record<string, unknown>, parse?: Record<string, string>): Rows => cutDatasets(spec, compiled(parse)).data[0]!.values as Rows;
const JC = { name: 'f_jc', value: '*', bind: { element: '#filter-jc' } };

describe('the rows a static export is drawn from', () => {
  it('pass the filters standing first where the chart reads them, with the params at their values', () => {
    const spec = { params: [JC], data: { name: 'd' }, transform: [{ filter: "datum.ind === 'a'" }, { filter: 'datum.jc === f_jc' }], mark: 'bar' };
    expect(cut(spec)).toEqual([{ ind: 'a', jc: '*', v: 1 }]);
    // two layers reading it: the rows either of them can pass
    const layered = { params: [JC], layer: [{ data: { name: 'd' }, transform: [{ filter: "datum.ind === 'a' && datum.jc === 'J1'" }] }, { data: { name: 'd' }, transform: [{ filter: "datum.ind === 'b' && datum.jc === f_jc" }] }] };
    expect(cut(layered)).toEqual([{ ind: 'a', jc: 'J1', v: 1 }, { ind: 'b', jc: '*', v: 1 }]);
  });

  it('are all rows wherever the filters cannot be judged', () => {
    const all = (spec: Record<string, unknown>, parse?: Record<string, string>) => expect(cut(spec, parse)).toBe(rows);
    all({ data: { name: 'd' }, mark: 'bar' }); // no filter
    all({ data: { name: 'd' }, transform: [{ calculate: 'datum.v * 2', as: 'w' }, { filter: 'datum.w > 1' }] }); // after a calculate
    all({ params: [{ name: 'pick', select: 'point' }], data: { name: 'd' }, transform: [{ filter: { param: 'pick' } }] }); // a selection
    all({ data: { name: 'd' }, transform: [{ filter: 'datum.jc === unknown_param' }] });
    all({ data: { name: 'd' }, transform: [{ filter: "datum.ind === 'a'" }] }, { ind: 'date' }); // vega parses the field first
    all({ data: { name: 'e' }, transform: [{ filter: "datum.ind === 'a'" }, { lookup: 'jc', from: { data: { name: 'd' }, key: 'jc' } }] }); // a lookup
    all({ layer: [{ data: { name: 'd' }, transform: [{ filter: "datum.ind === 'a'" }] }, { data: { name: 'd' }, mark: 'rule' }] }); // one reader takes all
    all({ facet: { row: { field: 'jc' } }, spec: { data: { name: 'd' }, transform: [{ filter: "datum.ind === 'a'" }] } });
    all({ params: [JC], layer: [{ params: [{ name: 'f_jc', value: 'J1' }], data: { name: 'd' }, transform: [{ filter: 'datum.jc === f_jc' }] }] }); // two values for one name
  });
});

describe('static exports of every chart of the sample dashboards', () => {
  const { dir, cleanup } = tempDir('almp-export-rows-');
  const pools = [new ExportPool(1), new ExportPool(1, { cutDatasets: false })] as const;
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    cleanup();
  });

  it('are the same SVGs drawn from the rows the default selection shows as from every row', async () => {
    const dashboards = await sampleDashboards(join(dir, 'almp.duckdb'));
    let compared = 0;
    for (const dashboard of dashboards) {
      const json = JSON.stringify(Object.fromEntries(Object.entries(dashboard.datasets).map(([name, r]) => [name, encodeDataset(r)])));
      for (const pool of pools) pool.addDatasets(dashboard.slug, json);
      for (const chart of dashboard.charts) {
        const [fromCut, fromAll] = await Promise.all(pools.map((pool) => pool.render(dashboard.slug, chart, false)));
        expect(fromCut!.svg, `${dashboard.slug} ${chart.id}`).toBe(fromAll!.svg);
        compared++;
      }
    }
    // the overall and two per-Jobcenter controlling pages, the ministry's and the three portfolio pages: 55 charts
    expect(compared).toBeGreaterThanOrEqual(50);
  });
});
