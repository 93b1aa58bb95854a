/**
 * Charts of the portfolio planning dashboard (AMIP): instruments side by side over
 * several years, and what the pages on providers and measures share (indicator sets,
 * meanings, the data-begin marks). Costs appear where the measure data carry them.
 */
import { INDICATOR_LABELS } from '../labels.ts';
import { hiddenStrip, valueRange } from './hidden-strip.ts';
import { rateExtent } from './rate-extent.ts';
import { withHiddenNote } from './trends.ts';
import { type ChartContext, type ChartDef, type VlSpec, chart, filterParams, instrumentColour, instrumentLabels, labelLookup, PARAM, provisionalFill, RATE_SCALE, rateTooltip, seriesDash, seriesShape, statusFields, WIDTH } from './kit.ts';

export const PORTFOLIO_RATES = ['occupancy_rate', 'dropout_rate', 'goal_progress_rate', 'integration_rate_6m'];
export const PORTFOLIO_COSTS = ['cost_per_participant', 'cost_per_successful_exit'];
/** Kaplan–Meier by entry year (breakdown d30/d90/d180; the page shows d180). */
export const PORTFOLIO_SURVIVAL = ['retention_km'];

/** What "Jahr" means for each indicator (its anchor in indicators.md): not the same for all. */
const YEAR_MEANING: Readonly<Record<string, string>> = {
  occupancy_rate: 'Jahr = Kalenderjahr: Teilnahmetage im Jahr ÷ (Plätze × Vertragstage im Jahr)',
  dropout_rate: 'Jahr = Austrittsjahr',
  goal_progress_rate: 'Jahr = Austrittsjahr (Abschlussberichte mit vereinbarten Zielen)',
  integration_rate_6m: 'Jahr = Austrittsjahr (Stand 6 Monate nach Austritt)',
  retention_km:
    'Jahr = Eintrittsjahr; Kaplan-Meier: Anteil ohne Abbruch 180 Tage nach Eintritt (andere Austritte zensiert); ohne Intervall und Nenner (der Katalog weist sie nicht aus); Instrumente, deren Teilnahmen vor Tag 180 enden (z. B. AVGS, MAG), ohne Wert',
};

/** Costs are per contract, not per year of activity: the whole contract's cost over the participations so far. */
export const COST_MEANING =
  'Gesamtkosten des Vertrags über die bisherigen Teilnahmen, gebucht auf das Jahr des Vertragsbeginns; vorläufig (hohl), solange der Vertrag läuft und 3 Monate danach';

/**
 * Rates over exits: their first years hold only the exits of people who entered after the
 * data began (mart.data_begin), mostly short stays and dropouts. Occupancy starts each
 * measure where its data are complete (readings.md, Coverage); costs leave such measures out.
 */
export const EXIT_ANCHORED = ['dropout_rate', 'goal_progress_rate', 'integration_rate_6m'];

/** Marks a row of a year before its slice's exits are complete (`early`, `datenlage`); `keyExpr` names the slice in mart.data_begin. */
export function dataBeginFields(keyExpr: string): VlSpec[] {
  return [
    { calculate: keyExpr, as: 'begin_key' },
    { lookup: 'begin_key', from: { data: { name: 'begin' }, key: 'key', fields: ['fy', 'cf'] } },
    { calculate: 'isValid(datum.fy) && toNumber(datum.yr) < datum.fy ? 1 : 0', as: 'early' },
    {
      calculate: `datum.early === 1 ? 'unvollständig: Daten ab ' + datum.cf + ', Teilnahmen mit früherem Eintritt fehlen (vollständig ab ' + datum.fy + ')' : 'vollständig'`,
      as: 'datenlage',
    },
  ];
}

export const DATA_BEGIN_NOTE = 'blass und ohne Linie: Austrittsjahr vor vollständiger Datenlage (Daten beginnen später; nicht mit den Folgejahren vergleichbar)';

