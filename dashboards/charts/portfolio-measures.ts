/**
 * Charts of the portfolio planning page on measures: the measures of one year in a table,
 * those with the lowest occupancy, and the costs per measure.
 */
import { INDICATOR_LABELS, smallCounts } from '../labels.ts';
import { COLOURS } from '../theme.ts';
import { LOWEST_OCCUPANCY, MEASURES_OVERALL, MEASURES_PER_INSTRUMENT, MEASURES_PER_JOBCENTER, MEASURES_PER_JOBCENTER_INSTRUMENT, ZERO_LOTS } from '../data/measures.ts';
import { type ChartContext, type ChartDef, type VlSpec, chart, filterParams, instrumentColour, instrumentLabels, labelLookup, PARAM, provisionalBar, provisionalFill, seriesShape, statusFields, WIDTH } from './kit.ts';
import { heatTable } from './patterns.ts';
import { COST_MEANING, LEGEND_NOTE, PORTFOLIO_COSTS, PORTFOLIO_RATES, SUCCESS_MEANING } from './portfolio.ts';

const MAX_MEASURES = MEASURES_OVERALL;

/**
 * A measure's provider by number and name in the tooltips ('Träger: 001014 Stadtwerkstatt
 * Darmstadt'): the row labels keep the number (a name there was cut at the label's width).
 * Only the providers of the measures on the page are inlined.
 */
function providerDetail(providers: Readonly<Record<string, string>>): { transform: VlSpec[]; tooltip: VlSpec[] } {
  return { transform: labelLookup('prv', providers, 'traeger'), tooltip: [{ field: 'traeger', title: 'Träger' }] };
}

export function measuresTable(ctx: ChartContext, measures: Record<string, string>, providers: Readonly<Record<string, string>> = {}): ChartDef {
  const indicators = Object.fromEntries([...PORTFOLIO_RATES, 'employed_on_leaving_rate'].map((id) => [id, INDICATOR_LABELS[id] ?? id]));
  const def = heatTable(ctx, {
    id: 'massnahmen-vergleich',
    title: 'Maßnahmen im Vergleich',
    subtitle: `Quote und Nenner (n: Austritte bzw. Berichte; Auslastung: Platztage) der größten Maßnahmen der Auswahl nach Austritten der letzten drei Jahre (höchstens ${MAX_MEASURES}; darunter stets die größten ${MEASURES_PER_JOBCENTER} je Jobcenter, ${MEASURES_PER_INSTRUMENT} je Instrument und ${MEASURES_PER_JOBCENTER_INSTRUMENT} je Jobcenter und Instrument); Auslastung über 100 %: mehr Teilnahmetage als Platztage (überbelegt); Farbe: Höhe der Quote, keine Bewertung; • = unterdrückt`,
    description:
      'Tabelle: Auslastung, Abbruchquote, Fortschritt bei Zwischenzielen, Eingliederungs- und Beschäftigungsquote je Maßnahme im gewählten Jahr, gefiltert nach Jobcenter und Instrument.',
    dataset: 'measures',
    filters: ['year'],
    indicators,
    rowField: 'mea',
    rowLabels: measures,
    rowTitle: 'Maßnahme · Instrument · Träger',
    colField: 'ind',
    colLabels: indicators,
    // the occupancy denominator is places × days, not people: "n = 549" read as 549 cases
    denominatorUnits: { occupancy_rate: 'Platztage' },
    rowDetail: providerDetail(providers),
  });
  // Measures carry their Jobcenter and instrument; '*' selects all of them.
  const transform = [
    ...(def.spec['transform'] as unknown[]),
    { filter: `(${PARAM.jc} === '*' || datum.jc === ${PARAM.jc}) && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})` },
    // only the largest measures of the selection (most exits), so the table stays
    // readable; this orders rows, no figure is derived
    { calculate: `datum.ind === 'dropout_rate' && isValid(datum.d) ? datum.d : 0`, as: 'exits' },
    { window: [{ op: 'max', field: 'exits', as: 'size' }], groupby: ['mea'], frame: [null, null] },
    { window: [{ op: 'dense_rank', as: 'rank' }], sort: [{ field: 'size', order: 'descending' }, { field: 'mea', order: 'ascending' }] },
    { filter: `datum.rank <= ${MAX_MEASURES}` },
  ];
  return { ...def, spec: { ...def.spec, params: filterParams(ctx, ['jc', 'year', 'instr']), transform } };
}

