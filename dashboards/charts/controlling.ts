/**
 * Charts of the Jobcenter controlling dashboard (one per Jobcenter and one overall):
 * the process funnel, dropout trend, phases and reasons, goals, attendance
 * and at-risk participants. Trend and share charts use the shared patterns.
 */
import { COLOURS } from '../theme.ts';
import { INDICATOR_LABELS, PHASE_LABELS, PHASE_NOTE, smallCounts } from '../labels.ts';
import {
  type ChartContext,
  type ChartDef,
  chart,
  COUNT_AXIS,
  COUNT_SCALE,
  filterBy,
  filterParams,
  labelLookup,
  MONTH_TOOLTIP,
  MONTH_X,
  PARAM,
  provisionalBar,
  PROVISIONAL_SUFFIX,
  statusFields,
  WIDTH,
} from './kit.ts';
import { codeBars } from './patterns.ts';
import { dataBeginFields } from './portfolio.ts';
import { valueRange } from './hidden-strip.ts';
import { hiddenMarkLayers, multiRateTrend, rateTrend, withHiddenNote } from './trends.ts';

/**
 * Steps of the referral → start → exit chain; "davon" steps are parts of the step above, their
 * rate of `base` (the no-show rate counts referrals whose 42 days are over: "11,9 % von
 * 17.336" beside 19.985 referrals was unexplained).
 */
const FUNNEL_STEPS = [
  { ind: 'referrals', step: 'Zuweisungen', kind: 'Schritt', base: '' },
  { ind: 'no_show_rate', step: 'davon Nichtantritte', kind: 'davon', base: 'Zuweisungen mit abgelaufener 42-Tage-Frist' },
  { ind: 'entries', step: 'Eintritte', kind: 'Schritt', base: '' },
  { ind: 'exits', step: 'Austritte', kind: 'Schritt', base: '' },
  { ind: 'completion_rate', step: 'davon Abschlüsse', kind: 'davon', base: 'Austritten' },
  { ind: 'positive_early_exit_rate', step: 'davon vorzeitig positiv', kind: 'davon', base: 'Austritten' },
  { ind: 'dropout_rate', step: 'davon Abbrüche', kind: 'davon', base: 'Austritten' },
];

const FUNNEL_TOOLTIP = [
  { field: 'step', title: 'Schritt' },
  { field: 'anzahl', title: 'Anzahl' },
  { field: 'quote', title: 'Quote (von Nenner)' },
  { field: 'ki', title: '95-%-Konfidenzintervall' },
  { field: 'status', title: 'Status' },
  { field: 'datenlage', title: 'Datenlage' },
];

/** Steps counted over exits: in years before the data are complete they hold short stays only (readings.md, Coverage). */
const EXIT_STEPS = ['exits', 'completion_rate', 'positive_early_exit_rate', 'dropout_rate'];

