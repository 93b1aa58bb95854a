/**
 * The process funnel as a reader meets it: tooltips say what each step is (a count has no
 * rate: its value formatted as a rate read "Quote 7400,0 %", its missing denominator
 * "Nenner null"), and a suppressed step says so instead of leaving a blank row. (That the
 * chart grows with a longer label after a filter change is checked in the browser test:
 * vega without a browser sizes the view anew anyway.)
 */
import { describe, expect, it } from 'vitest';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { processFunnel } from '../../dashboards/charts/controlling.ts';
import { esfResults } from '../../dashboards/charts/ministry.ts';
import { COLOURS } from '../../dashboards/theme.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

const count = (ind: string, ins: string, n: number) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n, d: null, v: n, lo: null, hi: null, s: 0, p: 0 });
const rate = (ind: string, ins: string, n: number, d: number) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n, d, v: n / d, lo: 0.1, hi: 0.9, s: 0, p: 0 });
const hidden = (ind: string, ins: string) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n: null, d: null, v: null, lo: null, hi: null, s: 1, p: 0 });
const ROWS = [
  count('referrals', '*', 74), hidden('no_show_rate', '*'), count('entries', '*', 60), count('exits', '*', 50), rate('completion_rate', '*', 30, 50),
  // one instrument: the longest bar carries a longer label than the longest bar of all
  count('referrals', '45_MAT', 1000), count('entries', '45_MAT', 9), count('exits', '45_MAT', 7), rate('completion_rate', '45_MAT', 7, 7),
];

async function draw() {
  return drawSpec(processFunnel(CTX).spec, { year: ROWS });
}

describe('process funnel', () => {
  it('shows counts as counts, rates with their denominator, and a suppressed step as suppressed', async () => {
    const view = await draw();
    const tips = Object.fromEntries(markItems(view, 'rect').map((i) => [String(i.datum!['ind']), i.tooltip]));
    expect(tips['referrals']).toMatchObject({ Anzahl: '74', 'Quote (von Nenner)': '–' });
    expect(tips['completion_rate']).toMatchObject({ Anzahl: '30', 'Quote (von Nenner)': '60,0\u00a0% von 50 Austritten' });
    const texts = Object.fromEntries(markItems(view, 'text').map((i) => [String(i.datum!['ind']), i]));
    expect(texts['no_show_rate']?.text).toBe('• unterdrückt');
    expect(texts['no_show_rate']?.tooltip).toMatchObject({ Anzahl: '• unterdrückt', 'Quote (von Nenner)': '• unterdrückt' });
    for (const tip of Object.values(tips)) expect(JSON.stringify(tip)).not.toMatch(/null|undefined/);
  });

  it('names the base of the no-show rate: referrals whose 42 days are over, fewer than all referrals', async () => {
    const view = await drawSpec(processFunnel(CTX).spec, { year: [count('referrals', '*', 74), rate('no_show_rate', '*', 6, 60)] });
    const tips = Object.fromEntries(markItems(view, 'rect').map((i) => [String(i.datum!['ind']), i.tooltip]));
    expect(tips['no_show_rate']).toMatchObject({ 'Quote (von Nenner)': '10,0\u00a0% von 60 Zuweisungen mit abgelaufener 42-Tage-Frist' });
    const title = processFunnel(CTX).spec['title'] as { subtitle: string[] };
    expect(title.subtitle.join(' ')).toContain('Nichtantritte: von den Zuweisungen, deren 42-Tage-Frist');
  });
});

describe('rates by group (ministry page)', () => {
  it('mark a hidden figure in its row and keep each indicator its colour when another has no value', async () => {
    const ctx: ChartContext = { ...CTX, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };
    const row = (ind: string, jc: string, n: number | null, d: number | null, c: 0 | 1 = 0) =>
      ({ ind, yr: '2025', jc, ins: '*', br: '*', n, d, v: n === null ? null : n / d!, lo: n === null ? null : 0.1, hi: n === null ? null : 0.9, s: n === null && !c ? 1 : 0, c, p: 0 });
    const rows = [
      row('employed_on_leaving_rate', '*', null, null), row('integration_rate_6m', '*', null, null), row('not_unemployed_rate_6m', '*', 20, 30),
      row('employed_on_leaving_rate', '06411', null, null, 1), row('integration_rate_6m', '06411', 6, 12), row('not_unemployed_rate_6m', '06411', 8, 12),
    ];
    const view = await drawSpec(esfResults(ctx, { '*': 'Land gesamt', '06411': 'Jobcenter 06411' }).spec, { year: rows });
    const hidden = markItems(view, 'text').filter((i) => i.text === '• unterdrückt').map((i) => `${String(i.datum!['jc'])}/${String(i.datum!['ind'])}`);
    expect(hidden.sort()).toEqual(['*/employed_on_leaving_rate', '*/integration_rate_6m', '06411/employed_on_leaving_rate']);
    // integration_rate_6m is shown only for 06411: it keeps the second colour of the legend
    const point = markItems(view, 'symbol').find((i) => i.datum!['ind'] === 'integration_rate_6m');
    expect(point?.fill).toBe(COLOURS.categories[1]);
  });
});
