/**
 * Overdue final reports on the controlling pages: how many per Jobcenter (the overall page)
 * or for the page's Jobcenter, and on a Jobcenter's page which of its measures they belong
 * to — whom to chase.
 */
import { type CodeLabels, providerLabel, smallCounts } from '../labels.ts';
import type { OverdueRow } from '../data/overdue.ts';
import { COLOURS } from '../theme.ts';
import { OVERDUE_MEASURES } from '../data/overdue.ts';
import { type ChartContext, type ChartDef, chart, COUNT_AXIS, COUNT_SCALE, filterParams, labelLookup, PARAM, provisionalBar, PROVISIONAL_SUFFIX, statusFields, WIDTH } from './kit.ts';

/** A hidden count's label, drawn at 0 (placed at its missing value, it was not drawn at all). */
const COUNT_LABEL: unknown[] = [
  { calculate: `isValid(datum.n) ? format(datum.n, ',.0f') + ${PROVISIONAL_SUFFIX} : '• unterdrückt'`, as: 'text' },
  { calculate: 'isValid(datum.n) ? datum.n : 0', as: 'label_x' },
];

/** Bars of a count with their labels; the label carries the tooltip too: a hidden count has a label but no bar. */
function countBars(title: string, tooltip: unknown[]): unknown[] {
  return [
    {
      mark: { type: 'bar', color: COLOURS.warning, height: { band: 0.7 } },
      encoding: {
        x: { field: 'n', type: 'quantitative', title, axis: COUNT_AXIS, scale: COUNT_SCALE },
        ...provisionalBar({ value: COLOURS.warning }),
        tooltip,
      },
    },
    { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'label_x', type: 'quantitative' }, text: { field: 'text' }, tooltip } },
  ];
}

/**
 * The overall page: one bar per Jobcenter, or the selected Jobcenter's alone, for the selected
 * instrument — Jobcenter and instrument together too (the page carries that slice of this
 * count: data/overdue.ts). A Jobcenter's page: its own bar.
 */
export function overdueReports(ctx: ChartContext, jobcenterLabels: Record<string, string>): ChartDef {
  const overdueTooltip = [{ field: 'jobcenter', title: 'Jobcenter' }, { field: 'n_text', title: 'Überfällig' }, { field: 'status', title: 'Status' }];
  const overall = ctx.bound.has('jc');
  return chart({
    id: 'berichte-ueberfaellig',
    period: 'as-of',
    title: 'Überfällige Abschlussberichte',
    subtitle: overall
      ? 'Austritte ohne Abschlussbericht seit mehr als 14 Tagen, zum Datenstand, je Jobcenter; gefiltert nach Jobcenter und Instrument, auch beide zusammen; • = unterdrückt (kleine Fallzahl)'
      : 'Austritte ohne Abschlussbericht seit mehr als 14 Tagen, zum Datenstand; • = unterdrückt (kleine Fallzahl)',
    description: overall
      ? 'Balkendiagramm: Zahl der überfälligen Abschlussberichte je Jobcenter zum Datenstand, gefiltert nach Jobcenter und Instrument (auch beide zusammen).'
      : 'Balkendiagramm: Zahl der überfälligen Abschlussberichte des Jobcenters zum Datenstand, gefiltert nach Instrument.',
    datasets: ['month'],
    table: { key: ['Jobcenter'], order: 'y' },
    body: {
      width: WIDTH - 200,
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'month' },
      transform: [
        // 'Alle Jobcenter' draws each Jobcenter, not their total (the tile above has it)
        { filter: `datum.ind === 'reports_overdue' && datum.br === '*' && datum.ins === ${PARAM.instr} && (${PARAM.jc} === '*' ? datum.jc !== '*' : datum.jc === ${PARAM.jc})` },
        { joinaggregate: [{ op: 'max', field: 'date', as: 'latest' }] },
        { filter: 'datum.date === datum.latest' },
        ...statusFields(ctx),
        ...labelLookup('jc', jobcenterLabels, 'jobcenter'),
        ...COUNT_LABEL,
      ],
      // Jobcenter names run to ~45 characters ('Kommunales Jobcenter Kreis Offenbach (06412)'): the default 180 px cut them before the number
      encoding: { y: { field: 'jobcenter', type: 'nominal', title: null, axis: { labelLimit: 340 } } },
      layer: countBars('Überfällige Berichte', overdueTooltip),
    },
  });
}

/**
 * The measures of a Jobcenter's page with overdue reports, the most overdue first (at most
 * OVERDUE_MEASURES of the selected instrument with a shown count); then a line with the number
 * of further such measures and one with the number of measures whose count is hidden.
 * Labels: measure → "number · Träger provider" for the page's measures.
 */
