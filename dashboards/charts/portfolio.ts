/**
 * Charts of the portfolio planning dashboard (AMIP): instruments side by side over
 * several years, and measures of one year in a table. Costs appear where the measure
 * data carry them.
 */
import { HIDDEN_MARK, INDICATOR_LABELS } from '../labels.ts';
import { withHiddenNote } from './trends.ts';
import { type ChartContext, type ChartDef, type VlSpec, chart, filterParams, instrumentColour, instrumentLabels, labelLookup, PARAM, PROVISIONAL_OPACITY, provisionalFill, rateTooltip, seriesDash, seriesShape, STATUS_FIELDS, WIDTH } from './kit.ts';
import { heatTable } from './patterns.ts';
import { COLOURS } from '../theme.ts';
import { LOWEST_OCCUPANCY, MEASURES_OVERALL, MEASURES_PER_INSTRUMENT, MEASURES_PER_JOBCENTER, MEASURES_PER_JOBCENTER_INSTRUMENT } from '../data/measures.ts';

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
  'Gesamtkosten des Vertrags über die bisherigen Teilnahmen, gebucht auf das Jahr des Vertragsbeginns; vorläufig (hohl), solange der Vertrag läuft';

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

function yearsSubtitle(indicator: string): string {
  const success = indicator === 'cost_per_successful_exit' ? `${SUCCESS_MEANING}; ` : '';
  const meaning = PORTFOLIO_COSTS.includes(indicator) ? `${success}${COST_MEANING} und 3 Monate danach` : YEAR_MEANING[indicator];
  const begin = EXIT_ANCHORED.includes(indicator) ? `; ${DATA_BEGIN_NOTE}` : '';
  return meaning ? `${meaning}; hohle Punkte: vorläufig${begin}` : `Hohle Punkte: vorläufig${begin}`;
}

