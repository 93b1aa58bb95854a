/**
 * The three dashboards as data: which rows each reads from the marts, which filters it
 * offers, which charts it shows. One controlling page per Jobcenter plus an overall one,
 * one ministry page, one portfolio page.
 */
import type { Db } from '../pipelines/db/database.ts';
import { type ChartContext, type ChartDef, type FilterKey, FILTER_ELEMENT } from './charts/kit.ts';
import * as controlling from './charts/controlling.ts';
import * as ministry from './charts/ministry.ts';
import * as portfolio from './charts/portfolio.ts';
import { type IndicatorRow, loadIndicatorRows } from './data/indicators.ts';
import { type FunnelRow, type LimitRow, type RetentionRow, loadFunnel, loadLimits, loadRetention } from './data/curves.ts';
import { type MeasureRow, loadMeasureRows } from './data/measures.ts';
import { suppressTables } from './data/totals-table.ts';
import type { Rows } from './dataset.ts';
import { ALL_LABEL, type CodeLabels } from './labels.ts';

export interface FilterSpec {
  readonly key: FilterKey;
  readonly label: string;
  readonly options: { value: string; label: string }[];
  readonly value: string;
}

export interface Dashboard {
  /** File name stem (safe characters only). */
  readonly slug: string;
  readonly title: string;
  readonly intro: string;
  readonly filters: readonly FilterSpec[];
  readonly charts: readonly ChartDef[];
  readonly datasets: Readonly<Record<string, Rows>>;
}

const CONTROLLING_YEAR = [
  'referrals',
  'no_show_rate',
  'entries',
  'exits',
  'completion_rate',
  'positive_early_exit_rate',
  'dropout_rate',
  'dropout_phase_share',
  'dropout_reason_share',
  'goal_achievement_rate',
  'goal_progress_rate',
  'goal_progress_rate_dropouts',
];
const MONTHLY = [
  'dropout_rate',
  'report_on_time_rate',
  'reports_overdue',
  'attendance_rate',
  'at_risk_participants',
  'participants_active',
  'activation_rate_aq1',
  'activation_rate_elb',
  'activation_rate_ltr',
];

/** Ids become file names: keep letters, digits, '-' and '_'. */
export function safeSlug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || '_';
}

const distinct = (rows: readonly IndicatorRow[], field: 'jc' | 'ins' | 'yr') =>
  [...new Set(rows.map((r) => r[field]))].filter((v) => v !== '*').sort();

function jobcenterLabels(ids: readonly string[], total: string): Record<string, string> {
  return { '*': total, ...Object.fromEntries(ids.map((id) => [id, `Jobcenter ${id}`])) };
}

/** Filters offered on a page, built from the codes present in its data. */
function buildFilters(
  keys: readonly FilterKey[],
  rows: readonly IndicatorRow[],
  labels: CodeLabels,
  fixedJobcenter?: string,
): { filters: FilterSpec[]; ctx: Omit<ChartContext, 'labels'> } {
  const years = distinct(rows, 'yr');
  const defaults: Record<FilterKey, string> = { jc: fixedJobcenter ?? '*', year: years.at(-1) ?? '', instr: '*' };
  const options: Record<FilterKey, { value: string; label: string }[]> = {
    jc: Object.entries(jobcenterLabels(distinct(rows, 'jc'), ALL_LABEL.jobcenter)).map(([value, label]) => ({ value, label })),
    year: years.map((y) => ({ value: y, label: y })),
    instr: [{ value: '*', label: ALL_LABEL.instrument }, ...distinct(rows, 'ins').map((i) => ({ value: i, label: labels.instruments[i] ?? i }))],
  };
  const titles: Record<FilterKey, string> = { jc: 'Jobcenter', year: 'Jahr', instr: 'Instrument' };
  const bound = keys.filter((k) => !(k === 'jc' && fixedJobcenter));
  return {
    filters: bound.map((key) => ({ key, label: titles[key], options: options[key], value: defaults[key] })),
    ctx: { bound: new Set(bound), defaults },
  };
}

/**
 * Everything the dashboards read from the marts, read once for all pages (one query per
 * mart and grain; at 10^6 participations each query costs 0.1–0.7 s) and then split
 * per page and per indicator set in memory.
 */
