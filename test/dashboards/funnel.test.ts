/**
 * The process funnel as a reader meets it: tooltips say what each step is (a count has no
 * rate: its value formatted as a rate read "Quote 7400,0 %", its missing denominator
 * "Nenner null"), and a suppressed step says so instead of leaving a blank row. (That the
 * chart grows with a longer label after a filter change is checked in the browser test:
 * vega without a browser sizes the view anew anyway.)
 */
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { processFunnel } from '../../dashboards/charts/controlling.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {} } };

const count = (ind: string, ins: string, n: number) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n, d: null, v: n, lo: null, hi: null, s: 0, p: 0 });
const rate = (ind: string, ins: string, n: number, d: number) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n, d, v: n / d, lo: 0.1, hi: 0.9, s: 0, p: 0 });
const hidden = (ind: string, ins: string) => ({ ind, yr: '2025', jc: '*', ins, br: '*', n: null, d: null, v: null, lo: null, hi: null, s: 1, p: 0 });
const ROWS = [
  count('referrals', '*', 74), hidden('no_show_rate', '*'), count('entries', '*', 60), count('exits', '*', 50), rate('completion_rate', '*', 30, 50),
  // one instrument: the longest bar carries a longer label than the longest bar of all
  count('referrals', '45_MAT', 1000), count('entries', '45_MAT', 9), count('exits', '45_MAT', 7), rate('completion_rate', '45_MAT', 7, 7),
];

interface Item { datum?: Record<string, unknown>; tooltip?: Record<string, string>; text?: string; items?: Item[]; marktype?: string }

function items(node: Item, marktype: string, out: Item[] = [], current?: string): Item[] {
  for (const child of node.items ?? []) {
    const type = child.marktype ?? current;
    if (!child.marktype && type === marktype && child.datum) out.push(child);
    items(child, marktype, out, type);
  }
  return out;
}

async function draw() {
  const view = new vega.View(vega.parse(compile(processFunnel(CTX).spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  view.data('year', ROWS);
  await view.runAsync();
  return view;
}

const root = (view: vega.View) => (view.scenegraph() as unknown as { root: Item }).root;

describe('process funnel', () => {
  it('shows counts as counts, rates with their denominator, and a suppressed step as suppressed', async () => {
    const view = await draw();
    const tips = Object.fromEntries(items(root(view), 'rect').map((i) => [String(i.datum!['ind']), i.tooltip]));
    expect(tips['referrals']).toMatchObject({ Anzahl: '74', 'Quote (von Nenner)': '–' });
    expect(tips['completion_rate']).toMatchObject({ Anzahl: '30', 'Quote (von Nenner)': '60,0\u00a0% von 50' });
    const texts = Object.fromEntries(items(root(view), 'text').map((i) => [String(i.datum!['ind']), i]));
    expect(texts['no_show_rate']?.text).toBe('• unterdrückt');
    expect(texts['no_show_rate']?.tooltip).toMatchObject({ Anzahl: '• unterdrückt', 'Quote (von Nenner)': '• unterdrückt' });
    for (const tip of Object.values(tips)) expect(JSON.stringify(tip)).not.toMatch(/null|undefined/);
  });
});
