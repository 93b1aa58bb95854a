/**
 * A rate's axis holds what the chart draws (a visual review at 10^5 participations): a month
 * of few exits drew its 0–43 % band up through the chart's title; the portfolio's pale early years (89,7 %) stood above an axis
 * taken from the line alone, which leaves them out.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { costsPerMeasure } from '../../dashboards/charts/portfolio-measures.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

const month = (per: string, v: number, lo: number, hi: number) => ({
  ind: 'dropout_rate', per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*', n: Math.round(v * 100), d: 100, v, lo, hi, s: 0, p: 0,
});

const year = (yr: string, ins: string, v: number) => ({
  ind: 'dropout_rate', per: yr, date: null, yr, jc: '*', ins, br: '*', n: Math.round(v * 200), d: 200, v, lo: v - 0.3, hi: Math.min(1, v + 0.3), s: 0, p: 0,
});

describe('rate axes', () => {
  it('keeps a trend axis to the rates and cuts a wide band at the plot', async () => {
    const def = dropoutTrend(CTX);
    const view = await drawSpec(def.spec, {
      month: [month('2025-01', 0.81, 0.75, 0.86), month('2025-02', 0.88, 0.8, 0.93), month('2025-03', 0.02, 0, 0.99)],
      denominators: [],
    });
    const top = (view.scale('concat_0_y') as unknown as { domain(): number[] }).domain()[1]!;
    // the axis follows the rates (to 90 %), not the 99 % of March's band
    expect(top).toBeCloseTo(0.9, 5);
    const band = markItems(view, 'area');
    expect(band.length).toBeGreaterThan(0);
    // the band's group clips it to the plot (vega-lite's `clip` on the mark)
    const spec = JSON.stringify(def.spec);
    expect(spec).toMatch(/"type":"area"[^}]*"clip":true/);
  });

  it('takes the portfolio axis from every year drawn, the early ones too', async () => {
    const def = instrumentYears(CTX, 'dropout_rate', 'abbruch-jahre');
    const view = await drawSpec(def.spec, {
      year: [year('2023', '16i', 0.897), year('2024', '16i', 0.41), year('2025', '16i', 0.44)],
      // 16i's exits are complete from 2024: 2023 is drawn pale, without the line
      begin: [{ key: '*|*|16i', fy: 2024, cf: '01.03.2023' }],
    });
    const domain = (view.scale('y') as unknown as { domain(): number[] }).domain();
    expect(domain[1]).toBeGreaterThanOrEqual(0.897);
    const points = markItems(view, 'symbol').filter((p) => p.datum?.['yr'] === '2023');
    expect(points).toHaveLength(1);
  });

  it('puts costs on a log axis: 386 € and 340.104 € per participation both readable, a hidden cost marked at the bottom', async () => {
    const cost = (ins: string, v: number | null) => ({
      ind: 'cost_per_participant', per: '2025', date: null, yr: '2025', jc: '*', ins, br: '*', n: v, d: v === null ? null : 1, v, lo: null, hi: null, s: v === null ? 1 : 0, p: 0,
    });
    const def = instrumentYears(CTX, 'cost_per_participant', 'kosten-teilnahme-jahre');
    const view = await drawSpec(def.spec, { year: [cost('45_MAG', 386), cost('16i', 340104), cost('16e', 55347), cost('STATE', null)] });
    const y = view.scale('y') as unknown as { type: string; domain(): number[]; (v: number): number };
    expect(y.type).toBe('log');
    // the cheapest and the next are a plot's third apart, not both on 0 €
    expect(Math.abs(y(386) - y(55347))).toBeGreaterThan(60);
    const hidden = markItems(view, 'text').filter((t) => t.datum?.['ins'] === 'STATE') as unknown as { y: number }[];
    expect(hidden.map((t) => Math.round(t.y))).toEqual([200]);
    const measures = costsPerMeasure(CTX).spec as { encoding: Record<string, { scale?: { type?: string } }> };
    expect([measures.encoding['x']?.scale?.type, measures.encoding['y']?.scale?.type]).toEqual(['log', 'log']);
  });

  it('draws the interval of a month between months without a rate as a bar (an area of one point is not drawn)', async () => {
    const def = dropoutTrend(CTX);
    const hidden = { ...month('2025-03', 0, 0, 0), n: null, d: null, v: null, lo: null, hi: null, s: 1 };
    const view = await drawSpec(def.spec, {
      month: [month('2025-01', 0.2, 0.1, 0.3), month('2025-02', 0.25, 0.15, 0.35), { ...hidden, per: '2025-03', date: '2025-03-01' }, month('2025-04', 0.36, 0.1, 0.7), { ...hidden, per: '2025-05', date: '2025-05-01' }],
      denominators: [],
    });
    const bars = markItems(view, 'rule').filter((r) => r.datum?.['per'] !== undefined);
    expect(bars.map((r) => r.datum!['per'])).toEqual(['2025-04']);
  });
});