export interface DashboardSource {
  /** Yearly rows of every indicator any page shows (all Jobcenters, instruments, breakdowns). */
  readonly year: IndicatorRow[];
  readonly month: IndicatorRow[];
  readonly retention: RetentionRow[];
  readonly funnel: FunnelRow[];
  readonly limits: LimitRow[];
  readonly measures: MeasureRow[];
}

export async function loadDashboardSource(db: Db): Promise<DashboardSource> {
  const funnel = await loadFunnel(db);
  return {
    year: await loadIndicatorRows(db, { indicators: [...new Set([...CONTROLLING_YEAR, ...MINISTRY_YEAR, ...PORTFOLIO_YEAR])], grain: 'year' }),
    month: await loadIndicatorRows(db, { indicators: MONTHLY, grain: 'month' }),
    retention: await loadRetention(db),
    funnel,
    limits: await loadLimits(db, funnel),
    measures: await loadMeasureRows(db, PORTFOLIO_MEASURES),
  };
}

/** The rows of the given indicators (order kept: the query sorts by indicator first). */
function ofIndicators(rows: readonly IndicatorRow[], indicators: readonly string[]): IndicatorRow[] {
  const wanted = new Set(indicators);
  return rows.filter((r) => wanted.has(r.ind));
}

/**
 * Rows of one page. A Jobcenter's page has its own rows (all instruments); the overall page
 * has the totals, each Jobcenter and each instrument, but not Jobcenter × instrument
 * (that combination is on the Jobcenter's own page) — it keeps the file small.
 */
function controllingRows(source: DashboardSource, jobcenterId?: string): Record<string, Rows> {
  const keep = jobcenterId === undefined ? (r: { jc: string; ins?: string }) => r.jc === '*' || r.ins === undefined || r.ins === '*' : (r: { jc: string }) => r.jc === jobcenterId;
  const funnel = source.funnel.filter(keep);
  const maxExpected = funnel.reduce((max, r) => Math.max(max, r.expected ?? 0), 10) * 1.15;
  return {
    year: ofIndicators(source.year, CONTROLLING_YEAR).filter(keep),
    month: source.month.filter(keep),
    retention: source.retention.filter(keep),
    funnel,
    limits: source.limits.filter((r) => r.expected <= maxExpected),
  };
}

export function controllingDashboard(source: DashboardSource, labels: CodeLabels, jobcenterId?: string): Dashboard {
  const datasets = controllingRows(source, jobcenterId);
  const year = datasets['year'] as IndicatorRow[];
  const month = datasets['month'] as IndicatorRow[];
  const { filters, ctx: base } = buildFilters(['jc', 'year', 'instr'], year, labels, jobcenterId);
  const ctx: ChartContext = { ...base, labels };
  const jcLabels = jobcenterLabels(distinct(month, 'jc'), ALL_LABEL.jobcenter);
  const charts = [
    controlling.processFunnel(ctx),
    controlling.dropoutTrend(ctx),
    controlling.dropoutPhases(ctx),
    controlling.dropoutReasons(ctx),
    controlling.retentionCurves(ctx),
    controlling.providerFunnelPlot(ctx),
    controlling.goalsByCode(ctx),
    controlling.goalProgress(ctx),
    controlling.reportTimeliness(ctx),
    controlling.overdueReports(ctx, jcLabels),
    controlling.attendance(ctx),
    controlling.atRisk(ctx),
    controlling.activationRates(ctx),
  ];
  return {
    slug: jobcenterId ? `controlling-jobcenter-${safeSlug(jobcenterId)}` : 'controlling-gesamt',
    title: jobcenterId ? `Maßnahmen-Controlling Jobcenter ${jobcenterId}` : 'Maßnahmen-Controlling aller Jobcenter',
    intro: 'Zuweisung, Antritt, Abbruch und Erfolg von Maßnahmen der aktiven Arbeitsmarktpolitik',
    filters,
    charts,
    datasets,
  };
}

const MINISTRY_YEAR = [...new Set([...ministry.MINISTRY_TABLE_INDICATORS, 'dropout_rate', 'completion_rate', 'exits'])];