/** What counts as a success (readings.md, cost_per_successful_exit): not the integration rate's success. */
export const SUCCESS_MEANING = 'erfolgreich = regulär abgeschlossen oder vorzeitig in Arbeit/Ausbildung ausgetreten; nicht: eingegliedert 6 Monate nach Austritt';

/**
 * The key lists every instrument, in the same colour and shape in every chart: an instrument
 * without a value in the selection (no measure with costs, no exits) is in it all the same,
 * and the caption says so (a key of eleven over one point read as eleven series drawn).
 */
export const LEGEND_NOTE = 'Legende: alle Instrumente, auch die ohne Wert in der Auswahl';

function yearsSubtitle(indicator: string): string {
  const success = indicator === 'cost_per_successful_exit' ? `${SUCCESS_MEANING}; ` : '';
  const meaning = PORTFOLIO_COSTS.includes(indicator) ? `${success}${COST_MEANING}` : YEAR_MEANING[indicator];
  const begin = EXIT_ANCHORED.includes(indicator) ? `; ${DATA_BEGIN_NOTE}` : '';
  // the cost meaning says "vorläufig (hohl)" itself
  const hollow = PORTFOLIO_COSTS.includes(indicator) ? '' : '; hohle Punkte: vorläufig';
  return meaning ? `${meaning}${hollow}${begin}; ${LEGEND_NOTE}` : `Hohle Punkte: vorläufig${begin}; ${LEGEND_NOTE}`;
}

const PLOT_HEIGHT = 200;