export function processFunnel(ctx: ChartContext): ChartDef {
  const names = FUNNEL_STEPS.map((s) => `'${s.ind}'`).join(',');
  return chart({
    id: 'zugang-bis-austritt',
    title: 'Von der Zuweisung zum Austritt',
    subtitle:
      'Anzahl im gewählten Jahr; Quoten mit Zähler und Nenner (Nichtantritte: von den Zuweisungen, deren 42-Tage-Frist bis zum Datenstand abgelaufen ist); vorläufige Zahlen hell, gestrichelt umrandet und mit „vorläufig“; „Datenlage unvollständig“: Austrittsjahr, bevor die Daten alle Teilnahmen enthalten (Daten beginnen später, es fehlen lange Teilnahmen: Quoten nicht mit Folgejahren vergleichbar)',
    description:
      'Balkendiagramm: Zuweisungen, Nichtantritte, Eintritte und Austritte (mit Abschlüssen, vorzeitig positiven Austritten und Abbrüchen) im gewählten Jahr, gefiltert nach Jobcenter und Instrument.',
    datasets: ['year', 'begin'],
    table: { key: ['Schritt'], order: 'y' },
    body: {
      width: WIDTH - 200,
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'year' },
      transform: [
        { filter: `indexof([${names}], datum.ind) >= 0 && datum.br === '*'` },
        ...filterBy(['jc', 'year', 'instr']),
        ...statusFields(ctx),
        { lookup: 'ind', from: { data: { values: FUNNEL_STEPS }, key: 'ind', fields: ['step', 'kind', 'base'] } },
        ...dataBeginFields(`datum.jc + '|*|' + datum.ins`),
        // referrals and entries of those years are all in the data
        { calculate: `indexof([${EXIT_STEPS.map((i) => `'${i}'`).join(',')}], datum.ind) >= 0 ? datum.datenlage : 'vollständig'`, as: 'datenlage' },
        {
          calculate: `(!isValid(datum.n) ? '• unterdrückt' : (isValid(datum.d) ? format(datum.n, ',.0f') + ' (' + format(datum.v, '.1%') + ' von ' + format(datum.d, ',.0f') + ')' : format(datum.n, ',.0f')) + ${PROVISIONAL_SUFFIX}) + (datum.datenlage === 'vollständig' ? '' : ' · Datenlage unvollständig')`,
          as: 'text',
        },
        // the tooltip as text: a count step has no rate and no denominator (its value is the
        // count itself, which a '%' format showed as 7400,0 %), a suppressed step no number
        { calculate: `isValid(datum.n) ? format(datum.n, ',.0f') : '• unterdrückt'`, as: 'anzahl' },
        { calculate: `isValid(datum.d) ? format(datum.v, '.1%') + ' von ' + format(datum.d, ',.0f') + ' ' + datum.base : isValid(datum.n) ? '–' : '• unterdrückt'`, as: 'quote' },
        // a suppressed step still gets its label, at the start of the axis
        { calculate: 'isValid(datum.n) ? datum.n : 0', as: 'label_x' },
      ],
      encoding: { y: { field: 'step', type: 'nominal', title: null, sort: FUNNEL_STEPS.map((s) => s.step) } },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 } },
          encoding: {
            x: { field: 'n', type: 'quantitative', title: 'Anzahl', axis: COUNT_AXIS, scale: COUNT_SCALE },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['Schritt', 'davon'], range: [COLOURS.primary, COLOURS.secondary] }, legend: null },
            ...provisionalBar({ field: 'kind', type: 'nominal', scale: { domain: ['Schritt', 'davon'], range: [COLOURS.primary, COLOURS.secondary] }, legend: null }),
            tooltip: FUNNEL_TOOLTIP,
          },
        },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'label_x', type: 'quantitative' }, text: { field: 'text' }, tooltip: FUNNEL_TOOLTIP } },
      ],
    },
  });
}

export function dropoutTrend(ctx: ChartContext): ChartDef {
  return rateTrend(ctx, {
    id: 'abbruchquote-monatlich',
    title: 'Abbruchquote nach Austrittsmonat',
    subtitle: 'Abbrüche ÷ alle Austritte; Band: 95-%-Konfidenzintervall; hohle Punkte: vorläufig',
    description:
      'Liniendiagramm der monatlichen Abbruchquote der drei Jahre bis zum gewählten Jahr mit 95-%-Konfidenzband; vorläufige Monate sind hohl markiert; darunter die Zahl der Austritte (Nenner).',
    dataset: 'month',
    filters: ['jc', 'year', 'instr'],
    indicator: 'dropout_rate',
    denominatorTitle: 'Austritte',
    valueTitle: 'Abbruchquote',
  });
}

export function dropoutPhases(ctx: ChartContext): ChartDef {
  return codeBars(ctx, {
    id: 'abbruchphase',
    title: 'Wann wird abgebrochen?',
    subtitle: `Anteil der Abbrüche nach Phase der Teilnahme. ${PHASE_NOTE} Unbekannt: kein geplantes Ende`,
    description:
      'Balkendiagramm: Anteil der Abbrüche in den ersten 14 Tagen, in der frühen, mittleren und späten Phase und ohne bekannte Phase (kein geplantes Ende), mit 95-%-Intervall und Fallzahlen.',
    dataset: 'year',
    filters: ['jc', 'year', 'instr'],
    indicator: 'dropout_phase_share',
    codes: { ...PHASE_LABELS },
    codeTitle: 'Phase',
  });
}

