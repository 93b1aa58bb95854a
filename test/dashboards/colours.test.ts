/**
 * One colour per series in a chart: the lines, the points (stroke and fill) and the legend
 * of a series agree, also when one series has no value in some layer. Vega-Lite derives
 * each of the colour, stroke and fill scales from the rows of its own layer; an instrument
 * whose figures were all suppressed was missing from the points' scales, and every
 * instrument after it took its neighbour's colour (the 176.170 € of 16i drawn in 16h's
 * colour on the portfolio page).
 */
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { COLOURS } from '../../dashboards/theme.ts';

const CTX: ChartContext = {
  bound: new Set(),
  defaults: { jc: '*', year: '2025', instr: '*' },
  labels: { instruments: { '16h': '16h – Förderung junger Menschen', '16i': '16i – Teilhabe', '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {} },
};

// 16h: every year suppressed (no number leaves the database); 16i and 45_MAT shown
const row = (ins: string, yr: string, v: number | null) => ({
  ind: 'cost_per_participant', yr, per: yr, jc: '*', ins, br: '*', n: v === null ? null : 10 * v, d: v === null ? null : 10, v, lo: null, hi: null, s: v === null ? 1 : 0, p: 0,
});
const ROWS = [row('16h', '2024', null), row('16h', '2025', null), row('16i', '2024', 17617), row('16i', '2025', 9000), row('45_MAT', '2024', 4000), row('45_MAT', '2025', 4200)];

interface Item {
  datum?: Record<string, unknown>;
  stroke?: string;
  fill?: string;
  items?: Item[];
  marktype?: string;
}

function collect(node: Item, marktype: string | undefined, out: { marktype: string; item: Item }[]): void {
  for (const child of node.items ?? []) {
    if (child.marktype) collect(child, child.marktype, out);
    else {
      if (marktype && child.datum) out.push({ marktype, item: child });
      collect(child, marktype, out);
    }
  }
}

describe('series colours', () => {
  it('draw the points of an instrument in the colour of its line, with an instrument all suppressed before it', async () => {
    const spec = instrumentYears(CTX, 'cost_per_participant', 'kosten', '').spec as unknown as TopLevelSpec;
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    view.data('year', ROWS);
    await view.runAsync();
    const marks: { marktype: string; item: Item }[] = [];
    collect((view.scenegraph() as unknown as { root: Item }).root, undefined, marks);
    const lineColour = new Map<string, string>();
    for (const { marktype, item } of marks) if (marktype === 'line') lineColour.set(String(item.datum!['ins']), String(item.stroke));
    const points = marks.filter((m) => m.marktype === 'symbol' && m.item.datum!['ins'] !== undefined);
    expect(points.length).toBe(4);
    for (const { item } of points) {
      const ins = String(item.datum!['ins']);
      expect({ ins, stroke: item.stroke, fill: item.fill }).toEqual({ ins, stroke: lineColour.get(ins), fill: lineColour.get(ins) });
    }
    // and each instrument keeps its place in the palette whatever the selection shows
    expect(lineColour.get('16i')).toBe(COLOURS.categories[1]);
    expect(lineColour.get('45_MAT')).toBe(COLOURS.categories[2]);
  });
});
