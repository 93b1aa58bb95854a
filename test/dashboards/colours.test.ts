/**
 * One colour per series in a chart: the lines, the points (stroke and fill) and the legend
 * of a series agree, also when one series has no value in some layer. Vega-Lite derives
 * each of the colour, stroke and fill scales from the rows of its own layer; an instrument
 * whose figures were all suppressed was missing from the points' scales, and every
 * instrument after it took its neighbour's colour (the 176.170 € of 16i drawn in 16h's
 * colour on the portfolio page).
 */
import { describe, expect, it } from 'vitest';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { COLOURS } from '../../dashboards/theme.ts';

const CTX: ChartContext = {
  bound: new Set(),
  defaults: { jc: '*', year: '2025', instr: '*' },
  labels: { instruments: { '16h': '16h – Förderung junger Menschen', '16i': '16i – Teilhabe', '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5 },
};

// 16h: every year suppressed (no number leaves the database); 16i and 45_MAT shown
const row = (ins: string, yr: string, v: number | null) => ({
  ind: 'cost_per_participant', yr, per: yr, jc: '*', ins, br: '*', n: v === null ? null : 10 * v, d: v === null ? null : 10, v, lo: null, hi: null, s: v === null ? 1 : 0, p: 0,
});
const ROWS = [row('16h', '2024', null), row('16h', '2025', null), row('16i', '2024', 17617), row('16i', '2025', 9000), row('45_MAT', '2024', 4000), row('45_MAT', '2025', 4200)];

describe('series colours', () => {
  it('draw the points of an instrument in the colour of its line, with an instrument all suppressed before it', async () => {
    const view = await drawSpec(instrumentYears(CTX, 'cost_per_participant', 'kosten').spec, { year: ROWS });
    const lineColour = new Map<string, string>();
    for (const item of markItems(view, 'line')) lineColour.set(String(item.datum!['ins']), String(item.stroke));
    // the drawn points, not the hidden years' marks in the strip (symbols in the instrument's shape too)
    const points = markItems(view, 'symbol').filter((item) => item.datum!['ins'] !== undefined && !item.tooltip?.['Status']?.startsWith('unterdrückt'));
    expect(points.length).toBe(4);
    for (const item of points) {
      const ins = String(item.datum!['ins']);
      expect({ ins, stroke: item.stroke, fill: item.fill }).toEqual({ ins, stroke: lineColour.get(ins), fill: lineColour.get(ins) });
    }
    // and each instrument keeps its place in the palette whatever the selection shows
    expect(lineColour.get('16i')).toBe(COLOURS.categories[1]);
    expect(lineColour.get('45_MAT')).toBe(COLOURS.categories[2]);
  });
});