export function overdueByMeasure(ctx: ChartContext, measureLabels: Record<string, string>): ChartDef {
  const tooltip = [{ field: 'row', title: 'Maßnahme' }, { field: 'n_text', title: 'Überfällig' }, { field: 'status', title: 'Status' }];
  const small = smallCounts(ctx.labels.threshold);
  const line = (kind: 'more' | 'hidden') => `datum.k === '${kind}'`;
  const plural = (one: string, many: string) => `(datum.of === 1 ? '${one}' : '${many}')`;
  return chart({
    id: 'berichte-ueberfaellig-massnahmen',
    period: 'as-of',
    title: 'Überfällige Abschlussberichte je Maßnahme',
    subtitle: `Die Maßnahmen mit den meisten Austritten ohne Abschlussbericht seit mehr als 14 Tagen, zum Datenstand (höchstens ${OVERDUE_MEASURES}); darunter die Zahl weiterer Maßnahmen und die der Maßnahmen mit ${small} überfälligen Berichten (unterdrückt); alle Maßnahmen: Quartalsbericht (Excel), Blatt „Überfällige Berichte“`,
    description: `Balkendiagramm: die bis zu ${OVERDUE_MEASURES} Maßnahmen des Jobcenters mit den meisten überfälligen Abschlussberichten zum Datenstand, gefiltert nach Instrument, mit dem Träger; darunter die Zahl weiterer Maßnahmen und die der Maßnahmen mit unterdrückter kleiner Zahl.`,
    datasets: ['overdue'],
    table: { key: ['Maßnahme'], order: 'y' },
    body: {
      width: WIDTH - 260,
      height: { step: 20 },
      params: filterParams(ctx, ['instr']),
      data: { name: 'overdue' },
      transform: [
        // the selected instrument's measures and its lines (a line only when it counts any)
        {
          filter: `datum.mea === '*' ? datum.ins === ${PARAM.instr} && datum.of > (${line('more')} ? ${OVERDUE_MEASURES} : 0) : ${PARAM.instr} === '*' || datum.ins === ${PARAM.instr}`,
        },
        { calculate: `${line('more')} ? ${OVERDUE_MEASURES + 1} : ${line('hidden')} ? ${OVERDUE_MEASURES + 2} : ${PARAM.instr} === '*' ? datum.rj : datum.ri`, as: 'rank' },
        // a measure embedded for its instrument's list ranks past the 20 of all instruments
        { filter: `datum.mea === '*' || (datum.rank >= 1 && datum.rank <= ${OVERDUE_MEASURES})` },
        ...statusFields(ctx),
        ...labelLookup('mea', measureLabels, 'row'),
        ...COUNT_LABEL,
        // the lines name numbers of measures; they draw no bar
        {
          calculate: `${line('more')} ? '… ' + format(datum.of - ${OVERDUE_MEASURES}, ',.0f') + (datum.of - ${OVERDUE_MEASURES} === 1 ? ' weitere Maßnahme' : ' weitere Maßnahmen') : ${line('hidden')} ? format(datum.of, ',.0f') + ${plural(' Maßnahme', ' Maßnahmen')} + ' mit ${small} Berichten' : datum.row`,
          as: 'row',
        },
        { calculate: `${line('hidden')} ? '• unterdrückt' : ${line('more')} ? '' : datum.text`, as: 'text' },
        { calculate: `${line('hidden')} ? '${small} je Maßnahme (unterdrückt)' : ${line('more')} ? '–' : datum.n_text`, as: 'n_text' },
        { calculate: `datum.mea === '*' ? '–' : datum.status`, as: 'status' },
        { calculate: `datum.mea === '*' ? null : datum.n`, as: 'n' },
        { calculate: `datum.mea === '*' ? 0 : datum.label_x`, as: 'label_x' },
      ],
      encoding: { y: { field: 'row', type: 'nominal', title: null, sort: { field: 'rank', op: 'min', order: 'ascending' }, axis: { labelLimit: 360 } } },
      layer: countBars('Überfällige Berichte', tooltip),
    },
  });
}

/** "06412-0005 · Träger 001079 Bildungswerk …" for the measures of a page's overdue list. */
export function overdueMeasureLabels(rows: readonly OverdueRow[], labels: CodeLabels): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.mea !== '*').map((r) => [r.mea, `${r.mea} · Träger ${r.prv === '*' ? 'unbekannt' : providerLabel(labels, r.prv)}`]));
}