export function ministryDashboard(source: DashboardSource, labels: CodeLabels): Dashboard {
  const year = ofIndicators(source.year, MINISTRY_YEAR);
  const month = ofIndicators(source.month, ['activation_rate_aq1', 'activation_rate_elb', 'activation_rate_ltr']);
  // Every ministry chart shows Jobcenters and instruments next to their totals ('*'), so
  // complementary suppression applies across both on top of the mart's flag.
  const datasets = { year: suppressTables(year, { rowKey: 'jc', colKey: 'ins', groupKeys: ['ind', 'yr', 'br'] }), month };
  const { filters, ctx: base } = buildFilters(['year', 'instr'], year, labels);
  const ctx: ChartContext = { ...base, labels };
  const jcs = jobcenterLabels(distinct(year, 'jc'), 'Land gesamt');
  const instruments = { ...Object.fromEntries(distinct(year, 'ins').map((i) => [i, i])), '*': 'Summe' };
  // The ministry page compares across Jobcenters: the Jobcenter filter is offered for the
  // activation chart only, on its own select.
  const monthFilters = buildFilters(['jc'], month, labels);
  const activationCtx: ChartContext = { ...ctx, bound: new Set([...ctx.bound, 'jc']) };
  return {
    slug: 'land-ministerium',
    title: 'Aktive Arbeitsmarktpolitik im Land: Ergebnisse nach Jobcenter und Instrument',
    intro: 'Landesweite Übersicht für Ministerium und ESF+-Verwaltungsbehörde; kleine Fallzahlen geheimgehalten wie in öffentlichen Tabellen',
    filters: [...filters, ...monthFilters.filters.map((f) => ({ ...f, label: 'Jobcenter (Aktivierung)' }))],
    charts: [
      ministry.indicatorsByJobcenter(ctx, jcs),
      ministry.esfResults(ctx, jcs),
      ministry.dropoutByInstrument({ ...ctx, bound: new Set([...ctx.bound].filter((k) => k !== 'jc')) }),
      ministry.exitsTable(ctx, jcs, instruments),
      ministry.activationByJobcenter(activationCtx),
    ],
    datasets,
  };
}

const PORTFOLIO_YEAR = [...portfolio.PORTFOLIO_RATES, ...portfolio.PORTFOLIO_COSTS];
const PORTFOLIO_MEASURES = [...PORTFOLIO_YEAR, 'employed_on_leaving_rate'];

export function portfolioDashboard(source: DashboardSource, labels: CodeLabels): Dashboard {
  const year = ofIndicators(source.year, PORTFOLIO_YEAR);
  const measures = source.measures;
  const { filters, ctx: base } = buildFilters(['jc', 'year', 'instr'], year, labels);
  const ctx: ChartContext = { ...base, labels };
  const measureLabels = Object.fromEntries([...new Set(measures.map((m) => m.mea))].sort().map((m) => [m, m]));
  const subtitle = 'Hohle Punkte: vorläufig; Jahr = Austrittsjahr bzw. Vertragsbeginn (Kosten)';
  return {
    slug: 'portfolioplanung',
    title: 'Portfolioplanung: Instrumente und Maßnahmen im Mehrjahresvergleich',
    intro: 'Auslastung, Abbruch, Zwischenziele, Eingliederung nach 6 Monaten und Kosten je Instrument über mehrere Jahre',
    filters,
    charts: [
      portfolio.instrumentYears(ctx, 'occupancy_rate', 'auslastung-jahre', subtitle),
      portfolio.instrumentYears(ctx, 'dropout_rate', 'abbruch-jahre', subtitle),
      portfolio.instrumentYears(ctx, 'goal_progress_rate', 'zwischenziele-jahre', subtitle),
      portfolio.instrumentYears(ctx, 'integration_rate_6m', 'eingliederung-jahre', subtitle),
      portfolio.instrumentYears(ctx, 'cost_per_participant', 'kosten-teilnahme-jahre', subtitle),
      portfolio.instrumentYears(ctx, 'cost_per_successful_exit', 'kosten-erfolg-jahre', subtitle),
      portfolio.measuresTable(ctx, measureLabels),
      portfolio.costsPerMeasure(ctx),
    ],
    datasets: { year, measures },
  };
}

/** Which element id a filter's select has on the page. */
export function filterElement(key: FilterKey): string {
  return FILTER_ELEMENT[key];
}