/** One indicator per instrument over the years: lines with intervals (rates) or euros (costs). */
export function instrumentYears(ctx: ChartContext, indicator: string, id: string, breakdown = '*'): ChartDef {
  const isCost = PORTFOLIO_COSTS.includes(indicator);
  // Kaplan–Meier rows carry a value only (indicators.md): no numerator, denominator or interval
  const isSurvival = indicator === 'retention_km';
  const marksBegin = EXIT_ANCHORED.includes(indicator);
  // 0.7: Vega-Lite's default opacity of a point, kept for the complete years
  const pale = marksBegin ? { opacity: { condition: { test: 'datum.early === 1', value: 0.25 }, value: 0.7 } } : {};
  const beginTooltip = marksBegin ? [{ field: 'datenlage', title: 'Datenlage' }] : [];
  const title = INDICATOR_LABELS[indicator] ?? indicator;
  const y = isCost
    ? { field: 'v', type: 'quantitative', title: 'Euro', axis: { format: '$,.0f' } }
    : { field: 'v', type: 'quantitative', title: 'Quote', axis: { format: '.0%' }, scale: { zero: true } };
  const color = instrumentColour(ctx);
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
    subtitle: withHiddenNote(yearsSubtitle(indicator)),
    description: `Liniendiagramm: ${title} je Instrument über die Jahre${isCost ? ` (nur Maßnahmen mit Kostenangabe; ${indicator === 'cost_per_successful_exit' ? `${SUCCESS_MEANING}; ` : ''}${COST_MEANING})` : isSurvival ? ` (${YEAR_MEANING[indicator]})` : ', mit 95-%-Intervall'}; hohle Punkte: vorläufig${marksBegin ? `; ${DATA_BEGIN_NOTE}` : ''}.`,
    datasets: marksBegin ? ['year', 'begin'] : ['year'],
    table: { key: ['Instrument', 'Jahr'], order: 'x' },
    body: {
      width: WIDTH - 140,
      height: 200,
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'year' },
      transform: [
        {
          filter: `datum.ind === '${indicator}' && datum.br === '${breakdown}' && datum.jc === ${PARAM.jc} && (${PARAM.instr} === '*' ? datum.ins !== '*' : datum.ins === ${PARAM.instr})`,
        },
        ...STATUS_FIELDS,
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
        ...(marksBegin ? dataBeginFields(`datum.jc + '|*|' + datum.ins`) : []),
        // as text: a number format prints a missing denominator as "null"
        { calculate: `isValid(datum.d) ? format(datum.d, ',.0f') : '–'`, as: 'den_text' },
      ],
      encoding: { x: { field: 'yr', type: 'ordinal', title: 'Jahr', axis: { labelAngle: 0 } } },
      layer: [
        ...(isCost || isSurvival
          ? []
          : [{ mark: { type: 'rule', opacity: 0.5 }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, ...(marksBegin ? { opacity: { condition: { test: 'datum.early === 1', value: 0.2 }, value: 0.5 } } : {}) } }]),
        // a hidden year breaks the line (drawn through, it read as a trend over that year);
        // a year before the data are complete is no part of the trend either; instruments differ
        // in dash and point shape too, not only in hue
        { ...(marksBegin ? { transform: [{ filter: 'datum.early === 0' }] } : {}), mark: { type: 'line', invalid: 'break-paths-show-domains' }, encoding: { y, color, strokeDash: seriesDash(color) } },
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
            ...pale,
            shape: seriesShape(color),
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
    subtitle: `Quote und Nenner (n: Austritte bzw. Berichte; Auslastung: Platztage) der größten Maßnahmen der Auswahl nach Austritten der letzten drei Jahre (höchstens ${MAX_MEASURES}; darunter stets die größten ${MEASURES_PER_JOBCENTER} je Jobcenter, ${MEASURES_PER_INSTRUMENT} je Instrument und ${MEASURES_PER_JOBCENTER_INSTRUMENT} je Jobcenter und Instrument); • = unterdrückt`,
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
export function lowestOccupancy(ctx: ChartContext, measures: Record<string, string>): ChartDef {
  const tooltip = [
    { field: 'row', title: 'Maßnahme' },
    { field: 'yr', title: 'Jahr' },
    { field: 'v', title: 'Auslastung', format: '.1%' },
    { field: 'n', title: 'Teilnahmetage', format: ',.0f' },
    { field: 'd', title: 'Platztage', format: ',.0f' },
    { field: 'status', title: 'Status' },
  ];
  return chart({
    id: 'auslastung-niedrigste',
    title: 'Maßnahmen mit der niedrigsten Auslastung',
    subtitle: `Die ${LOWEST_OCCUPANCY} Maßnahmen der Auswahl mit der niedrigsten Auslastung im gewählten Jahr, niedrigste zuerst: Teilnahmetage ÷ (Plätze × Vertragstage im Jahr). Wenige Platztage: der Vertrag lief nur einen Teil des Jahres (Anlauf oder Auslauf); vorl. = vorläufig`,
    description: `Balkendiagramm: die ${LOWEST_OCCUPANCY} Maßnahmen mit der niedrigsten Auslastung im gewählten Jahr, gefiltert nach Jobcenter und Instrument, mit Teilnahme- und Platztagen.`,
    datasets: ['measures'],
    table: { key: ['Maßnahme'], order: 'y' },
    body: {
      width: WIDTH - 240,
      height: { step: 20 },
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'measures' },
      transform: [
        { filter: `datum.ind === 'occupancy_rate' && datum.yr === ${PARAM.year} && isValid(datum.v)` },
        { filter: `(${PARAM.jc} === '*' || datum.jc === ${PARAM.jc}) && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})` },
        // orders and limits the rows shown; no figure is derived
        { window: [{ op: 'row_number', as: 'rank' }], sort: [{ field: 'v', order: 'ascending' }, { field: 'mea', order: 'ascending' }] },
        { filter: `datum.rank <= ${LOWEST_OCCUPANCY}` },
        ...STATUS_FIELDS,
        ...labelLookup('mea', measures, 'row'),
        { calculate: `format(datum.v, '.1%') + ' von ' + format(datum.d, ',.0f') + ' Platztagen' + (datum.p === 1 ? ' · vorl.' : '')`, as: 'text' },
      ],
      encoding: { y: { field: 'row', type: 'nominal', title: null, sort: { field: 'rank', op: 'min', order: 'ascending' }, axis: { labelLimit: 320 } } },
      layer: [
        {
          mark: { type: 'bar', color: COLOURS.primary, height: { band: 0.7 } },
          encoding: { x: { field: 'v', type: 'quantitative', title: 'Auslastung', axis: { format: '.0%' }, scale: { domainMin: 0 } }, opacity: PROVISIONAL_OPACITY, tooltip },
        },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 'text' }, tooltip } },
      ],
    },
  });
}

