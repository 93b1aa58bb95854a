/**
 * The Kaplan–Meier curves pool every entry since the data began: they do not follow the
 * page's year filter, unlike every chart around them, and said nothing about it (a reader
 * with 2025 selected took them for the 2025 entries).
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { retentionCurves } from '../../dashboards/charts/curves.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(['year', 'jc', 'instr']), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

describe('retention curves', () => {
  it('say that they cover all entries and that the year filter does not apply', () => {
    const chart = retentionCurves(CTX);
    const subtitle = ((chart.spec['title'] as { subtitle: string[] }).subtitle).join(' ');
    for (const text of [subtitle, chart.description]) {
      expect(text).toContain('alle Eintritte seit Beginn der Daten bis zum Datenstand');
    }
    expect(chart.description).toContain('Der Jahresfilter wirkt hier nicht');
  });

  it('key the curves with line samples in their dash, not with the dashed outline of a circle', async () => {
    const ctx = { ...CTX, labels: { ...CTX.labels, instruments: { '16i': '16i', '45_MAT': '45_MAT' } } };
    const curve = (ins: string, drop: number) => [0, 10, 20].map((day, i) => ({ jc: '*', ins, day, survival: 1 - drop * i, at_risk: 100 - i }));
    const view = await drawSpec(retentionCurves(ctx).spec, { retention: [...curve('*', 0.05), ...curve('16i', 0.02), ...curve('45_MAT', 0.1)] });
    const symbols = markItems(view, 'symbol').filter((s) => s.datum && 'label' in s.datum) as unknown as { shape: string; strokeDash?: number[] }[];
    expect(symbols.length).toBeGreaterThanOrEqual(3);
    for (const s of symbols) expect(s.shape).toBe('stroke');
    // the dashes differ between the entries, as between the curves
    expect(new Set(symbols.map((s) => JSON.stringify(s.strokeDash ?? []))).size).toBeGreaterThan(1);
  });

  it('key only the instruments the page has curves of, and keep the axis at 50–100 % at least', async () => {
    const ctx = { ...CTX, labels: { ...CTX.labels, instruments: { '16e': '16e', '16i': '16i', '45_MAT': '45_MAT' } } };
    const curve = (ins: string) => [0, 10, 20].map((day, i) => ({ jc: '*', ins, day, survival: 1 - 0.06 * i, at_risk: 100 - i }));
    const view = await drawSpec(retentionCurves(ctx, ['*', '16i'], 0.88).spec, { retention: [...curve('*'), ...curve('16i')] });
    // the key's labels: legend entries carry their value in the datum (axis labels do too, so by text)
    const keyed = markItems(view, 'text').map((t) => String(t.text)).filter((t) => ['Alle Instrumente', '16e', '16i', '45_MAT'].includes(t));
    expect(keyed).toEqual(['Alle Instrumente', '16i']);
    // curves from 100 to 88 %: the axis still shows 50 %, the fall is not drawn as a plunge
    expect((view.scale('y') as unknown as { domain(): number[] }).domain()[0]).toBeLessThanOrEqual(0.5);
  });
});
