/**
 * The cost chart per measure showed one point under a key of eleven instruments and did not
 * say that the selection's other measures with costs have no point (a cost hidden, no
 * successful exit, or 0 € on a log axis): it counts them above the plot, and the captions of
 * the portfolio's instrument charts say that the key lists every instrument, drawn or not.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears, LEGEND_NOTE } from '../../dashboards/charts/portfolio.ts';
import { costsPerMeasure } from '../../dashboards/charts/portfolio-measures.ts';
import { tableRows } from '../../dashboards/html/value-table.mjs';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: { '16d_AGH': '16d_AGH', '16i': '16i' }, reasons: {}, goals: {}, threshold: 5 } };
const cost = (mea: string, ind: string, v: number | null) => ({ ind, yr: '2025', mea, jc: '06411', ins: '16i', prv: '001001', br: '*', n: v, d: v === null ? null : 5, v, lo: null, hi: null, s: v === null ? 1 : 0, p: 0 });
const subtitle = (spec: Record<string, unknown>) => ((spec['title'] as { subtitle: string[] }).subtitle).join(' ');

describe('measures with costs but no point', () => {
  it('are counted above the plot, and listed in the table with why they have no point', async () => {
    const def = costsPerMeasure(CTX);
    const view = await drawSpec(def.spec, {
      measures: [
        cost('06411-0005', 'cost_per_participant', 9497), cost('06411-0005', 'cost_per_successful_exit', 18993),
        // no successful exit: no cost per success
        cost('06411-0004', 'cost_per_participant', 88466),
        // a contract of one participation: hidden
        cost('06411-0007', 'cost_per_participant', null),
      ],
    });
    expect(markItems(view, 'symbol').filter((i) => i.datum?.['mea'] !== undefined).map((i) => i.datum!['mea'])).toEqual(['06411-0005']);
    const notes = markItems(view, 'text').filter((i) => i.datum && 'missing' in i.datum);
    expect(notes.map((n) => n.datum!['missing'])).toEqual([2]);
    expect(String(notes[0]!.text)).toMatch(/^Ohne Punkt: 2 Maßnahmen /);
    const table = tableRows((view.scenegraph() as unknown as { root: unknown }).root, def.table);
    // the note is in the drawing only: a screen reader and the CSV read the table
    const status = table.columns.indexOf('Status');
    const perCost = table.columns.indexOf('Kosten je Teilnahme');
    expect(table.rows.map((r) => [r[0], r[perCost], r[status]]).sort()).toEqual([
      ['06411-0004', '88.466\u00a0€', 'ohne Punkt (Kosten unterdrückt, ohne erfolgreichen Austritt oder 0 €)'],
      ['06411-0005', '9.497\u00a0€', 'endgültig'],
      ['06411-0007', '–', 'ohne Punkt (Kosten unterdrückt, ohne erfolgreichen Austritt oder 0 €)'],
    ]);
    // nothing of them drawn: an empty text has no extent to hover or to see
    const hidden = markItems(view, 'text').filter((i) => i.datum?.['mea'] !== undefined);
    expect(hidden.map((i) => String(i.text ?? ''))).toEqual(['', '']);
  });

  it('says nothing when every measure has its point', async () => {
    const view = await drawSpec(costsPerMeasure(CTX).spec, { measures: [cost('06411-0005', 'cost_per_participant', 9497), cost('06411-0005', 'cost_per_successful_exit', 18993)] });
    expect(markItems(view, 'text').filter((i) => i.datum && 'missing' in i.datum)).toEqual([]);
  });

  it('the captions say that the key lists every instrument, also those without a value', () => {
    for (const def of [costsPerMeasure(CTX), instrumentYears(CTX, 'cost_per_participant', 'k'), instrumentYears(CTX, 'dropout_rate', 'a')]) {
      expect(subtitle(def.spec), def.id).toContain(LEGEND_NOTE);
    }
  });
});
