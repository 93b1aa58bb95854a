/**
 * A hidden figure's mark cannot be read as a value (a user review): a "•" on the 0 % line
 * read as a real 0 % (dropout trend), at the foot of the cost axis as a cost of 1.000 €, a
 * few pixels above the activation rates' 0 as 0,5 %. Every hidden mark now stands under the
 * pixel range of the chart's value scale, where no value can be drawn, with the strip's
 * label beside it; the chart's table still says "unterdrückt" for it, with no value.
 */
import { describe, expect, it } from 'vitest';
import type { View } from 'vega';
import { type ChartContext, PARAM } from '../../dashboards/charts/kit.ts';
import { activationRates, atRisk, dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { LANE_PX, STRIP_PX } from '../../dashboards/charts/hidden-strip.ts';
import { tableRows } from '../../dashboards/html/value-table.mjs';
import { drawSpec, markItems, type SceneItem } from '../helpers/scenegraph.ts';

const INSTRUMENTS = { '16e': '16e', '16i': '16i', '45_MAT': '45_MAT' };
const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2024', instr: '*' }, labels: { instruments: INSTRUMENTS, reasons: {}, goals: {}, threshold: 5 } };

const month = (ind: string, per: string, n: number | null, d: number | null) => ({
  ind, per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*',
  n, d, v: n === null || d === null ? n : n / d, lo: n === null || d === null ? null : Math.max(0, n / d - 0.05), hi: n === null || d === null ? null : n / d + 0.05, s: n === null ? 1 : 0, p: 0,
});
const denominator = (ind: string, per: string, d: number | null) => ({ ind, per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*', d, s: d === null ? 1 : 0, p: 0 });
const year = (ind: string, ins: string, yr: string, v: number | null) => ({
  ind, per: yr, date: null, yr, jc: '*', ins, br: '*', n: v === null ? null : 10, d: v === null ? null : 10 / (ind.startsWith('cost') ? 1 : v || 1), v, lo: null, hi: null, s: v === null ? 1 : 0, p: 0,
});

type Placed = SceneItem & { y: number };
/** The marks of hidden rows: a "•", or a series' point shape (a symbol whose status says unterdrückt). */
const hiddenMarks = (view: View) =>
  [...markItems(view, 'text').filter((i) => i.text === '•'), ...markItems(view, 'symbol')].filter((i) => i.tooltip?.['Status']?.startsWith('unterdrückt')) as Placed[];
/** The shape of each series' points (not the strip's) by series: what the legend shows. */
const pointShapes = (view: View, field: string) =>
  new Map(markItems(view, 'symbol').filter((i) => !i.tooltip?.['Status']?.startsWith('unterdrückt') && i.datum?.['v'] !== undefined).map((i) => [i.datum![field], (i as { shape?: unknown }).shape]));

/** The pixel range a value scale draws values in: [top, bottom]. */
function valuePixels(view: View, scale: string): [number, number] {
  const range = (view.scale(scale) as unknown as { range(): number[] }).range();
  return [Math.min(...range), Math.max(...range)];
}

/** Hidden marks whose y lies where the value scale could draw a value (with the mark's half height). */
function onValues(marks: Placed[], [top, bottom]: [number, number]): string[] {
  return marks.filter((m) => m.y - 5 <= bottom && m.y >= top).map((m) => `${JSON.stringify(m.tooltip)} at y ${m.y} within ${top}–${bottom}`);
}

describe('hidden figures are marked outside the values', () => {
  it('a hidden month of a rate, and a hidden denominator, stand under the value range; the table says unterdrückt without a value', async () => {
    const def = dropoutTrend(CTX);
    const view = await drawSpec(def.spec, {
      month: [month('dropout_rate', '2024-01', null, null), month('dropout_rate', '2024-02', 6, 20), month('dropout_rate', '2024-03', 1, 40)],
      denominators: [denominator('dropout_rate', '2024-01', 15), denominator('dropout_rate', '2024-02', 20), denominator('dropout_rate', '2024-03', null)],
    });
    const marks = hiddenMarks(view);
    const rates = marks.filter((m) => 'n' in m.datum!);
    const denominators = marks.filter((m) => !('n' in m.datum!));
    expect([rates.length, denominators.length]).toEqual([1, 1]);
    expect(onValues(rates, valuePixels(view, 'concat_0_y'))).toEqual([]);
    expect(onValues(denominators, valuePixels(view, 'concat_1_y'))).toEqual([]);
    // the 2,5 % of March is drawn above the hidden January's mark, not level with it
    const march = markItems(view, 'symbol').find((i) => i.datum?.['per'] === '2024-03') as Placed;
    expect(march.y).toBeLessThan(rates[0]!.y - 5);
    const table = tableRows((view.scenegraph() as unknown as { root: unknown }).root, def.table);
    const january = table.rows.find((r) => r[0] === 'Januar 2024')!;
    const cell = (title: string) => january[table.columns.indexOf(title)];
    expect([cell('Quote'), cell('Status')]).toEqual(['–', 'unterdrückt (kleine Fallzahl)']);
    expect(cell('Austritte')).toBe('15');
  });

  it('a hidden month under the bars stands in the middle of its own month, where its bar would be', async () => {
    const view = await drawSpec(dropoutTrend(CTX).spec, {
      month: [month('dropout_rate', '2024-01', 3, 15), month('dropout_rate', '2024-02', 4, 20), month('dropout_rate', '2024-03', 2, 40)],
      // February's exits hidden; January's and March's bars beside its empty slot
      denominators: [denominator('dropout_rate', '2024-01', 15), denominator('dropout_rate', '2024-02', null), denominator('dropout_rate', '2024-03', 40)],
    });
    const [dot] = hiddenMarks(view) as (Placed & { x: number })[];
    expect(dot?.datum?.['per']).toBe('2024-02');
    const bars = markItems(view, 'rect').filter((i) => i.datum && 'd' in i.datum) as unknown as { x: number; x2?: number; width: number; datum: { per: string } }[];
    const end = (b: { x: number; x2?: number; width: number }) => b.x2 ?? b.x + b.width;
    const [january, march] = [bars.find((b) => b.datum.per === '2024-01')!, bars.find((b) => b.datum.per === '2024-03')!];
    // February's slot: from January's bar's end to March's bar's start (before: on January's end)
    expect(dot!.x).toBeGreaterThan(end(january) + 3);
    expect(dot!.x).toBeLessThan(march.x - 3);
    const x = view.scale('x') as unknown as (d: number) => number;
    expect(Math.abs(dot!.x - (x(Date.UTC(2024, 1, 1)) + x(Date.UTC(2024, 2, 1))) / 2)).toBeLessThan(1);
  });

  it('labels the strip "unterdrückt" when something is hidden, and draws no strip when nothing is', async () => {
    const label = (view: View) => markItems(view, 'text').filter((i) => i.text === 'unterdrückt');
    const hidden = await drawSpec(dropoutTrend(CTX).spec, { month: [month('dropout_rate', '2024-01', null, null), month('dropout_rate', '2024-02', 6, 20)], denominators: [] });
    expect(label(hidden)).toHaveLength(1);
    const shown = await drawSpec(dropoutTrend(CTX).spec, { month: [month('dropout_rate', '2024-02', 6, 20)], denominators: [] });
    expect(label(shown)).toHaveLength(0);
  });

  it('no strip and no gap under 0 when nothing in the selection is hidden: the value range reaches the plot\'s bottom, the bars the x axis', async () => {
    const bottom = (view: View, scale: string) => valuePixels(view, scale)[1];
    const ground = (view: View) => markItems(view, 'rect').filter((i) => i.datum && 'hidden_rows' in i.datum);
    // Jobcenter 06411 hides January's rate and March's exits, the total nothing
    const rows = [
      month('dropout_rate', '2024-01', 3, 15), month('dropout_rate', '2024-02', 6, 20), month('dropout_rate', '2024-03', 1, 40),
      { ...month('dropout_rate', '2024-01', null, null), jc: '06411' }, { ...month('dropout_rate', '2024-02', 2, 20), jc: '06411' }, { ...month('dropout_rate', '2024-03', 1, 10), jc: '06411' },
    ];
    const denominators = [
      denominator('dropout_rate', '2024-01', 15), denominator('dropout_rate', '2024-02', 20), denominator('dropout_rate', '2024-03', 40),
      { ...denominator('dropout_rate', '2024-01', 15), jc: '06411' }, { ...denominator('dropout_rate', '2024-02', 20), jc: '06411' }, { ...denominator('dropout_rate', '2024-03', null), jc: '06411' },
    ];
    const view = await drawSpec(dropoutTrend(CTX).spec, { month: rows, denominators });
    expect([bottom(view, 'concat_0_y'), bottom(view, 'concat_1_y')]).toEqual([200, 50 + STRIP_PX]);
    expect(ground(view)).toEqual([]);
    // the bars stand on the x axis, not 18 px above it
    const bars = markItems(view, 'rect').filter((i) => i.datum && 'd' in i.datum) as unknown as { y: number; height: number }[];
    expect(bars.map((b) => Math.round(b.y + b.height))).toEqual([68, 68, 68]);
    // the filter to 06411: each plot makes room for its own strip (the rates' for January, the bars' for March)
    await view.signal(PARAM.jc, '06411').runAsync();
    expect([bottom(view, 'concat_0_y'), bottom(view, 'concat_1_y')]).toEqual([200 - STRIP_PX, 50]);
    expect(ground(view)).toHaveLength(2);
    // and back to the total: no strip, no gap
    await view.signal(PARAM.jc, '*').runAsync();
    expect([bottom(view, 'concat_0_y'), bottom(view, 'concat_1_y')]).toEqual([200, 50 + STRIP_PX]);
    expect(ground(view)).toEqual([]);
    // only the rate hidden: the bars keep the whole plot
    const rateOnly = await drawSpec(dropoutTrend({ ...CTX, defaults: { ...CTX.defaults, jc: '06411' } }).spec, { month: rows, denominators: denominators.map((d) => ({ ...d, d: d.d ?? 12, s: 0 })) });
    expect([bottom(rateOnly, 'concat_0_y'), bottom(rateOnly, 'concat_1_y')]).toEqual([200 - STRIP_PX, 50 + STRIP_PX]);
  });

  it('no gap under the other strip charts either when nothing is hidden, and one when something is', async () => {
    const activation = (hidden: boolean) => [month('activation_rate_aq1', '2024-01', 40, 400), hidden ? month('activation_rate_ltr', '2024-01', null, null) : month('activation_rate_ltr', '2024-01', 20, 400)];
    const risk = (hidden: boolean) => [month('participants_active', '2024-01', 40, null), hidden ? month('at_risk_participants', '2024-01', null, null) : month('at_risk_participants', '2024-01', 6, null)];
    const years = (ind: string, hidden: boolean) => [year(ind, '16e', '2024', hidden ? null : 0.2), year(ind, '45_MAT', '2024', ind.startsWith('cost') ? 1100 : 0.3)];
    const charts: [string, Record<string, unknown>, (hidden: boolean) => Record<string, unknown[]>, number][] = [
      ['activation', activationRates(CTX).spec, (h) => ({ month: activation(h) }), 220],
      ['at risk', atRisk(CTX).spec, (h) => ({ month: risk(h) }), 200],
      ['portfolio rate', instrumentYears(CTX, 'dropout_rate', 'x').spec, (h) => ({ year: years('dropout_rate', h) }), 200],
      ['portfolio cost', instrumentYears(CTX, 'cost_per_participant', 'x').spec, (h) => ({ year: years('cost_per_participant', h) }), 200],
    ];
    for (const [name, spec, data, height] of charts) {
      expect(valuePixels(await drawSpec(spec, data(false)), 'y')[1], `${name}, nothing hidden`).toBe(height);
      expect(valuePixels(await drawSpec(spec, data(true)), 'y')[1], `${name}, one hidden`).toBe(height - STRIP_PX);
    }
  });

  it('activation rates: a hidden series month stands under the range, not at 0,5 %', async () => {
    const view = await drawSpec(activationRates(CTX).spec, {
      month: [month('activation_rate_aq1', '2024-01', 40, 400), month('activation_rate_elb', '2024-01', null, null), month('activation_rate_ltr', '2024-01', null, null), month('activation_rate_ltr', '2024-02', 1, 200)],
    });
    const marks = hiddenMarks(view);
    expect(marks.map((m) => m.datum!['ind']).sort()).toEqual(['activation_rate_elb', 'activation_rate_ltr']);
    expect(onValues(marks, valuePixels(view, 'y'))).toEqual([]);
    // two series hidden in one month: side by side in the strip, not one on the other
    expect(new Set(marks.map((m) => m.y)).size).toBe(2);
  });

  it('a hidden series month has its series\' point shape as well as its colour (WCAG 1.4.1), as the legend', async () => {
    const view = await drawSpec(activationRates(CTX).spec, {
      month: [
        month('activation_rate_aq1', '2024-01', 40, 400), month('activation_rate_elb', '2024-01', 30, 400), month('activation_rate_ltr', '2024-01', 20, 400),
        month('activation_rate_aq1', '2024-02', null, null), month('activation_rate_elb', '2024-02', null, null), month('activation_rate_ltr', '2024-02', null, null),
      ],
    });
    const shapes = pointShapes(view, 'ind');
    expect(new Set(shapes.values()).size).toBe(3);
    const marks = hiddenMarks(view) as (Placed & { shape?: unknown; fill?: string })[];
    expect(marks.map((m) => [m.datum!['ind'], m.shape])).toEqual([...shapes.entries()].map(([ind]) => [ind, shapes.get(ind)]).sort());
    // in the series' colour too: three colours
    expect(new Set(marks.map((m) => m.fill)).size).toBe(3);
  });

  it('portfolio years: a hidden instrument\'s mark has the instrument\'s point shape', async () => {
    const rows = [year('dropout_rate', '16e', '2024', null), year('dropout_rate', '16i', '2024', null), year('dropout_rate', '16e', '2023', 0.2), year('dropout_rate', '16i', '2023', 0.3)];
    const view = await drawSpec(instrumentYears(CTX, 'dropout_rate', 'x').spec, { year: rows });
    const shapes = pointShapes(view, 'ins');
    const marks = hiddenMarks(view) as (Placed & { shape?: unknown })[];
    expect(marks).toHaveLength(2);
    for (const m of marks) expect(m.shape, String(m.datum!['ins'])).toBe(shapes.get(m.datum!['ins']));
    expect(new Set(marks.map((m) => m.shape)).size).toBe(2);
  });

  it('at-risk participants: a hidden count stands under the bars\' range, not on 0', async () => {
    const view = await drawSpec(atRisk(CTX).spec, { month: [month('participants_active', '2024-01', 40, null), month('at_risk_participants', '2024-01', null, null)] });
    const marks = hiddenMarks(view);
    expect(marks).toHaveLength(1);
    expect(onValues(marks, valuePixels(view, 'y'))).toEqual([]);
  });

  it('portfolio years: a hidden rate and a hidden cost stand under the range (a log axis\' foot read as 1.000 €)', async () => {
    for (const ind of ['dropout_rate', 'cost_per_participant']) {
      const rows = ind === 'dropout_rate'
        ? [year(ind, '16e', '2024', null), year(ind, '16i', '2024', null), year(ind, '45_MAT', '2024', 0.01), year(ind, '45_MAT', '2025', 0.3)]
        : [year(ind, '16e', '2024', null), year(ind, '16i', '2024', null), year(ind, '45_MAT', '2024', 1100), year(ind, '45_MAT', '2025', 9000)];
      const view = await drawSpec(instrumentYears(CTX, ind, 'x').spec, { year: rows });
      const marks = hiddenMarks(view);
      expect(marks.map((m) => m.datum!['ins']).sort(), ind).toEqual(['16e', '16i']);
      expect(onValues(marks, valuePixels(view, 'y')), ind).toEqual([]);
      // two instruments hidden in one year: each in its own place of the year
      expect(new Set(marks.map((m) => (m as unknown as { x: number }).x)).size, ind).toBe(2);
    }
  });

  it('portfolio years: a hidden year\'s marks stand around its tick, not spread over the year (the first lane lay halfway to the next year)', async () => {
    const rows = [
      year('occupancy_rate', '16e', '2024', null), year('occupancy_rate', '16i', '2024', null), year('occupancy_rate', '45_MAT', '2024', null),
      year('occupancy_rate', '45_MAT', '2023', null), year('occupancy_rate', '16e', '2023', 0.4), year('occupancy_rate', '16i', '2025', 0.5),
    ];
    // every instrument, and one chosen (its lone hidden year was 16 px off the tick, its points on it)
    for (const instr of ['*', '45_MAT']) {
      const view = await drawSpec(instrumentYears({ ...CTX, defaults: { ...CTX.defaults, instr } }, 'occupancy_rate', 'x').spec, { year: rows });
      // the year's tick on the axis (where its points stand), not the scale's value: a band's start
      const tick = (yr: string) => (markItems(view, 'rule').find((i) => i.datum?.['value'] === yr) as unknown as { x: number }).x;
      const marks = hiddenMarks(view) as (Placed & { x: number })[];
      expect(marks.length, instr).toBe(instr === '*' ? 4 : 2);
      for (const yr of ['2023', '2024']) {
        const offsets = marks.filter((m) => m.datum!['yr'] === yr).map((m) => m.x - tick(yr));
        // within a lane's width of the tick at most (three lanes: one on it, one either side) …
        expect(offsets.every((dx) => Math.abs(dx) <= LANE_PX + 0.5), `${instr} ${yr}: ${offsets}`).toBe(true);
        // … symmetric around it: a lone mark on the tick
        expect(Math.abs(offsets.reduce((a, b) => a + b, 0)), `${instr} ${yr}: ${offsets}`).toBeLessThan(0.5);
      }
    }
  });
});
