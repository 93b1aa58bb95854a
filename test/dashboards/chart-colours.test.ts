/**
 * Colours of the charts as a reader with low vision or red-green colour blindness meets
 * them: every colour the charts write text or draw marks with has 4.5:1 on white (WCAG
 * 1.4.3; 3:1 would do for marks, 1.4.11, but series colours also write hidden-figure
 * text); text in a heat table's cells has 4.5:1 on every cell colour; and series told
 * apart by colour are told apart by point shape or line dash as well (1.4.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorsByJobcenter } from '../../dashboards/charts/ministry.ts';
import { type ChartContext, LEGEND_DASH_SAMPLE_PX, SERIES_DASHES, type VlSpec } from '../../dashboards/charts/kit.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, controllingDashboard, loadDashboardSource, ministryDashboard, portfolioDashboard, portfolioMeasuresDashboard, portfolioProvidersDashboard } from '../../dashboards/pages.ts';
import { COLOURS } from '../../dashboards/theme.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

/** WCAG 2.1 relative luminance of a #rrggbb or rgb(r, g, b) colour. */
function luminance(value: unknown): number {
  const colour = String(value); // a scale gives a d3 colour object, whose string is rgb(…)
  const parts = colour.startsWith('#') ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) : colour.match(/\d+/g)!.slice(0, 3).map(Number);
  const [r, g, b] = parts.map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: unknown, b: unknown) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('chart colours', () => {
  it('write and draw with 4.5:1 on white (all but the light interval band)', () => {
    const used = { ...Object.fromEntries(Object.entries(COLOURS).filter(([k, v]) => typeof v === 'string' && k !== 'band')), ...Object.fromEntries(COLOURS.categories.map((c, i) => [`categories[${i}]`, c])) };
    const low = Object.entries(used).filter(([, c]) => contrast(c as string, '#ffffff') < 4.5).map(([k, c]) => `${k} ${c} ${contrast(c as string, '#ffffff').toFixed(2)}:1`);
    expect(low).toEqual([]);
  });

  it('write a heat table\'s figures with 4.5:1 on every cell colour', async () => {
    const ctx: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };
    const rows = Array.from({ length: 21 }, (_, i) => ({ ind: 'dropout_rate', yr: '2025', jc: String(i).padStart(5, '0'), ins: '*', br: '*', n: i, d: 20, v: i / 20, lo: null, hi: null, s: 0, c: 0, p: 0 }));
    const view = await drawSpec(indicatorsByJobcenter(ctx, {}).spec, { year: rows });
    // the cells (not the legend's gradient)
    const cell = new Map(markItems(view, 'rect').filter((r) => r.datum!['jc'] !== undefined).map((r) => [r.datum!['jc'], r.fill!]));
    const low = markItems(view, 'text')
      .filter((t) => t.datum && cell.has(t.datum['jc']) && t.text)
      .map((t) => ({ what: `${String(t.text)} on ${cell.get(t.datum!['jc'])}`, ratio: contrast(t.fill!, cell.get(t.datum!['jc'])!) }))
      .filter((t) => t.ratio < 4.5)
      .map((t) => `${t.what}: ${t.ratio.toFixed(2)}:1`);
    expect(cell.size).toBe(21);
    expect(low).toEqual([]);
  });

  describe('series', () => {
    let fx: FixtureDb;
    let dashboards: Dashboard[];
    beforeAll(async () => {
      fx = await openFixtureDb('almp-colours-');
      const labels = await loadCodeLabels(fx.db);
      const source = await loadDashboardSource(fx.db);
      dashboards = [controllingDashboard(source, labels), ministryDashboard(source, labels), portfolioDashboard(source, labels), portfolioProvidersDashboard(source, labels), portfolioMeasuresDashboard(source, labels)];
    });
    afterAll(() => fx.close());

    /** Every unit layer of a spec (layers of layers, vconcat). */
    function units(spec: VlSpec): VlSpec[] {
      const children = [...((spec['layer'] as VlSpec[]) ?? []), ...((spec['vconcat'] as VlSpec[]) ?? [])];
      return children.length ? children.flatMap(units) : [spec];
    }

    it('that differ in colour differ in point shape or line dash too', () => {
      const found: string[] = [];
      let series = 0;
      for (const dashboard of dashboards) {
        for (const chart of dashboard.charts) {
          const shared = (chart.spec['encoding'] as VlSpec | undefined) ?? {};
          for (const unit of units(chart.spec)) {
            const mark = unit['mark'];
            const type = typeof mark === 'string' ? mark : (mark as VlSpec | undefined)?.['type'];
            const encoding = { ...shared, ...((unit['encoding'] as VlSpec | undefined) ?? {}) };
            const colour = ((encoding['color'] ?? encoding['stroke']) as VlSpec | undefined)?.['field'];
            if (!colour || (type !== 'point' && type !== 'line')) continue;
            series++;
            const other = (encoding[type === 'point' ? 'shape' : 'strokeDash'] as VlSpec | undefined)?.['field'];
            if (other !== colour) found.push(`${dashboard.slug}/${chart.id}: ${type} coloured by ${String(colour)} without ${type === 'point' ? 'shape' : 'dash'}`);
          }
        }
      }
      expect(series).toBeGreaterThan(10);
      expect(found).toEqual([]);
    });

    it('each have a line dash of their own: no two lines of a chart share one (the Kaplan–Meier curves: 6 dashes for up to 12 lines)', () => {
      const found: string[] = [];
      let charts = 0;
      for (const dashboard of dashboards) {
        for (const chart of dashboard.charts) {
          const shared = (chart.spec['encoding'] as VlSpec | undefined) ?? {};
          for (const unit of [chart.spec, ...units(chart.spec)]) {
            const dash = ({ ...shared, ...((unit['encoding'] as VlSpec | undefined) ?? {}) }['strokeDash'] as { scale?: { domain: string[]; range: number[][] } } | undefined)?.scale;
            if (!dash) continue;
            charts++;
            // an ordinal scale starts over at the start of its range when the domain is longer
            const patterns = dash.domain.map((_, i) => JSON.stringify(dash.range[i % dash.range.length]));
            const twice = dash.domain.filter((_, i) => patterns.indexOf(patterns[i]!) !== i);
            if (twice.length) found.push(`${dashboard.slug}/${chart.id}: ${dash.domain.length} series, ${new Set(patterns).size} dashes (${twice.join(', ')} repeat one)`);
          }
        }
      }
      expect(charts).toBeGreaterThan(0);
      expect([...new Set(found)]).toEqual([]);
    });

    it('can be told apart by dash for as many series as the palette has colours, as the legend draws them', () => {
      // what a pattern draws over the legend's sample, pixel by pixel: [12,3] and [12,3,3,3]
      // were distinct arrays that drew alike over a 17 px sample (a review)
      const drawn = (dash: number[]) =>
        Array.from({ length: LEGEND_DASH_SAMPLE_PX }, (_, x) => {
          const period = dash.reduce((a, b) => a + b, 0);
          let at = (x + 0.5) % period;
          for (let i = 0; i < dash.length; i++) {
            if (at < dash[i]!) return i % 2 === 0 ? '-' : ' ';
            at -= dash[i]!;
          }
          return ' ';
        }).join('');
      const samples = SERIES_DASHES.map(drawn);
      expect(new Set(samples).size, samples.join('|')).toBe(samples.length);
      expect(samples.length).toBeGreaterThanOrEqual(COLOURS.categories.length);
    });
  });
});
