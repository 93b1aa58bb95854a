/**
 * The chart of the portfolio planning page on providers: observed ÷ expected dropouts per
 * provider and exit year.
 */
import { HIDDEN_MARK } from '../labels.ts';
import { type ChartContext, type ChartDef, chart, filterParams, instrumentLabels, labelLookup, PARAM, providerNames } from './kit.ts';
import { DATA_BEGIN_NOTE, dataBeginFields } from './portfolio.ts';

/** How a provider's year reads against its expected dropouts: only an interval wholly off 1 is called out. */
const VERDICT = {
  above: 'mehr Abbrüche als erwartet (95-%-Intervall über 1)',
  within: 'im Rahmen (95-%-Intervall schließt 1 ein)',
  below: 'weniger Abbrüche als erwartet (95-%-Intervall unter 1)',
  early: 'nicht bewertet: Austrittsjahr vor vollständiger Datenlage',
  hidden: 'unterdrückt (kleine Fallzahl)',
} as const;
const NEUTRAL = '#eef3f8';
/** The text of an exit year before the data are complete: 6.0:1 on NEUTRAL (the theme's muted #757575 had 4.13:1, below WCAG 1.4.3's 4.5:1). */
const EARLY_TEXT = '#5c5c5c';
/** Written in such a cell, so that the grey is not the only sign of it (WCAG 1.4.1); the tooltip and table say it in full (Datenlage). */
const EARLY_WORD = 'unvollst.';

/**
 * Providers × exit years: observed ÷ expected dropouts with the 95 % interval and the exits
 * behind it (mart.dropout_funnel), for the selected Jobcenter and instrument. No ranking: rows
 * in provider order; a cell is coloured only where its interval lies wholly above or below 1.
 */
export function providerYears(ctx: ChartContext): ChartDef {
  // ▲ ▼: above and below said without colour too (WCAG 1.4.1), in the cell and in the key
  const arrow = (v: string) => `(${v} === '${VERDICT.above}' ? ' ▲' : ${v} === '${VERDICT.below}' ? ' ▼' : '')`;
  const ratio = `(isValid(datum.oe) ? format(datum.oe, ',.2f') + ${arrow('datum.bewertung')} : '${HIDDEN_MARK}') + (datum.early === 1 ? ' ${EARLY_WORD}' : '')`;
  // a bound just short of 1 (0.998) read '1,00' beside the verdict 'unter 1': within 0.005
  // of 1 a bound says on which side it lies (three decimals read as 1.001 thousands); in the
  // cell short ('< 1', 150 px at 9 px type), in the tooltip and table in words
  const near = (x: string) => `(${x} !== 1 && abs(${x} - 1) < 0.005)`;
  const bound = (x: string, short: boolean) =>
    `(${near(x)} ? (${x} < 1 ? '${short ? '< 1' : 'knapp unter 1'}' : '${short ? '> 1' : 'knapp über 1'}') : format(${x}, ',.2f'))`;
  const range = (dash: string, short: boolean) =>
    `${bound('datum.lo', short)} + (${near('datum.lo')} || ${near('datum.hi')} ? ' bis ' : '${dash}') + ${bound('datum.hi', short)}`;
  const detail = `isValid(datum.lo) ? 'KI ' + ${range('–', true)} + ' · n = ' + format(datum.exits, ',.0f') + (datum.p === 1 ? ' vorl.' : '') : ''`;
  const verdict = `datum.s === 1 || !isValid(datum.oe) ? '${VERDICT.hidden}' : datum.early === 1 ? '${VERDICT.early}' : datum.lo > 1 ? '${VERDICT.above}' : datum.hi < 1 ? '${VERDICT.below}' : '${VERDICT.within}'`;
  const notJudged = `datum.bewertung === '${VERDICT.early}' || datum.bewertung === '${VERDICT.hidden}'`;
  const textColour = { condition: { test: 'datum.early === 1', value: EARLY_TEXT }, value: '#1a1a1a' };
  return chart({
    id: 'traeger-jahre',
    period: 'years',
    title: 'Träger im Mehrjahresvergleich: beobachtete ÷ erwartete Abbrüche',
    subtitle:
      `Je Träger und Austrittsjahr im gewählten Instrument (alle Instrumente: der Träger über alle seine Austritte); erwartet nach Alter, Langzeitarbeitslosigkeit und Instrument; KI = 95-%-Intervall, n = Austritte. Farbig und mit ▲ (über) oder ▼ (unter) nur, wo das Intervall ganz über oder unter 1 liegt: von 20 Trägern fällt etwa einer zufällig auf, belastbar ist, was über mehrere Jahre auffällig bleibt. Grau und „${EARLY_WORD}“: ${DATA_BEGIN_NOTE.replace(/^blass und ohne Linie: /, '')} — über alle Instrumente erst, wenn es für jedes Instrument des Trägers vollständig ist (lange Maßnahmen wie § 16i): für frühere Jahre ein Instrument wählen; ${HIDDEN_MARK} = unterdrückt`,
    description:
      'Tabelle: je Träger und Austrittsjahr das Verhältnis beobachteter zu erwarteten Abbrüchen mit 95-%-Intervall und Zahl der Austritte, gefiltert nach Jobcenter und Instrument; farbig und mit ▲ oder ▼, wo das Intervall ganz über oder unter 1 liegt. Keine Rangliste.',
    datasets: ['funnel', 'begin'],
    table: { key: ['Träger', 'Austrittsjahr'], order: 'y' },
    body: {
      params: filterParams(ctx, ['jc', 'instr']),
      data: { name: 'funnel' },
      transform: [
        { filter: `datum.jc === ${PARAM.jc} && datum.ins === ${PARAM.instr}` },
        ...labelLookup('ins', instrumentLabels(ctx), 'instrument'),
        ...providerNames(ctx),
        ...dataBeginFields(`datum.jc + '|' + datum.prv + '|' + datum.ins`),
        { calculate: verdict, as: 'bewertung' },
        { calculate: ratio, as: 'value_text' },
        { calculate: detail, as: 'den_text' },
        { calculate: `isValid(datum.lo) ? ${range(' – ', false)} : '–'`, as: 'ki' },
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
        // number first, then name: in number order; names run long ('Bildungswerk Darmstadt gGmbH, Zweigstelle "Süd"')
        // no axis title: beside labels up to 340 px wide it was drawn over the first of them
        y: { field: 'traeger', type: 'nominal', title: null, sort: 'ascending', axis: { labelLimit: 340 } },
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
              // above the rows: with a state's providers the chart is thousands of pixels tall,
              // and under the last row the key was out of sight of every row it explains
              // the light swatches outlined: 'im Rahmen' had 1.1:1 on white, the others 1.6:1 (WCAG 1.4.11)
              legend: { orient: 'top', columns: 1, labelLimit: 420, symbolStrokeColor: '#76828e', symbolStrokeWidth: 1, labelExpr: `trim(${arrow('datum.label')} + ' ' + datum.label)` },
            },
            tooltip: [
              { field: 'traeger', title: 'Träger' },
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
