/**
 * Charts of the portfolio planning dashboard (AMIP): instruments side by side over
 * several years, and measures of one year in a table. Costs appear where the measure
 * data carry them.
 */
import { HIDDEN_MARK, INDICATOR_LABELS } from '../labels.ts';
import { withHiddenNote } from './trends.ts';
import { type ChartContext, type ChartDef, chart, filterParams, instrumentColour, instrumentLabels, labelLookup, PARAM, provisionalFill, rateTooltip, STATUS_FIELDS, WIDTH } from './kit.ts';
import { heatTable } from './patterns.ts';
import { MEASURES_OVERALL, MEASURES_PER_JOBCENTER } from '../data/measures.ts';

export const PORTFOLIO_RATES = ['occupancy_rate', 'dropout_rate', 'goal_progress_rate', 'integration_rate_6m'];
export const PORTFOLIO_COSTS = ['cost_per_participant', 'cost_per_successful_exit'];

/** What "Jahr" means for each indicator (its anchor in indicators.md): not the same for all. */
const YEAR_MEANING: Readonly<Record<string, string>> = {
  occupancy_rate: 'Jahr = Kalenderjahr: Teilnehmendentage im Jahr ÷ (Plätze × Vertragstage im Jahr)',
  dropout_rate: 'Jahr = Austrittsjahr',
  goal_progress_rate: 'Jahr = Austrittsjahr (Abschlussberichte mit vereinbarten Zielen)',
  integration_rate_6m: 'Jahr = Austrittsjahr (Stand 6 Monate nach Austritt)',
};

/** Costs are per contract, not per year of activity: the whole contract's cost over the participations so far. */
export const COST_MEANING =
  'Gesamtkosten des Vertrags über die bisherigen Teilnahmen, gebucht auf das Jahr des Vertragsbeginns; vorläufig (hohl), solange der Vertrag läuft';

function yearsSubtitle(indicator: string): string {
  const meaning = PORTFOLIO_COSTS.includes(indicator) ? `${COST_MEANING} und 3 Monate danach` : YEAR_MEANING[indicator];
  return meaning ? `${meaning}; hohle Punkte: vorläufig` : 'Hohle Punkte: vorläufig';
}

/** One indicator per instrument over the years: lines with intervals (rates) or euros (costs). */
export function instrumentYears(ctx: ChartContext, indicator: string, id: string): ChartDef {
  const isCost = PORTFOLIO_COSTS.includes(indicator);
  const title = INDICATOR_LABELS[indicator] ?? indicator;
  const y = isCost
    ? { field: 'v', type: 'quantitative', title: 'Euro', axis: { format: '$,.0f' } }
    : { field: 'v', type: 'quantitative', title: 'Quote', axis: { format: '.0%' }, scale: { zero: true } };
  const color = instrumentColour(ctx);
  const tooltip = isCost
    ? [
        { field: 'instrument', title: 'Instrument' },
        { field: 'yr', title: 'Jahr' },
        { field: 'v', title, format: '$,.0f' },
        { field: 'd', title: 'Teilnahmen bzw. Austritte (Nenner)', format: ',.0f' },
        { field: 'status', title: 'Status' },
      ]
    : rateTooltip([{ field: 'instrument', title: 'Instrument' }, { field: 'yr', title: 'Jahr' }]);
  return chart({
    id,
    period: 'years',
    title: `${title} nach Instrument und Jahr`,
    subtitle: withHiddenNote(yearsSubtitle(indicator)),
    description: `Liniendiagramm: ${title} je Instrument über die Jahre${isCost ? ` (nur Maßnahmen mit Kostenangabe; ${COST_MEANING})` : ', mit 95-%-Intervall'}; hohle Punkte: vorläufig.`,
    datasets: ['year'],
    body: {
      width: WIDTH - 140,
      height: 200,
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'year' },
      transform: [
        {
          filter: `datum.ind === '${indicator}' && datum.br === '*' && datum.jc === ${PARAM.jc} && (${PARAM.instr} === '*' ? datum.ins !== '*' : datum.ins === ${PARAM.instr})`,
        },
        ...STATUS_FIELDS,
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
      ],
      encoding: { x: { field: 'yr', type: 'ordinal', title: 'Jahr', axis: { labelAngle: 0 } } },
      layer: [
        ...(isCost ? [] : [{ mark: { type: 'rule', opacity: 0.5 }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } }]),
        // a hidden year breaks the line (drawn through, it read as a trend over that year)
        { mark: { type: 'line', invalid: 'break-paths-show-domains' }, encoding: { y, color } },
        // and is marked on the baseline in its instrument's colour: left empty it read as no data
        {
          transform: [{ filter: 'datum.s === 1' }],
          mark: { type: 'text', text: HIDDEN_MARK, baseline: 'bottom', dy: 3, fontSize: 14 },
          encoding: { y: { datum: 0, type: 'quantitative' }, color, tooltip: [{ field: 'instrument', title: 'Instrument' }, { field: 'yr', title: 'Jahr' }, { field: 'status', title: 'Status' }] },
        },
        {
          mark: { type: 'point', filled: true, size: 50, strokeWidth: 1.5 },
          encoding: {
            y,
            // one merged legend for colour, stroke and fill (a `legend: null` on one removes it)
            stroke: color,
            fill: provisionalFill(color),
            tooltip,
          },
        },
      ],
    },
  });
}

