/**
 * Charts whose rows are coded (measures, providers, Jobcenters) must draw with as many codes
 * as a state brings: at 10^7 participations the measure comparison named several thousand
 * measures, and ordering rows by a list of labels made Vega's expression parser overflow
 * the stack (from about 1,000 entries), so the export and the page's chart failed.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { measuresTable } from '../../dashboards/charts/portfolio-measures.ts';
import { MEASURES_OVERALL } from '../../dashboards/data/measures.ts';

const CTX: ChartContext = {
  bound: new Set(),
  defaults: { jc: '*', year: '2025', instr: '*' },
  labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 },
};

async function drawSvg(spec: Record<string, unknown>, datasets: Record<string, unknown[]>): Promise<string> {
  const compiled = vegaLite.compile({ ...spec, datasets } as vegaLite.TopLevelSpec, { logger: vega.logger(vega.Error) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

describe('charts with many coded rows', () => {
  it('draw the measure comparison with 5,000 measures, largest first, rows in code order', async () => {
    const count = 5000;
    // codes listed from the highest down, so an order by listing would show the wrong rows first
    const codes = Array.from({ length: count }, (_, i) => `06411-${String(count - i).padStart(5, '0')}`);
    const labels = Object.fromEntries(codes.map((c) => [c, `Maßnahme ${c}`]));
    const rows = codes.map((mea, i) => ({
      ind: 'dropout_rate', yr: '2025', mea, jc: '06411', ins: '16i', br: '*',
      // exits (d) grow with the position in `codes`: the shown rows are the last ones listed
      n: 3, d: 10 + i, v: 3 / (10 + i), lo: 0.1, hi: 0.5, s: 0, p: 0,
    }));
    const chart = measuresTable(CTX, labels);

    const svg = await drawSvg(chart.spec, { measures: rows });

    const shown = [...svg.matchAll(/>Maßnahme (06411-\d{5})</g)].map((m) => m[1]!);
    const expected = codes.slice(-MEASURES_OVERALL).sort();
    expect(shown).toEqual(expected);
  });
});
