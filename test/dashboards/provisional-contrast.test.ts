/**
 * A provisional bar stays visible and says so without colour: drawn lighter, its pale fill
 * had 1.9–2.2:1 on white (the funnel, phases, overdue reports, at-risk and denominator bars),
 * below the 3:1 WCAG 1.4.11 asks of a graphical object that carries a figure, and told
 * provisional from final by lightness alone (1.4.1). Every provisional bar of every chart,
 * drawn from the fixture pages' own data: its fill or its outline has 3:1 on white, and a
 * pale one has a dashed outline that a final bar does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, controllingDashboard, loadDashboardSource, ministryDashboard, portfolioDashboard, portfolioMeasuresDashboard, portfolioProvidersDashboard } from '../../dashboards/pages.ts';
import { drawSpec, markItems, type SceneItem } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

type Bar = SceneItem & { opacity?: number; fillOpacity?: number; strokeOpacity?: number; strokeWidth?: number; strokeDash?: number[] | string };

/** The colour a mark shows on white at the given opacity. */
function onWhite(colour: string, alpha: number): number[] {
  const digits = colour === 'white' ? ['255', '255', '255'] : colour.match(/\d+/g);
  if (!colour.startsWith('#') && !digits) throw new Error(`colour ${colour}`);
  const rgb = colour.startsWith('#') ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) : digits!.slice(0, 3).map(Number);
  return rgb.map((c) => alpha * c + (1 - alpha) * 255);
}
function contrastOnWhite(colour: string | undefined, alpha: number): number {
  if (!colour || colour === 'transparent' || alpha <= 0) return 1;
  const [r, g, b] = onWhite(colour, alpha).map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * r! + 0.7152 * g! + 0.0722 * b! + 0.05);
}
const dashed = (bar: Bar) => (Array.isArray(bar.strokeDash) ? bar.strokeDash.length > 0 && bar.strokeDash[1] !== 0 : typeof bar.strokeDash === 'string' && /\d/.test(bar.strokeDash) && !/^\s*\d+[ ,]+0\s*$/.test(bar.strokeDash));

describe('provisional bars and points', () => {
  let fx: FixtureDb;
  let dashboards: Dashboard[];
  beforeAll(async () => {
    fx = await openFixtureDb('almp-provisional-contrast-');
    const labels = await loadCodeLabels(fx.db);
    const source = await loadDashboardSource(fx.db);
    dashboards = [controllingDashboard(source, labels), ministryDashboard(source, labels), portfolioDashboard(source, labels), portfolioProvidersDashboard(source, labels), portfolioMeasuresDashboard(source, labels)];
  });
  afterAll(() => fx.close());

  it('have 3:1 on white in fill or outline, and a dashed outline where the fill is pale', async () => {
    const found: string[] = [];
    const charts = new Set<string>();
    let provisional = 0;
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) {
        // bars only: a table's cell colour is the ground of its figure, written in the cell
        if (JSON.stringify(chart.spec).includes('"type":"rect"')) continue;
        const view = await drawSpec(chart.spec, Object.fromEntries(chart.datasets.map((name) => [name, [...dashboard.datasets[name]!]])));
        for (const bar of markItems(view, 'rect') as Bar[]) {
          if (bar.datum?.['p'] !== 1 || typeof bar.fill !== 'string') continue;
          provisional++;
          charts.add(chart.id);
          const alpha = bar.opacity ?? 1;
          const fill = contrastOnWhite(bar.fill, alpha * (bar.fillOpacity ?? 1));
          if (fill >= 3) continue;
          const outline = (bar.strokeWidth ?? 1) >= 1 ? contrastOnWhite(bar.stroke, alpha * (bar.strokeOpacity ?? 1)) : 1;
          if (outline < 3 || !dashed(bar)) found.push(`${dashboard.slug}/${chart.id} ${String(bar.datum['ind'])}: fill ${fill.toFixed(2)}:1, outline ${outline.toFixed(2)}:1${dashed(bar) ? ' dashed' : ''}`);
        }
        // a final bar has no dash: the dash alone tells provisional from final
        for (const bar of markItems(view, 'rect') as Bar[]) if (bar.datum?.['p'] === 0 && dashed(bar)) found.push(`${dashboard.slug}/${chart.id}: final bar dashed`);
      }
    }
    expect(provisional).toBeGreaterThan(10);
    expect(charts.size).toBeGreaterThanOrEqual(4);
    expect([...new Set(found)]).toEqual([]);
  }, 60_000);

  it('and every point drawn from data, and every legend symbol, has 3:1 on white, in its outline or its fill', async () => {
    const found: string[] = [];
    let points = 0;
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) {
        const view = await drawSpec(chart.spec, Object.fromEntries(chart.datasets.map((name) => [name, [...dashboard.datasets[name]!]])));
        for (const point of markItems(view, 'symbol') as Bar[]) {
          // points drawn from data, and the legend's symbols that are their key
          const legend = point.datum && 'index' in point.datum && 'label' in point.datum;
          if (!legend && (!point.datum || !('v' in point.datum || 'oe' in point.datum) || point.datum['v'] === null)) continue;
          points++;
          const alpha = point.opacity ?? 1;
          const fill = typeof point.fill === 'string' ? contrastOnWhite(point.fill, alpha * (point.fillOpacity ?? 1)) : 1;
          const outline = typeof point.stroke === 'string' && (point.strokeWidth ?? 1) > 0 ? contrastOnWhite(point.stroke, alpha * (point.strokeOpacity ?? 1)) : 1;
          if (Math.max(fill, outline) < 3) found.push(`${dashboard.slug}/${chart.id}${legend ? ' legend' : ''}: ${point.fill ?? point.stroke} at ${alpha}: ${Math.max(fill, outline).toFixed(2)}:1`);
        }
      }
    }
    expect(points).toBeGreaterThan(50);
    expect([...new Set(found)]).toEqual([]);
  }, 60_000);
});