/** One indicator per instrument over the years: lines with intervals (rates) or euros (costs). */
export function instrumentYears(ctx: ChartContext, indicator: string, id: string, breakdown = '*'): ChartDef {
  const isCost = PORTFOLIO_COSTS.includes(indicator);
  // Kaplan–Meier rows carry a value only (indicators.md): no numerator, denominator or interval
  const isSurvival = indicator === 'retention_km';
  const marksBegin = EXIT_ANCHORED.includes(indicator);
  // pale inside an outline of full strength: a point at 0.25 opacity had 1.4:1 on white (WCAG 1.4.11)
  const pale = marksBegin ? { fillOpacity: { condition: { test: 'datum.early === 1', value: 0.25 }, value: 1 } } : {};
  const beginTooltip = marksBegin ? [{ field: 'datenlage', title: 'Datenlage' }] : [];
  const title = INDICATOR_LABELS[indicator] ?? indicator;
  // costs on a log axis: per participation they run from a few hundred euros (45_MAG) to
  // hundreds of thousands (16i, five years of wage subsidy), and on a linear axis ten of the
  // eleven instruments lay flat on 0 €
  const y = isCost
    ? { field: 'v', type: 'quantitative', title: 'Euro (logarithmische Achse)', axis: { format: '$,.0f', tickCount: 6 } }
    : { field: 'v', type: 'quantitative', title: 'Quote', axis: { format: '.0%' } };
  const x = { field: 'yr', type: 'ordinal', title: 'Jahr', axis: { labelAngle: 0 } };
  // the legend in one column under a plot of a few years: in two it made the card 780 px wide
  // and every portfolio page one column on a 1,366 px screen
  const color = { ...instrumentColour(ctx), legend: { columns: 1 } };
  const tooltip = isSurvival
    ? [
        { field: 'instrument', title: 'Instrument' },
        { field: 'yr', title: 'Jahr' },
        { field: 'v', title: `Ohne Abbruch nach ${breakdown.replace(/^d/, '')} Tagen`, format: '.1%' },
        { field: 'status', title: 'Status' },
      ]
    : isCost
    ? [
        { field: 'instrument', title: 'Instrument' },
        { field: 'yr', title: 'Jahr' },
        { field: 'v', title, format: '$,.0f' },
        { field: 'den_text', title: 'Teilnahmen bzw. Austritte (Nenner)' },
        { field: 'status', title: 'Status' },
      ]
    : [...rateTooltip([{ field: 'instrument', title: 'Instrument' }, { field: 'yr', title: 'Jahr' }]), ...beginTooltip];
  return chart({
    id,
    period: 'years',
    title: `${title} nach Instrument und Jahr`,
    subtitle: withHiddenNote(ctx, yearsSubtitle(indicator), 'eines Instruments'),
    description: `Liniendiagramm: ${title} je Instrument über die Jahre${isCost ? ` (nur Maßnahmen mit Kostenangabe; ${indicator === 'cost_per_successful_exit' ? `${SUCCESS_MEANING}; ` : ''}${COST_MEANING})` : isSurvival ? ` (${YEAR_MEANING[indicator]})` : ', mit 95-%-Intervall'}; hohle Punkte: vorläufig${marksBegin ? `; ${DATA_BEGIN_NOTE}` : ''}.`,
    datasets: marksBegin ? ['year', 'begin'] : ['year'],
    table: { key: ['Instrument', 'Jahr'], order: 'x' },
    body: {
      width: WIDTH - 140,
      height: PLOT_HEIGHT,
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'year' },
      transform: [
        {
          filter: `datum.ind === '${indicator}' && datum.br === '${breakdown}' && datum.jc === ${PARAM.jc} && (${PARAM.instr} === '*' ? datum.ins !== '*' : datum.ins === ${PARAM.instr})`,
        },
        ...statusFields(ctx),
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
        ...(marksBegin ? dataBeginFields(`datum.jc + '|*|' + datum.ins`) : []),
        // as text: a number format prints a missing denominator as "null"
        { calculate: `isValid(datum.d) ? format(datum.d, ',.0f') : '–'`, as: 'den_text' },
      ],
      encoding: { x },
      layer: [
        // the scale of rates from the points and the intervals' tops (rate-extent.ts); of costs from the points
        ...(isCost ? [] : [rateExtent('y', { ...RATE_SCALE, range: valueRange(PLOT_HEIGHT) })]),
        ...(isCost || isSurvival
          ? []
          : [{ mark: { type: 'rule', opacity: 0.5, clip: true }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, ...(marksBegin ? { opacity: { condition: { test: 'datum.early === 1', value: 0.2 }, value: 0.5 } } : {}) } }]),
        // a hidden year breaks the line (drawn through, it read as a trend over that year);
        // a year before the data are complete is no part of the trend either; instruments differ
        // in dash and point shape too, not only in hue
        { ...(marksBegin ? { transform: [{ filter: 'datum.early === 0' }] } : {}), mark: { type: 'line', invalid: 'break-paths-show-domains' }, encoding: { y, color, strokeDash: seriesDash(color) } },
        // and is marked in the strip under the values, in its instrument's colour and lane of
        // the year: left empty it read as no data, at the foot of the axis as 0 % or 1.000 €
        ...hiddenStrip({
          x,
          height: PLOT_HEIGHT,
          colour: color,
          lanes: { channel: 'xOffset', field: 'instrument', domain: color.scale.domain },
          tooltip: [{ field: 'instrument', title: 'Instrument' }, { field: 'yr', title: 'Jahr' }, { field: 'status', title: 'Status' }],
        }),
        {
          mark: { type: 'point', filled: true, size: 50, strokeWidth: 1.5 },
          encoding: {
            // a cost's domain from the points, every year's (a rate's: rateExtent); from the line it
            // left out the years before the data are complete, and their points (89,7 %) stood above the axis
            y: isCost ? { ...y, scale: { type: 'log', range: valueRange(PLOT_HEIGHT) } } : y,
            // one merged legend for colour, stroke and fill (a `legend: null` on one removes it)
            stroke: color,
            fill: provisionalFill(color),
            ...pale,
            shape: seriesShape(color),
            tooltip,
          },
        },
      ],
    },
  });
}
