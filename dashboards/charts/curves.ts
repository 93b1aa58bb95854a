/**
 * Curves of the Jobcenter controlling dashboard: Kaplan–Meier retention per instrument and
 * the provider funnel plot (observed ÷ expected dropouts against control limits).
 */
import { smallCounts } from '../labels.ts';
import { COLOURS } from '../theme.ts';
import { type ChartContext, type ChartDef, chart, displayOrder, LEGEND_DASH_SAMPLE_PX, filterParams, instrumentLabels, labelLookup, PARAM, providerNames, provisionalFill, seriesDash, WIDE, WIDTH } from './kit.ts';

const OVERALL_COLOUR = '#1a1a1a';

/**
 * `present`: the instrument codes the page has curves of (the key lists those only; colours
 * stay the catalogue's); `lowest`: the lowest survival on the page, for an axis that stays
 * the same whichever instrument is chosen.
 */
export function retentionCurves(ctx: ChartContext, present?: readonly string[], lowest = 0.5): ChartDef {
  const labels = instrumentLabels(ctx);
  const shown = present ? displayOrder(labels).filter((code) => code === '*' || present.includes(code)).map((code) => labels[code]!) : undefined;
  // the all-instruments curve is the reference the others are read against: dark,
  // thicker and first in the legend; instruments keep the category colours
  const color = {
    field: 'instrument',
    type: 'nominal',
    title: null,
    scale: { domain: displayOrder(labels).map((code) => labels[code]!), range: [OVERALL_COLOUR, ...COLOURS.categories.filter((c) => c !== OVERALL_COLOUR)] },
    // line samples in the key: with the (invisible) tooltip points it showed dashed circles, and
    // the dash that tells 11 curves apart could not be looked up
    // a 22 px sample (√484) shows each series' whole dash pattern (kit.ts): at √300 = 17 px two drew alike (a review)
    legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: LEGEND_DASH_SAMPLE_PX ** 2, ...(shown ? { values: shown } : {}) },
  };
  return chart({
    id: 'verbleib-kaplan-meier',
    period: 'entries',
    title: 'Verbleib ohne Abbruch (Kaplan-Meier)',
    subtitle: 'Wahrscheinlichkeit, bis Tag t nicht abgebrochen zu haben: alle Instrumente und je Instrument; alle Eintritte seit Beginn der Daten bis zum Datenstand',
    description:
      'Stufenkurven nach Kaplan-Meier: Anteil ohne Abbruch nach Tagen seit Eintritt, je Instrument, über alle Eintritte seit Beginn der Daten bis zum Datenstand; im Tooltip (jede Stufe, bei langen Kurven je Woche und an den Tagen 14, 30, 90, 180 und 365) der Anteil und die Zahl der Teilnahmen unter Risiko. Kurven enden, wo weniger als 5 Teilnahmen unter Risiko sind. Der Jahresfilter wirkt hier nicht (je Eintrittsjahr: Portfolioplanung, Verbleib nach 180 Tagen).',
    datasets: ['retention'],
    table: { key: ['Instrument', 'Tag'], order: 'data' },
    body: {
      width: WIDE,
      height: 240,
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'retention' },
      transform: [
        { filter: `datum.jc === ${PARAM.jc} && (${PARAM.instr} === '*' || datum.ins === ${PARAM.instr})` },
        ...labelLookup('ins', labels, 'instrument'),
      ],
      // invisible points carry the tooltip: a line is one drawn item, and vega showed the
      // first point's figures (day 0) wherever the curve was hovered
      mark: { type: 'line', interpolate: 'step-after', point: { opacity: 0, size: 60 } },
      encoding: {
        x: { field: 'day', type: 'quantitative', title: 'Tage seit Eintritt' },
        // at least 50–100 %, the same for every instrument of the page: from the curve shown
        // alone, one falling from 100 to 88 % filled the plot and read as a steep fall (a fixed
        // domain: a `unionWith` here is set on the line and its points, which vega-lite warns of)
        y: { field: 'survival', type: 'quantitative', title: 'Ohne Abbruch', axis: { format: '.0%' }, scale: { domain: [Math.min(0.5, Math.floor(lowest * 10) / 10), 1] } },
        color,
        // curves differ in dash too, not only in hue (the reference curve solid)
        strokeDash: seriesDash(color),
        strokeWidth: { condition: { test: "datum.ins === '*'", value: 2.5 }, value: 1.3 },
        tooltip: [
          { field: 'instrument', title: 'Instrument' },
          { field: 'day', title: 'Tag', format: ',.0f' },
          { field: 'survival', title: 'Ohne Abbruch', format: '.1%' },
          { field: 'at_risk', title: 'Unter Risiko (Nenner)', format: ',.0f' },
        ],
      },
    },
  });
}

/** The retention curves with the page's instruments in the key and an axis down to its lowest curve. */
export function retentionCurvesOf(ctx: ChartContext, rows: readonly { ins: string; survival: number }[]): ChartDef {
  const lowest = rows.reduce((min, r) => Math.min(min, r.survival), 1);
  return retentionCurves(ctx, [...new Set(rows.map((r) => r.ins))], lowest);
}