export function dropoutReasons(ctx: ChartContext): ChartDef {
  return codeBars(ctx, {
    id: 'abbruchgruende',
    title: 'Hauptgründe für Abbrüche',
    subtitle: 'Anteil der Abbrüche nach erstgenanntem Grund (inkl. „Nicht angegeben“); absteigend, unterdrückte Gründe zuletzt (alphabetisch)',
    description:
      'Balkendiagramm: Anteil der Abbrüche je Hauptgrund im gewählten Jahr, absteigend sortiert, unterdrückte Gründe zuletzt in alphabetischer Folge, mit 95-%-Intervall und Fallzahlen.',
    dataset: 'year',
    filters: ['jc', 'year', 'instr'],
    indicator: 'dropout_reason_share',
    codes: { ...ctx.labels.reasons },
    sortByValue: true,
    codeTitle: 'Grund',
  });
}

export function goalsByCode(ctx: ChartContext): ChartDef {
  return codeBars(ctx, {
    id: 'zwischenziele',
    title: 'Erreichte Zwischenziele',
    subtitle: 'Anteil erreichter an allen vereinbarten Zielen, je Ziel; absteigend, unterdrückte Ziele zuletzt (alphabetisch)',
    description: 'Balkendiagramm: Anteil erreichter Zwischenziele je Zielart im gewählten Jahr, mit 95-%-Intervall und Fallzahlen.',
    dataset: 'year',
    filters: ['jc', 'year', 'instr'],
    indicator: 'goal_achievement_rate',
    codes: { ...ctx.labels.goals },
    sortByValue: true,
    codeTitle: 'Zwischenziel',
  });
}

/** Progress among all exits and among dropouts: two indicators as two bars. */
export function goalProgress(ctx: ChartContext): ChartDef {
  return codeBars(ctx, {
    id: 'zwischenziele-abbrechende',
    title: 'Fortschritte auch bei Abbrüchen',
    subtitle: 'Abschlussberichte mit mindestens einem (teilweise) erreichten Zwischenziel',
    description:
      'Balkendiagramm: Anteil der Abschlussberichte mit Fortschritt bei Zwischenzielen, für alle Austritte und nur für Abbrechende, mit 95-%-Intervall und Fallzahlen.',
    dataset: 'year',
    filters: ['jc', 'year', 'instr'],
    indicator: ['goal_progress_rate', 'goal_progress_rate_dropouts'],
    codes: { goal_progress_rate: 'Alle Austritte', goal_progress_rate_dropouts: 'Nur Abbrechende' },
    codeTitle: 'Gruppe',
  });
}

export function reportTimeliness(ctx: ChartContext): ChartDef {
  return rateTrend(ctx, {
    id: 'berichte-fristgerecht',
    title: 'Abschlussberichte fristgerecht',
    subtitle: 'Anteil der Austritte mit Abschlussbericht innerhalb von 14 Tagen; ein Monat bleibt vorläufig, bis auch seine 14-Tage-Frist 3 Monate vor dem Datenstand abgelaufen ist (einen Monat länger als die Abbruchquote)',
    description: 'Liniendiagramm: monatlicher Anteil fristgerechter Abschlussberichte mit 95-%-Band, vorläufige Monate hohl; darunter die Zahl der Austritte (Nenner).',
    dataset: 'month',
    filters: ['jc', 'year', 'instr'],
    indicator: 'report_on_time_rate',
    denominatorTitle: 'Austritte',
    valueTitle: 'Fristgerecht',
  });
}

export function attendance(ctx: ChartContext): ChartDef {
  return rateTrend(ctx, {
    id: 'anwesenheit',
    title: 'Anwesenheitsquote',
    subtitle: 'Anwesenheitstage ÷ Solltage laut Fehlzeitenmeldungen',
    description: 'Liniendiagramm: monatliche Anwesenheitsquote mit 95-%-Band, vorläufige Monate hohl; darunter die Solltage (Nenner).',
    dataset: 'month',
    filters: ['jc', 'year', 'instr'],
    indicator: 'attendance_rate',
    denominatorTitle: 'Solltage',
    valueTitle: 'Anwesenheit',
  });
}

