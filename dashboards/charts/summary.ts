/**
 * The controlling pages' first chart: the year's key figures for the selection as tiles, so
 * a controller sees them before scrolling through thirteen charts (a visual review: the
 * pages had no figure at the top). Each tile is a mart row as the charts below show it.
 */
import { COLOURS } from '../theme.ts';
import { type ChartContext, type ChartDef, chart, filterBy, filterParams, PARAM, statusFields } from './kit.ts';
import { dataBeginFields } from './portfolio.ts';

/** Tiles counted over exits: in years before the data are complete they hold short stays only (as the funnel below says). */
const EXIT_TILES = ['exits', 'dropout_rate', 'completion_rate'];

/** The tiles, in reading order; `rate` tiles show the share with its numerator and denominator. */
export const SUMMARY_TILES = [
  { ind: 'entries', label: 'Eintritte', rate: false },
  // how long people wait for their start (a figure of the mart shown nowhere before)
  { ind: 'days_referral_to_entry_median', label: 'Tage bis Eintritt', rate: false },
  { ind: 'exits', label: 'Austritte', rate: false },
  { ind: 'dropout_rate', label: 'Abbruchquote', rate: true },
  { ind: 'completion_rate', label: 'Abschlussquote', rate: true },
  { ind: 'reports_overdue', label: 'Überfällige Berichte', rate: false },
] as const;

const TILE_FIELDS = [
  // the figure as the tile shows it, its counts and status beneath; a hidden one says so (a
  // median of an even count is the mean of the middle two: 18,5 days, not 19)
  { calculate: `datum.s === 1 ? '•' : datum.rate ? format(datum.v, '.1%') : format(datum.v, ',.1~f')`, as: 'big' },
  {
    calculate: `datum.s === 1 ? 'unterdrückt' : datum.rate ? format(datum.n, ',.0f') + ' von ' + format(datum.d, ',.0f') : datum.ind === 'reports_overdue' ? 'zum Datenstand' : datum.ind === 'days_referral_to_entry_median' ? 'Median ab Zuweisung' : ''`,
    as: 'counts',
  },
  { calculate: `datum.datenlage !== 'vollständig' ? 'Daten unvollständig' : datum.p === 1 ? 'vorläufig' : ''`, as: 'flag' },
  { calculate: `datum.s === 1 ? 'unterdrückt (kleine Fallzahl)' : datum.rate ? format(datum.v, '.1%') + ' (' + format(datum.n, ',.0f') + ' von ' + format(datum.d, ',.0f') + ')' : format(datum.v, ',.1~f') + (datum.ind === 'days_referral_to_entry_median' ? ' Tage (Median)' : '')`, as: 'wert' },
];

export function summaryTiles(ctx: ChartContext): ChartDef {
  const tiles = SUMMARY_TILES.map((t, order) => ({ ...t, order }));
  const lookup = { lookup: 'ind', from: { data: { values: tiles }, key: 'ind', fields: ['label', 'rate', 'order'] } };
  const tooltip = [{ field: 'label', title: 'Kennzahl' }, { field: 'wert', title: 'Wert' }, { field: 'status', title: 'Status' }, { field: 'datenlage', title: 'Datenlage' }];
  const x = { field: 'label', type: 'nominal', title: null, axis: null, sort: tiles.map((t) => t.label), scale: { domain: tiles.map((t) => t.label) } };
  const yearRows = SUMMARY_TILES.filter((t) => t.ind !== 'reports_overdue').map((t) => `'${t.ind}'`).join(',');
  const text = (field: string, size: number, dy: number, colour: string, bold = false) => ({
    mark: { type: 'text', fontSize: size, dy, color: colour, ...(bold ? { fontWeight: 'bold' } : {}) },
    encoding: { x, text: { field }, tooltip },
  });
  const layers = [text('big', 24, -14, '#1a1a1a', true), text('label', 11, 10, '#1a1a1a'), text('counts', 10, 24, COLOURS.muted), text('flag', 10, 37, COLOURS.muted)];
  return chart({
    id: 'auf-einen-blick',
    title: 'Auf einen Blick',
    subtitle: 'Das gewählte Jahr, Jobcenter und Instrument; überfällige Berichte zum Datenstand; • = unterdrückt (kleine Fallzahl); leere Stelle: im Jahr keine Zuweisung, kein Ein- oder Austritt; „Daten unvollständig“: Austrittsjahr, bevor die Daten alle Teilnahmen enthalten (Quoten nicht mit Folgejahren vergleichbar)',
    description: 'Kennzahlen des gewählten Jahres: Eintritte, Median der Tage von der Zuweisung bis zum Eintritt, Austritte, Abbruch- und Abschlussquote mit Zähler und Nenner, dazu die überfälligen Abschlussberichte zum Datenstand.',
    datasets: ['year', 'month', 'begin'],
    table: { key: ['Kennzahl'], order: 'x' },
    body: {
      // six tiles of 120 px: "Überfällige Berichte" and "2.035 von 8.702" fit one each
      width: 720,
      height: 70,
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      layer: [
        {
          data: { name: 'year' },
          transform: [
            { filter: `indexof([${yearRows}], datum.ind) >= 0 && datum.br === '*'` },
            ...filterBy(['jc', 'year', 'instr']),
            lookup,
            ...dataBeginFields(`datum.jc + '|*|' + datum.ins`),
            // entries of those years are all in the data
            { calculate: `indexof(${JSON.stringify(EXIT_TILES)}, datum.ind) >= 0 ? datum.datenlage : 'vollständig'`, as: 'datenlage' },
            ...statusFields(ctx),
            ...TILE_FIELDS,
          ],
          layer: layers,
        },
        {
          data: { name: 'month' },
          transform: [
            // the Jobcenter's (or all Jobcenters') count at the latest reference date
            { filter: `datum.ind === 'reports_overdue' && datum.br === '*' && datum.jc === ${PARAM.jc} && datum.ins === ${PARAM.instr}` },
            { joinaggregate: [{ op: 'max', field: 'date', as: 'latest' }] },
            { filter: 'datum.date === datum.latest' },
            lookup,
            { calculate: "'vollständig'", as: 'datenlage' },
            ...statusFields(ctx),
            ...TILE_FIELDS,
          ],
          layer: layers,
        },
      ],
    },
  });
}