/**
 * `perInstrument` false (the overall controlling page): the page embeds each provider over
 * all its instruments only (at 10^6 the Land × instrument rows, 10,942, add 0.52 MB to the
 * page's 2.82 MB: past the 3 MB of issue #4), so the
 * plot does not follow the instrument filter and says where the per-instrument view is;
 * filtered to an instrument it drew the limits and no provider at all.
 */
export function providerFunnelPlot(ctx: ChartContext, perInstrument = true): ChartDef {
  const instrumentNote = perInstrument
    ? 'Mit gewähltem Instrument: die Träger dieses Instruments, nur an dessen Austritten gemessen.'
    : 'Hier alle Instrumente zusammen, der Instrumentfilter gilt für dieses Diagramm nicht: Träger je Instrument zeigen die Seiten der Jobcenter und die Portfolioplanung (Träger).';
  const limitLines = [
    { key: 'lower_95', level: '95 %' },
    { key: 'upper_95', level: '95 %' },
    { key: 'lower_998', level: '99,8 %' },
    { key: 'upper_998', level: '99,8 %' },
  ];
  return chart({
    id: 'traegervergleich-funnel',
    title: 'Trägervergleich: beobachtete ÷ erwartete Abbrüche',
    subtitle:
      `Funnel-Plot mit 95-%- und 99,8-%-Kontrollgrenzen; erwartet nach Alter, Langzeitarbeitslosigkeit und Instrument. ${instrumentNote} Wer ein Instrument als einziger Träger durchführt, wird nur mit sich selbst verglichen (Verhältnis 1). Hohle Punkte: vorläufig. Träger mit kleinen Fallzahlen (${smallCounts(ctx.labels.threshold)}) sind nicht dargestellt.`,
    description:
      `Funnel-Plot: je Träger (${perInstrument ? 'im gewählten Instrument' : 'über alle Instrumente'}) das Verhältnis beobachteter zu erwarteten Abbrüchen über der Zahl erwarteter Abbrüche, mit 95-%- und 99,8-%-Kontrollgrenzen. Punkte außerhalb der Grenzen weichen auffällig ab; keine Rangliste nach Rohquoten.`,
    datasets: ['funnel', 'limits'],
    table: { key: ['Träger'], order: 'x' },
    body: {
      width: WIDTH,
      height: 260,
      params: filterParams(ctx, perInstrument ? ['jc', 'year', 'instr'] : ['jc', 'year']),
      layer: [
        {
          data: { name: 'limits' },
          transform: [
            { fold: limitLines.map((l) => l.key), as: ['limit', 'ratio'] },
            { lookup: 'limit', from: { data: { values: limitLines }, key: 'key', fields: ['level'] } },
          ],
          mark: { type: 'line', strokeWidth: 1.2 },
          encoding: {
            x: { field: 'expected', type: 'quantitative', title: 'Erwartete Abbrüche', scale: { type: 'sqrt' }, axis: { tickCount: 5 } },
            y: { field: 'ratio', type: 'quantitative', title: 'Beobachtet ÷ erwartet', scale: { domain: [0, 3], clamp: true } },
            detail: { field: 'limit' },
            strokeDash: { field: 'level', type: 'nominal', title: 'Kontrollgrenze', scale: { domain: ['95 %', '99,8 %'], range: [[5, 3], [1, 0]] } },
            color: { value: COLOURS.muted },
          },
        },
        { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#1a1a1a' }, encoding: { y: { field: 'one', type: 'quantitative' } } },
        {
          data: { name: 'funnel' },
          transform: [
            { filter: `datum.jc === ${PARAM.jc} && datum.ins === ${perInstrument ? PARAM.instr : "'*'"} && datum.yr === ${PARAM.year} && isValid(datum.oe)` },
            { calculate: `datum.p === 1 ? 'vorläufig' : 'endgültig'`, as: 'status' },
            ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
            ...providerNames(ctx),
            { calculate: `isValid(datum.lo) ? format(datum.lo, '.2f') + ' – ' + format(datum.hi, '.2f') : '–'`, as: 'ki' },
          ],
          mark: { type: 'point', filled: true, size: 70, color: COLOURS.primary, stroke: COLOURS.primary, opacity: 0.85, strokeWidth: 1.5 },
          encoding: {
            x: { field: 'expected', type: 'quantitative' },
            y: { field: 'oe', type: 'quantitative' },
            fill: provisionalFill({ value: COLOURS.primary }),
            tooltip: [
              { field: 'traeger', title: 'Träger' },
              { field: 'instrument', title: 'Instrument' },
              { field: 'observed', title: 'Beobachtete Abbrüche', format: ',.0f' },
              { field: 'expected', title: 'Erwartete Abbrüche', format: ',.1f' },
              { field: 'oe', title: 'Beobachtet ÷ erwartet', format: '.2f' },
              { field: 'ki', title: '95-%-Konfidenzintervall' },
              { field: 'exits', title: 'Austritte (Nenner)', format: ',.0f' },
              { field: 'status', title: 'Status' },
            ],
          },
        },
      ],
    },
  });
}