/**
 * The lots of the selection with the lowest occupancy in the selected year, lowest first: the
 * measure comparison shows the largest lots, which are the well-filled ones.
 */
export function lowestOccupancy(ctx: ChartContext, measures: Record<string, string>, providers: Readonly<Record<string, string>> = {}): ChartDef {
  const detail = providerDetail(providers);
  // as text: the first line (lots without any participation) has no rate of its own
  const tooltip = [
    { field: 'row', title: 'Maßnahme' },
    ...detail.tooltip,
    { field: 'yr', title: 'Jahr' },
    { field: 'v_text', title: 'Auslastung' },
    { field: 'n_text', title: 'Teilnahmetage' },
    { field: 'd_text', title: 'Platztage' },
    { field: 'status', title: 'Status' },
  ];
  const zero = `datum.ind === '${ZERO_LOTS}'`;
  return chart({
    id: 'auslastung-niedrigste',
    title: 'Maßnahmen mit der niedrigsten Auslastung',
    subtitle: `Zuerst die Zahl der Maßnahmen ohne jede Teilnahme im Jahr (0 %), dann die ${LOWEST_OCCUPANCY} der Auswahl mit der niedrigsten Auslastung darüber, niedrigste zuerst: Teilnahmetage ÷ (Plätze × Vertragstage im Jahr). Wenige Platztage: der Vertrag lief nur einen Teil des Jahres (Anlauf oder Auslauf); nicht aufgeführt: Maßnahmen mit ${smallCounts(ctx.labels.threshold)} Teilnahmen im Jahr (Teilnahmemonate; unterdrückt, Auslastung nicht angezeigt); vorl. = vorläufig`,
    description: `Balkendiagramm: die ${LOWEST_OCCUPANCY} Maßnahmen mit der niedrigsten Auslastung im gewählten Jahr, gefiltert nach Jobcenter und Instrument, mit Teilnahme- und Platztagen.`,
    datasets: ['measures'],
    table: { key: ['Maßnahme'], order: 'y' },
    body: {
      width: WIDTH - 240,
      height: { step: 20 },
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'measures' },
      transform: [
        // lots at 0 % are counted in the first line, not listed (a lot embedded for another year can be one)
        { filter: `((datum.ind === 'occupancy_rate' && datum.v > 0) || ${zero}) && datum.yr === ${PARAM.year}` },
        // a measure by its own Jobcenter and instrument; the count of empty lots is kept per selection
        {
          filter: `${zero} ? datum.jc === ${PARAM.jc} && datum.ins === ${PARAM.instr} : (${PARAM.jc} === '*' || datum.jc === ${PARAM.jc}) && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})`,
        },
        // orders and limits the rows shown; no figure is derived (the count first)
        { calculate: `${zero} ? -1 : datum.v`, as: 'order_by' },
        { window: [{ op: 'row_number', as: 'rank' }], sort: [{ field: 'order_by', order: 'ascending' }, { field: 'mea', order: 'ascending' }] },
        { joinaggregate: [{ op: 'min', field: 'order_by', as: 'first' }] },
        { filter: `datum.rank <= ${LOWEST_OCCUPANCY} + (datum.first === -1 ? 1 : 0)` },
        ...statusFields(ctx),
        ...labelLookup('mea', measures, 'row'),
        { calculate: `${zero} ? 'Ohne jede Teilnahme im Jahr' : datum.row`, as: 'row' },
        ...detail.transform,
        // the count of empty lots is of every provider of the selection
        { calculate: `${zero} ? '–' : datum.traeger`, as: 'traeger' },
        {
          calculate: `${zero} ? format(datum.n, ',.0f') + (datum.n === 1 ? ' Maßnahme' : ' Maßnahmen') + ' mit 0 %' : format(datum.v, datum.v < 0.01 ? '.2%' : '.1%') + ' von ' + format(datum.d, ',.0f') + ' Platztagen' + (datum.p === 1 ? ' · vorl.' : '')`,
          as: 'text',
        },
        // below 1 % with two decimals: 0,04 % read '0,0 %' right under the lots without any participation
        { calculate: `${zero} ? '0,0 % (' + format(datum.n, ',.0f') + (datum.n === 1 ? ' Maßnahme)' : ' Maßnahmen)') : format(datum.v, datum.v < 0.01 ? '.2%' : '.1%')`, as: 'v_text' },
        { calculate: `${zero} ? '0' : datum.n_text`, as: 'n_text' },
        { calculate: `${zero} ? '–' : datum.d_text`, as: 'd_text' },
        // the count draws no bar: its n is a number of lots, not a rate
        { calculate: `${zero} ? 0 : datum.v`, as: 'v' },
      ],
      encoding: { y: { field: 'row', type: 'nominal', title: null, sort: { field: 'rank', op: 'min', order: 'ascending' }, axis: { labelLimit: 320 } } },
      layer: [
        {
          mark: { type: 'bar', color: COLOURS.primary, height: { band: 0.7 } },
          // 0–100 % at least: when the emptiest lots were all empty the axis was 0 to 0, one
          // tick "0 %" in the middle of the plot and the bars starting there
          encoding: { x: { field: 'v', type: 'quantitative', title: 'Auslastung', axis: { format: '.0%' }, scale: { domain: { unionWith: [0, 1] } } }, ...provisionalBar({ value: COLOURS.primary }), tooltip },
        },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'text' }, tooltip } },
      ],
    },
  });
}

