/**
 * A chart whose shown values are all 0 (or hidden) keeps an axis: with the domain [0, 0] the
 * one tick ('0 %', '0') sat mid-axis, bars began in the middle and a hidden "•" on the 0 %
 * line read as a real 0 %.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { overdueReports } from '../../dashboards/charts/overdue.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2024', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };
const row = (ind: string, per: string, n: number | null, d: number | null) => ({
  ind, per, date: per.length === 7 ? `${per}-01` : per, yr: per.slice(0, 4), jc: '06411', ins: '*', br: '*',
  n, d, v: n === null ? null : d === null ? n : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p: 0,
});

/** The axis labels a chart draws, in order. */
async function axisLabels(spec: Record<string, unknown>, data: Record<string, unknown[]>): Promise<string[]> {
  const view = await drawSpec(spec, data);
  return markItems(view, 'text').filter((i) => i.datum && 'label' in i.datum).map((i) => String(i.text).replace(/\s/gu, ' '));
}

describe('axes of charts with nothing above 0', () => {
  it('a rate trend of 0 % and hidden months runs from 0 to 10 %; its bars of 0 exits have a 0–1 axis', async () => {
    const def = dropoutTrend({ ...CTX, defaults: { ...CTX.defaults, jc: '06411' } });
    const labels = await axisLabels(def.spec, {
      month: [row('dropout_rate', '2024-01', 0, 6), row('dropout_rate', '2024-02', null, null)],
      denominators: [{ ind: 'dropout_rate', per: '2024-03', date: '2024-03-01', yr: '2024', jc: '06411', ins: '*', br: '*', d: 0, s: 0, p: 0 }],
    });
    expect(labels.filter((l) => l.endsWith('%'))).toEqual(['0 %', '2 %', '4 %', '6 %', '8 %', '10 %']);
    expect(labels.filter((l) => /^\d+$/.test(l))).toEqual(['0', '1']);
  });

  it('overdue reports of 0 get a whole-number axis from 0 to 1', async () => {
    const def = overdueReports(CTX, { '*': 'Alle Jobcenter', '06411': 'Jobcenter 06411' });
    const labels = await axisLabels(def.spec, { month: [row('reports_overdue', '2024-06-30', 0, null)] });
    expect(labels.filter((l) => /^[\d,.]+$/.test(l))).toEqual(['0', '1']);
  });

  it('a hidden overdue count is marked "• unterdrückt" at 0, as in every other chart, not left out', async () => {
    const def = overdueReports(CTX, { '*': 'Alle Jobcenter', '06411': 'Jobcenter 06411' });
    const view = await drawSpec(def.spec, { month: [row('reports_overdue', '2024-06-30', null, null)] });
    const texts = markItems(view, 'text').filter((i) => i.datum && 'ind' in i.datum);
    expect(texts.map((i) => [String(i.text), (i as { x?: number }).x])).toEqual([['• unterdrückt', 0]]);
  });
});
