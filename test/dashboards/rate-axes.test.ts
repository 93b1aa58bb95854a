/**
 * A rate's axis holds what the chart draws (a visual review at 10^5 participations): a month
 * of few exits drew its 0–43 % band up through the chart's title; the portfolio's pale early years (89,7 %) stood above an axis
 * taken from the line alone, which leaves them out. Cut at the plot instead, a band ran to the
 * axis' top with its end unseen (a user review): the axis now takes in every interval's end,
 * and a rate axis ends at 100 % at most.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { costsPerMeasure } from '../../dashboards/charts/portfolio-measures.ts';
import { afterExit } from '../../dashboards/charts/instrument-rates.ts';
import type { View } from 'vega';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

/** Interval items (area points, rules) of a value scale's channel that reach past the pixel range it draws values in. */
function outsidePlot(view: View, marktype: 'area' | 'rule', scale: string, channel: 'y' | 'x' = 'y'): string[] {
  expect(markItems(view, marktype).filter((i) => i.datum && 'hi' in i.datum).length, `${marktype} items`).toBeGreaterThan(0);
  const range = (view.scale(scale) as unknown as { range(): number[] }).range();
  const [low, high] = [Math.min(...range), Math.max(...range)];
  // the intervals' items (an axis's ticks are rules too)
  const items = markItems(view, marktype).filter((i) => i.datum && 'hi' in i.datum) as unknown as Record<string, number>[];
  return items
    .filter((i) => i[channel] !== undefined && i[`${channel}2`] !== undefined)
    .filter((i) => Math.min(i[channel]!, i[`${channel}2`]!) < low - 0.5 || Math.max(i[channel]!, i[`${channel}2`]!) > high + 0.5)
    .map((i) => `${channel} ${i[channel]}–${i[`${channel}2`]} outside ${low}–${high}`);
}

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

const month = (per: string, v: number, lo: number, hi: number) => ({
  ind: 'dropout_rate', per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*', n: Math.round(v * 100), d: 100, v, lo, hi, s: 0, p: 0,
});

const year = (yr: string, ins: string, v: number) => ({
  ind: 'dropout_rate', per: yr, date: null, yr, jc: '*', ins, br: '*', n: Math.round(v * 200), d: 200, v, lo: v - 0.3, hi: Math.min(1, v + 0.3), s: 0, p: 0,
});

describe('rate axes', () => {
  it('takes a trend axis to the top of its widest band, and no further than 100 %', async () => {
    const def = dropoutTrend(CTX);
    const view = await drawSpec(def.spec, {
      month: [month('2025-01', 0.41, 0.35, 0.46), month('2025-02', 0.48, 0.4, 0.58), month('2025-03', 0.02, 0, 0.99)],
      denominators: [],
    });
    const [, top] = (view.scale('concat_0_y') as unknown as { domain(): number[] }).domain();
    // March's band (to 99 %) ends inside the plot: before, the axis ended at the rates' 50 % and the band ran into its top
    expect(top).toBeGreaterThanOrEqual(0.99);
    expect(top).toBeLessThanOrEqual(1);
    expect(outsidePlot(view, 'area', 'concat_0_y')).toEqual([]);
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
    // 2024's interval (11–71 %) ends inside the plot, as does 2023's (to 100 %); the axis ends at 100 %
    expect(domain[1]).toBeLessThanOrEqual(1);
    expect(outsidePlot(view, 'rule', 'y')).toEqual([]);
  });

  it('takes the axis of rates by group to the end of the widest interval (a Jobcenter page: what followed the exits)', async () => {
    const rate = (ins: string, ind: string, v: number, lo: number, hi: number) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n: 3, d: 7, v, lo, hi, s: 0, p: 0 });
    const def = afterExit({ ...CTX, labels: { ...CTX.labels, instruments: { '16d_AGH': '16d_AGH', '45_MAG': '45_MAG' } } });
    const view = await drawSpec(def.spec, {
      year: [rate('16d_AGH', 'debriefing_rate', 0.43, 0.16, 0.75), rate('45_MAG', 'employed_on_leaving_rate', 0.3, 0.18, 0.46), rate('45_MAG', 'debriefing_rate', 0.44, 0.3, 0.97)],
    });
    const [, end] = (view.scale('x') as unknown as { domain(): number[] }).domain();
    expect(end).toBeGreaterThanOrEqual(0.97);
    expect(end).toBeLessThanOrEqual(1);
    expect(outsidePlot(view, 'rule', 'x', 'x')).toEqual([]);
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
    // under the foot of the axis (hidden-strip.test.ts), not on it: there it read as a cost of 1.000 €
    // (a symbol in the instrument's shape: hidden-strip.test.ts)
    const hidden = markItems(view, 'symbol').filter((t) => t.datum?.['ins'] === 'STATE') as unknown as { y: number }[];
    expect(hidden).toHaveLength(1);
    expect(hidden[0]!.y).toBeGreaterThan(Math.max(...(view.scale('y') as unknown as { range(): number[] }).range()));
    const measures = await drawSpec(costsPerMeasure(CTX).spec, { measures: [] });
    expect([measures.scale('x'), measures.scale('y')].map((sc) => (sc as unknown as { type: string }).type)).toEqual(['log', 'log']);
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