/** A measure has a point where both its costs are shown and above 0 (both axes are logarithmic: 0 has no place). */
const DRAWN = 'isValid(datum.cost_per_participant) && isValid(datum.cost_per_successful_exit) && datum.cost_per_participant > 0 && datum.cost_per_successful_exit > 0';
const NOT_DRAWN = 'Kosten unterdrückt, ohne erfolgreichen Austritt oder 0 €';

export function costsPerMeasure(ctx: ChartContext, providers: Readonly<Record<string, string>> = {}): ChartDef {
  const detail = providerDetail(providers);
  return chart({
    id: 'kosten-massnahmen',
    title: 'Kosten je Teilnahme und je erfolgreichem Austritt',
    subtitle: `Die Maßnahmen dieser Seite (die größten und die am schwächsten ausgelasteten der Auswahl) mit Kostenangabe, Vertragsbeginn im gewählten Jahr; ${SUCCESS_MEANING}; ${COST_MEANING}; ${LEGEND_NOTE}`,
    description: `Punktdiagramm: je Maßnahme die Kosten je Teilnahme (x) und je erfolgreichem Austritt (y), Vertragsbeginn im gewählten Jahr; nur die Maßnahmen dieser Seite (die größten und die am schwächsten ausgelasteten der Auswahl) mit Kostenangabe; ${SUCCESS_MEANING}; ${COST_MEANING}.`,
    datasets: ['measures'],
    table: { key: ['Maßnahme'], order: 'x' },
    body: {
      width: WIDTH - 140,
      height: 240,
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'measures' },
      transform: [
        { filter: `indexof(${JSON.stringify(PORTFOLIO_COSTS)}, datum.ind) >= 0 && datum.yr === ${PARAM.year}` },
        { filter: `(${PARAM.jc} === '*' || datum.jc === ${PARAM.jc}) && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})` },
        // a contract's two costs share its provisional flag (both run until it ends)
        { pivot: 'ind', value: 'v', groupby: ['mea', 'ins', 'prv', 'yr', 'p'] },
        { calculate: `datum.p === 1 ? 'vorläufig (Vertrag läuft oder endete vor weniger als 3 Monaten)' : 'endgültig'`, as: 'status' },
        { calculate: `${DRAWN} ? 1 : 0`, as: 'drawn' },
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
        ...detail.transform,
      ],
      layer: [
        {
          transform: [{ filter: 'datum.drawn === 1' }],
          mark: { type: 'point', filled: true, size: 70, opacity: 0.85, strokeWidth: 1.5 },
          encoding: {
            x: { field: 'cost_per_participant', type: 'quantitative', title: 'Kosten je Teilnahme (logarithmische Achse)', axis: { format: '$,.0f', tickCount: 6, labelOverlap: true }, scale: { type: 'log' } },
            y: { field: 'cost_per_successful_exit', type: 'quantitative', title: 'Kosten je erfolgreichem Austritt (logarithmische Achse)', axis: { format: '$,.0f', tickCount: 6, labelOverlap: true }, scale: { type: 'log' } },
            stroke: instrumentColour(ctx),
            fill: provisionalFill(instrumentColour(ctx)),
            shape: seriesShape(instrumentColour(ctx)),
            tooltip: [
              { field: 'mea', title: 'Maßnahme' },
              { field: 'instrument', title: 'Instrument' },
              ...detail.tooltip,
              { field: 'cost_per_participant', title: 'Kosten je Teilnahme', format: '$,.0f' },
              { field: 'cost_per_successful_exit', title: 'Kosten je erfolgreichem Austritt', format: '$,.0f' },
              { field: 'status', title: 'Status' },
            ],
          },
        },
        // the measures of the selection with a cost but no point, counted above the plot: one
        // point under a key of eleven instruments read as the only measure with costs
        {
          transform: [
            { filter: 'datum.drawn === 0' },
            { aggregate: [{ op: 'count', as: 'missing' }] },
            { filter: 'datum.missing > 0' },
            { calculate: `'Ohne Punkt: ' + format(datum.missing, ',.0f') + (datum.missing === 1 ? ' Maßnahme' : ' Maßnahmen') + ' mit Kostenangabe (${NOT_DRAWN})'`, as: 'note' },
          ],
          mark: { type: 'text', align: 'left', baseline: 'bottom', y: -6, x: 0, fontSize: 10, color: COLOURS.muted },
          encoding: { text: { field: 'note' } },
        },
        // and each of them in „Werte als Tabelle“ (an empty text: nothing drawn, nothing to
        // hover), which said „Keine Werte“ under „Ohne Punkt: 1 Maßnahme“; the note above is
        // in the drawing only, which a screen reader does not read
        {
          transform: [
            { filter: 'datum.drawn === 0' },
            { calculate: `'ohne Punkt (${NOT_DRAWN})'`, as: 'status' },
            // a hidden or missing cost reads '–' as elsewhere, not "NaN €"
            ...PORTFOLIO_COSTS.map((field) => ({ calculate: `isValid(datum.${field}) ? format(datum.${field}, '$,.0f') : '–'`, as: `${field}_text` })),
          ],
          mark: { type: 'text', x: 0, y: 0, text: '' },
          encoding: {
            tooltip: [
              { field: 'mea', title: 'Maßnahme' },
              { field: 'instrument', title: 'Instrument' },
              ...detail.tooltip,
              { field: 'cost_per_participant_text', title: 'Kosten je Teilnahme' },
              { field: 'cost_per_successful_exit_text', title: 'Kosten je erfolgreichem Austritt' },
              { field: 'status', title: 'Status' },
            ],
          },
        },
      ],
    },
  });
}
