/**
 * The row title of a table chart stands left of its row labels, not on them. At 10^6 the
 * measure comparison's rows read "01411-0002 · 45_MAG · Träger 002275" (about 215 px) and
 * the rotated title "Maßnahme · Instrument · Träger" was drawn across the labels of the
 * middle rows, on the page and in the saved PNG: Vega caps an axis's extent at 200 px
 * (maxExtent) and places the title there, while the labels may take up to 320 px.
 * The fixture's short codes ("M01 · 45_MAT · Träger P01") stayed under 200 px.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { measuresTable } from '../../dashboards/charts/portfolio-measures.ts';
import { drawSpec } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

interface Node { role?: string; marktype?: string; text?: unknown; bounds?: { x1: number; x2: number }; items?: Node[] }

/** Bounds of the texts drawn in axis titles and axis labels. */
function axisTexts(root: Node): { titles: Node[]; labels: Node[] } {
  const titles: Node[] = [], labels: Node[] = [];
  const walk = (node: Node, role?: string) => {
    const r = node.role ?? role;
    if (node.marktype === 'text' && r === 'axis-title') titles.push(...(node.items ?? []));
    if (node.marktype === 'text' && r === 'axis-label') labels.push(...(node.items ?? []));
    (node.items ?? []).forEach((child) => walk(child, r));
  };
  walk(root);
  return { titles, labels };
}

describe('table charts with long row labels', () => {
  it('place the row title left of the labels of measures with a state-wide code', async () => {
    const codes = Array.from({ length: 30 }, (_, i) => `${String(1411 + i * 500).padStart(5, '0')}-0${String(100 + i)}`);
    const labels = Object.fromEntries(codes.map((c) => [c, `${c} · 45_AVGS · Träger 002275`]));
    const rows = codes.map((mea, i) => ({ ind: 'dropout_rate', yr: '2025', mea, jc: mea.slice(0, 5), ins: '45_AVGS', br: '*', n: 30, d: 100 + i, v: 0.3, lo: 0.2, hi: 0.4, s: 0, p: 0 }));
    const view = await drawSpec(measuresTable(CTX, labels).spec, { measures: rows });
    const { titles, labels: drawn } = axisTexts((view.scenegraph() as unknown as { root: Node }).root);
    const rowTitle = titles.find((t) => String(t.text).startsWith('Maßnahme'));
    const rowLabels = drawn.filter((t) => String(t.text).includes('Träger'));
    expect(rowLabels).toHaveLength(30);
    expect(rowTitle).toBeDefined();
    expect(rowTitle!.bounds!.x2).toBeLessThanOrEqual(Math.min(...rowLabels.map((l) => l.bounds!.x1)));
  });
});