export function costsPerMeasure(ctx: ChartContext): ChartDef {
  return chart({
    id: 'kosten-massnahmen',
    title: 'Kosten je Teilnahme und je erfolgreichem Austritt',
    subtitle: `Maßnahmen mit Kostenangabe, Vertragsbeginn im gewählten Jahr; ${SUCCESS_MEANING}; ${COST_MEANING}`,
    description: `Punktdiagramm: je Maßnahme die Kosten je Teilnahme (x) und je erfolgreichem Austritt (y), Vertragsbeginn im gewählten Jahr; nur Maßnahmen mit Kostenangabe; ${SUCCESS_MEANING}; ${COST_MEANING}.`,
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
        shape: seriesShape(instrumentColour(ctx)),
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

/** How a provider's year reads against its expected dropouts: only an interval wholly off 1 is called out. */
const VERDICT = {
  above: 'mehr Abbrüche als erwartet (95-%-Intervall über 1)',
  within: 'im Rahmen (95-%-Intervall schließt 1 ein)',
  below: 'weniger Abbrüche als erwartet (95-%-Intervall unter 1)',
  early: 'nicht bewertet: Austrittsjahr vor vollständiger Datenlage',
  hidden: 'unterdrückt (kleine Fallzahl)',
} as const;
const NEUTRAL = '#eef3f8';

/**
 * Providers × exit years: observed ÷ expected dropouts with the 95 % interval and the exits
 * behind it (mart.dropout_funnel), for the selected Jobcenter and instrument. No ranking: rows
 * in provider order; a cell is coloured only where its interval lies wholly above or below 1.
 */
export function providerYears(ctx: ChartContext): ChartDef {
  const ratio = `isValid(datum.oe) ? format(datum.oe, ',.2f') : '${HIDDEN_MARK}'`;
  const detail = `isValid(datum.lo) ? 'KI ' + format(datum.lo, ',.2f') + '–' + format(datum.hi, ',.2f') + ' · n = ' + format(datum.exits, ',.0f') + (datum.p === 1 ? ' vorl.' : '') : ''`;
  const verdict = `datum.s === 1 || !isValid(datum.oe) ? '${VERDICT.hidden}' : datum.early === 1 ? '${VERDICT.early}' : datum.lo > 1 ? '${VERDICT.above}' : datum.hi < 1 ? '${VERDICT.below}' : '${VERDICT.within}'`;
  const notJudged = `datum.bewertung === '${VERDICT.early}' || datum.bewertung === '${VERDICT.hidden}'`;
  const textColour = { condition: { test: 'datum.early === 1', value: COLOURS.muted }, value: '#1a1a1a' };
  return chart({
    id: 'traeger-jahre',
    period: 'years',
    title: 'Träger im Mehrjahresvergleich: beobachtete ÷ erwartete Abbrüche',
    subtitle:
      `Je Träger und Austrittsjahr im gewählten Instrument (alle Instrumente: der Träger über alle seine Austritte); erwartet nach Alter, Langzeitarbeitslosigkeit und Instrument; KI = 95-%-Intervall, n = Austritte. Farbig nur, wo das Intervall ganz über oder unter 1 liegt: von 20 Trägern fällt etwa einer zufällig auf, belastbar ist, was über mehrere Jahre auffällig bleibt. Grau: ${DATA_BEGIN_NOTE.replace(/^blass und ohne Linie: /, '')}; ${HIDDEN_MARK} = unterdrückt`,
    description:
      'Tabelle: je Träger und Austrittsjahr das Verhältnis beobachteter zu erwarteten Abbrüchen mit 95-%-Intervall und Zahl der Austritte, gefiltert nach Jobcenter und Instrument; farbig, wo das Intervall ganz über oder unter 1 liegt. Keine Rangliste.',
    datasets: ['funnel', 'begin'],
    table: { key: ['Träger-Nr.', 'Austrittsjahr'], order: 'y' },
    body: {
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'funnel' },
      transform: [
        { filter: `datum.jc === ${PARAM.jc} && datum.ins === ${PARAM.instr}` },
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
        ...dataBeginFields(`datum.jc + '|' + datum.prv + '|' + datum.ins`),
        { calculate: verdict, as: 'bewertung' },
        { calculate: ratio, as: 'value_text' },
        { calculate: detail, as: 'den_text' },
        { calculate: `isValid(datum.lo) ? format(datum.lo, ',.2f') + ' – ' + format(datum.hi, ',.2f') : '–'`, as: 'ki' },
        // as text: a suppressed cell carries no figures, and a number format prints them as "null"
        ...(
          [['observed', ',.0f'], ['expected', ',.1f'], ['oe', ',.2f'], ['exits', ',.0f']] as const
        ).map(([field, fmt]) => ({ calculate: `isValid(datum.${field}) ? format(datum.${field}, '${fmt}') : '${HIDDEN_MARK}'`, as: `${field}_text` })),
        { calculate: `datum.s === 1 ? 'unterdrückt (kleine Fallzahl)' : datum.p === 1 ? 'vorläufig' : 'endgültig'`, as: 'status' },
      ],
      width: { step: 150 },
      height: { step: 34 },
      encoding: {
        x: { field: 'yr', type: 'ordinal', title: 'Austrittsjahr', axis: { orient: 'top', labelAngle: 0 } },
        y: { field: 'prv', type: 'nominal', title: 'Träger-Nr.', sort: 'ascending' },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: {
              condition: { test: notJudged, value: NEUTRAL },
              field: 'bewertung',
              type: 'nominal',
              title: null,
              scale: { domain: [VERDICT.above, VERDICT.within, VERDICT.below], range: ['#f6c08f', NEUTRAL, '#a9cce3'] },
              legend: { columns: 1, labelLimit: 420 },
            },
            tooltip: [
              { field: 'prv', title: 'Träger-Nr.' },
              { field: 'instrument', title: 'Instrument' },
              { field: 'yr', title: 'Austrittsjahr' },
              { field: 'observed_text', title: 'Beobachtete Abbrüche' },
              { field: 'expected_text', title: 'Erwartete Abbrüche' },
              { field: 'oe_text', title: 'Beobachtet ÷ erwartet' },
              { field: 'ki', title: '95-%-Konfidenzintervall' },
              { field: 'exits_text', title: 'Austritte' },
              { field: 'bewertung', title: 'Bewertung' },
              { field: 'datenlage', title: 'Datenlage' },
              { field: 'status', title: 'Status' },
            ],
          },
        },
        { mark: { type: 'text', baseline: 'middle', dy: -6, fontWeight: 'bold' }, encoding: { text: { field: 'value_text' }, color: textColour } },
        { mark: { type: 'text', baseline: 'middle', dy: 8, fontSize: 9 }, encoding: { text: { field: 'den_text' }, color: { ...textColour, value: '#4d4d4d' } } },
      ],
    },
  });
}
