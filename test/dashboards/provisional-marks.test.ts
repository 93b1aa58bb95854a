/**
 * Provisional figures are marked on every chart, not only in the tooltip: the controlling
 * pages open on the running year, and the process funnel showed its counts (42/41/33) as
 * if they were final. Bars: lighter and "vorläufig" in the label; points: hollow; table
 * cells: "vorl." under the value.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { dropoutPhases, processFunnel } from '../../dashboards/charts/controlling.ts';
import { overdueReports } from '../../dashboards/charts/overdue.ts';
import { providerFunnelPlot } from '../../dashboards/charts/curves.ts';
import { esfResults, exitsTable } from '../../dashboards/charts/ministry.ts';
import { costsPerMeasure } from '../../dashboards/charts/portfolio-measures.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2026', instr: '*' }, labels: { instruments: { '16i': '16i – Teilhabe' }, reasons: {}, goals: {}, threshold: 5 } };

const row = (ind: string, yr: string, n: number, d: number | null, p: 0 | 1, extra: Record<string, unknown> = {}) =>
  ({ ind, yr, per: yr, jc: '*', ins: '*', br: '*', n, d, v: d ? n / d : n, lo: d ? 0.1 : null, hi: d ? 0.9 : null, s: 0, c: 0, p, ...extra });

/** The text marks drawn for data rows (not axis or legend labels). */
const texts = (view: Awaited<ReturnType<typeof drawSpec>>) => markItems(view, 'text').filter((i) => i.datum!['ind'] !== undefined).map((i) => String(i.text ?? ''));

describe('provisional figures', () => {
  it('process funnel: label says "vorläufig", bar filled lighter', async () => {
    const view = await drawSpec(processFunnel(CTX).spec, { year: [row('referrals', '2026', 42, null, 1), row('entries', '2026', 41, null, 1), row('exits', '2026', 33, null, 0)] });
    expect(texts(view).sort()).toEqual(['33', '41 · vorläufig', '42 · vorläufig']);
    const opacity = Object.fromEntries(markItems(view, 'rect').map((i) => [String(i.datum!['ind']), (i as { fillOpacity?: number }).fillOpacity]));
    expect(opacity).toEqual({ referrals: 0.45, entries: 0.45, exits: 1 });
  });

  it('shares by code and overdue reports: label says "vorläufig"', async () => {
    const phases = await drawSpec(dropoutPhases(CTX).spec, { year: [row('dropout_phase_share', '2026', 5, 10, 1, { br: 'early' })] });
    expect(texts(phases).find((t) => t.startsWith('50,0'))).toBe('50,0\u00a0% (5 von 10) · vorläufig');
    const overdue = await drawSpec(overdueReports(CTX, { '06411': 'Jobcenter 06411' }).spec, { month: [{ ...row('reports_overdue', '2026', 12, null, 1, { jc: '06411' }), date: '2026-09-01' }] });
    expect(texts(overdue)).toContain('12 · vorläufig');
  });

  it('rates by group, provider funnel plot and measure costs: provisional points hollow', async () => {
    const esf = await drawSpec(esfResults({ ...CTX, defaults: { ...CTX.defaults, year: '2026' } }, { '*': 'Land gesamt' }).spec, {
      year: [row('integration_rate_6m', '2026', 5, 10, 1), row('employed_on_leaving_rate', '2026', 5, 10, 0)],
    });
    const fills = Object.fromEntries(markItems(esf, 'symbol').map((i) => [String(i.datum!['ind']), i.fill]));
    expect(fills['integration_rate_6m']).toBe('white');
    expect(fills['employed_on_leaving_rate']).not.toBe('white');

    const funnel = { jc: '*', ins: '*', yr: '2026', prv: 'P1', observed: 6, expected: 5, oe: 1.2, lo: 0.5, hi: 2, exits: 20 };
    const plot = await drawSpec(providerFunnelPlot(CTX).spec, { funnel: [{ ...funnel, p: 1 }, { ...funnel, prv: 'P2', p: 0 }], limits: [] });
    expect(markItems(plot, 'symbol').filter((i) => i.datum!['prv']).map((i) => [i.datum!['prv'], i.fill === 'white'])).toEqual([['P1', true], ['P2', false]]);
    // a hollow point keeps its outline (white on white was invisible)
    expect(markItems(plot, 'symbol').filter((i) => i.datum!['prv']).every((i) => typeof i.stroke === 'string' && i.stroke !== 'white')).toBe(true);

    const cost = (ind: string, mea: string, v: number, p: 0 | 1) => ({ ind, yr: '2026', mea, jc: '06411', ins: '16i', br: '*', n: null, d: 10, v, lo: null, hi: null, s: 0, p });
    const costs = await drawSpec(costsPerMeasure(CTX).spec, {
      measures: [cost('cost_per_participant', 'M1', 1000, 1), cost('cost_per_successful_exit', 'M1', 3000, 1), cost('cost_per_participant', 'M2', 900, 0), cost('cost_per_successful_exit', 'M2', 2000, 0)],
    });
    expect(markItems(costs, 'symbol').filter((i) => i.datum!['mea']).map((i) => [i.datum!['mea'], i.fill === 'white'])).toEqual([['M1', true], ['M2', false]]);
  });

  it('tables: "vorl." under a provisional cell', async () => {
    const view = await drawSpec(exitsTable(CTX, { '*': 'Land gesamt' }, { '*': 'Summe', '16i': '16i' }).spec, {
      year: [row('exits', '2026', 40, null, 1), row('exits', '2026', 40, null, 1, { ins: '16i' })],
    });
    expect(texts(view).filter((t) => t === 'vorl.')).toHaveLength(2);
  });
});