const MAX_MEASURES = MEASURES_OVERALL;

export function measuresTable(ctx: ChartContext, measures: Record<string, string>): ChartDef {
  const indicators = Object.fromEntries([...PORTFOLIO_RATES, 'employed_on_leaving_rate'].map((id) => [id, INDICATOR_LABELS[id] ?? id]));
  const def = heatTable(ctx, {
    id: 'massnahmen-vergleich',
    title: 'Maßnahmen im Vergleich',
    subtitle: `Quote und Nenner (n: Austritte bzw. Berichte; Auslastung: Platztage) der Maßnahmen mit den meisten Austritten (bis zu ${MEASURES_PER_JOBCENTER} je Jobcenter, ${MAX_MEASURES} insgesamt; letzte drei Jahre); • = geheimgehalten`,
    description:
      'Tabelle: Auslastung, Abbruchquote, Fortschritt bei Zwischenzielen, Eingliederungs- und Beschäftigungsquote je Maßnahme im gewählten Jahr, gefiltert nach Jobcenter und Instrument.',
    dataset: 'measures',
    filters: ['year'],
    indicators,
    rowField: 'mea',
    rowLabels: measures,
    rowTitle: 'Maßnahme',
    colField: 'ind',
    colLabels: indicators,
    // the occupancy denominator is places × days, not people: "n = 549" read as 549 cases
    denominatorUnits: { occupancy_rate: 'Platztage' },
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

export function costsPerMeasure(ctx: ChartContext): ChartDef {
  return chart({
    id: 'kosten-massnahmen',
    title: 'Kosten je Teilnahme und je erfolgreichem Austritt',
    subtitle: `Maßnahmen mit Kostenangabe, Vertragsbeginn im gewählten Jahr; ${COST_MEANING}`,
    description: `Punktdiagramm: je Maßnahme die Kosten je Teilnahme (x) und je erfolgreichem Austritt (y), Vertragsbeginn im gewählten Jahr; nur Maßnahmen mit Kostenangabe; ${COST_MEANING}.`,
    datasets: ['measures'],
    body: {
      width: WIDTH - 140,
      height: 240,
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'measures' },
      transform: [
        { filter: `indexof(${JSON.stringify(PORTFOLIO_COSTS)}, datum.ind) >= 0 && datum.yr === ${PARAM.year}` },
        { filter: `(${PARAM.jc} === '*' || datum.jc === ${PARAM.jc}) && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})` },
        // a contract's two costs share its provisional flag (both run until it ends)
        { pivot: 'ind', value: 'v', groupby: ['mea', 'ins', 'yr', 'p'] },
        { calculate: `datum.p === 1 ? 'vorläufig (Vertrag läuft)' : 'endgültig'`, as: 'status' },
        { filter: 'isValid(datum.cost_per_participant) && isValid(datum.cost_per_successful_exit)' },
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
      ],
      mark: { type: 'point', filled: true, size: 70, opacity: 0.85, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'cost_per_participant', type: 'quantitative', title: 'Kosten je Teilnahme', axis: { format: '$,.0f' } },
        y: { field: 'cost_per_successful_exit', type: 'quantitative', title: 'Kosten je erfolgreichem Austritt', axis: { format: '$,.0f' } },
        stroke: instrumentColour(ctx),
        fill: provisionalFill(instrumentColour(ctx)),
        tooltip: [
          { field: 'mea', title: 'Maßnahme' },
          { field: 'instrument', title: 'Instrument' },
          { field: 'cost_per_participant', title: 'Kosten je Teilnahme', format: '$,.0f' },
          { field: 'cost_per_successful_exit', title: 'Kosten je erfolgreichem Austritt', format: '$,.0f' },
          { field: 'status', title: 'Status' },
        ],
      },
    },
  });
}