const AT_RISK_HEIGHT = 200;

export function atRisk(ctx: ChartContext): ChartDef {
  const keys = ['at_risk_participants', 'participants_active'];
  const x = { ...MONTH_X, type: 'ordinal', axis: { format: '%b %Y', labelAngle: -45 } };
  const tooltip = [MONTH_TOOLTIP, { field: 'kennzahl', title: 'Gruppe' }, { field: 'n', title: 'Anzahl', format: ',.0f' }, { field: 'status', title: 'Status' }];
  return chart({
    id: 'gefaehrdete-teilnehmende',
    period: 'months',
    title: 'Gefährdete Teilnehmende am Monatsende',
    subtitle: withHiddenNote(ctx, 'Anwesenheit unter 80 % oder mindestens 3 unentschuldigte Fehltage; grau: alle Teilnehmenden; hell, gestrichelt umrandet: vorläufig'),
    description: `Balkendiagramm: Zahl der gefährdeten Teilnehmenden je Monat vor der Zahl aller aktiven Teilnehmenden; vorläufige Monate heller und gestrichelt umrandet; Monate mit ${smallCounts(ctx.labels.threshold)} Gefährdeten mit • markiert.`,
    datasets: ['month'],
    table: { key: ['Monat', 'Gruppe'], order: 'x' },
    body: {
      width: WIDTH,
      height: AT_RISK_HEIGHT,
      params: filterParams(ctx, ['jc', 'year', 'instr']),
      data: { name: 'month' },
      transform: [
        { filter: `indexof(${JSON.stringify(keys)}, datum.ind) >= 0 && datum.br === '*'` },
        ...filterBy(['jc', 'year', 'instr'], 'window'),
        ...statusFields(ctx),
        ...labelLookup('ind', { at_risk_participants: 'Gefährdet', participants_active: 'Alle Teilnehmenden' }, 'kennzahl'),
      ],
      encoding: { x },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            // participations active at the month's end (the catalogue's unit), not distinct people
            y: { field: 'n', type: 'quantitative', title: 'Teilnahmen', stack: null, axis: COUNT_AXIS, scale: { ...COUNT_SCALE, range: valueRange(AT_RISK_HEIGHT) } },
            color: { field: 'kennzahl', type: 'nominal', title: null, scale: { domain: ['Alle Teilnehmenden', 'Gefährdet'], range: ['#d0d7de', COLOURS.warning] } },
            // the light grey of all participants (1.5:1 on white) gets an outline of 3.9:1 (one legend with the fill)
            ...provisionalBar({ field: 'kennzahl', type: 'nominal', title: null, scale: { domain: ['Alle Teilnehmenden', 'Gefährdet'], range: ['#76828e', COLOURS.warning] } }),
            order: { field: 'kennzahl', sort: 'ascending' },
            tooltip,
          },
        },
        // a hidden number of people at risk: a mark in the strip under the bars, not a missing bar that reads as 0
        ...hiddenMarkLayers(x, AT_RISK_HEIGHT, [{ field: 'kennzahl', title: 'Gruppe' }]),
      ],
    },
  });
}

export function activationRates(ctx: ChartContext): ChartDef {
  return multiRateTrend(ctx, {
    id: 'aktivierungsquoten',
    title: 'Aktivierungsquoten',
    subtitle: 'Personen in Maßnahmen am Monatsende je Bezugsgröße; hohle Punkte: vorläufig',
    description:
      'Liniendiagramm: Aktivierungsquote AQ1, Quote bezogen auf erwerbsfähige Leistungsberechtigte und auf Langzeitleistungsbeziehende je Monat; Zähler und Nenner im Tooltip und in der Tabelle. Der Instrumentenfilter wirkt hier nicht (Bezugsgrößen gibt es nur je Jobcenter).',
    dataset: 'month',
    filters: ['jc', 'year'],
    indicators: {
      activation_rate_aq1: INDICATOR_LABELS['activation_rate_aq1']!,
      activation_rate_elb: INDICATOR_LABELS['activation_rate_elb']!,
      activation_rate_ltr: INDICATOR_LABELS['activation_rate_ltr']!,
    },
  });
}
