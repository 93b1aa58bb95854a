/**
 * The three dashboards as data: which rows each reads from the marts, which filters it
 * offers, which charts it shows. One controlling page per Jobcenter plus an overall one,
 * one ministry page, one portfolio page.
 */
import { type ChartContext, type ChartDef, type FilterKey, FILTER_ELEMENT } from './charts/kit.ts';
import * as controlling from './charts/controlling.ts';
import { afterExit, notifiedBeforeDropout } from './charts/instrument-rates.ts';
import { overdueByMeasure, overdueMeasureLabels, overdueReports } from './charts/overdue.ts';
import { summaryTiles } from './charts/summary.ts';
import * as curves from './charts/curves.ts';
import * as ministry from './charts/ministry.ts';
import * as portfolio from './charts/portfolio.ts';
import { costsPerMeasure, lowestOccupancy, measuresTable } from './charts/portfolio-measures.ts';
import { providerYears } from './charts/portfolio-providers.ts';
import type { IndicatorRow } from './data/indicators.ts';
import { overdueJobcenterInstrument, type OverdueRow } from './data/overdue.ts';
import { CONTROLLING_AFTER_EXIT, CONTROLLING_YEAR, type ControllingSource, type DashboardSource, MINISTRY_YEAR, PORTFOLIO_YEAR } from './data/source.ts';
import { suppressTables, type TableRow } from './data/totals-table.ts';
import { ministryYearTables } from './data/ministry-tables.ts';
import type { Rows } from './dataset.ts';
import { ALL_LABEL, type CodeLabels, jobcenterLabel, type Suppression, withProviders } from './labels.ts';
import { fileNamePart } from '../pipelines/file-name.ts';

// the marts' reading lives in data/source.ts; callers have always found it here
/**
 * The one page whose tables hide, beside small counts, the cells they could be worked out
 * from (pipelines/publish/suppression.ts): the page to publish. The others are for internal use.
 */
export const PUBLIC_PAGE = 'land-ministerium';

export { type ControllingSource, type DashboardSource, loadDashboardSource, type MartReader, martReader, readControlling } from './data/source.ts';

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
  /** The years the page's multi-year charts span, for their captions when it offers no year filter. */
  readonly years?: readonly string[];
  readonly charts: readonly ChartDef[];
  readonly datasets: Readonly<Record<string, Rows>>;
  /** The Jobcenter a page is fixed to, as named on it (its captions name it so). */
  readonly jobcenter?: { readonly id: string; readonly label: string };
  /** What the page hides, as its note on suppression says it (default: small figures only). */
  readonly suppression?: Suppression;
}


const distinct = (rows: readonly IndicatorRow[], field: 'jc' | 'ins' | 'yr') =>
  [...new Set(rows.map((r) => r[field]))].filter((v) => v !== '*').sort();

function jobcenterLabels(ids: readonly string[], total: string, labels: CodeLabels): Record<string, string> {
  return { '*': total, ...Object.fromEntries(ids.map((id) => [id, jobcenterLabel(labels, id)])) };
}

/** Filters offered on a page, built from the codes present in its data. */
function buildFilters(
  keys: readonly FilterKey[],
  rows: readonly IndicatorRow[],
  labels: CodeLabels,
  fixedJobcenter?: string,
  yearShown: 'latest' | 'final' = 'latest',
  monthRows: readonly IndicatorRow[] = [],
): { filters: FilterSpec[]; ctx: Omit<ChartContext, 'labels'> } {
  // the months' years and Jobcenters too: a Jobcenter of the list without participations has
  // activation months only (its page offered no year, and every chart read "Keine Werte")
  const years = distinct([...rows, ...monthRows], 'yr');
  // Annual reading (ministry, portfolio planning) opens on the latest year whose figures
  // are final, like the annual return; controlling opens on the running year — of the year
  // figures where there are any (a stock file of January ahead of the participations opened
  // every page on a year of activation months only)
  const finalYears = yearShown === 'final' ? distinct(rows.filter((r) => r.p === 0), 'yr') : [];
  const defaults: Record<FilterKey, string> = { jc: fixedJobcenter ?? '*', year: finalYears.at(-1) ?? distinct(rows, 'yr').at(-1) ?? years.at(-1) ?? '', instr: '*' };
  const options: Record<FilterKey, { value: string; label: string }[]> = {
    // from the list, not Object.entries() of a label map: that enumerates integer-like codes
    // ('10411') before all others, and "Alle Jobcenter" stood in the middle of the list
    jc: [{ value: '*', label: ALL_LABEL.jobcenter }, ...distinct([...rows, ...monthRows], 'jc').map((id) => ({ value: id, label: jobcenterLabel(labels, id) }))],
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

/** The rows of the given indicators (order kept: the query sorts by indicator first). */
function ofIndicators(rows: readonly IndicatorRow[], indicators: readonly string[]): IndicatorRow[] {
  const wanted = new Set(indicators);
  return rows.filter((r) => wanted.has(r.ind));
}

type Sliced = { jc: string; ins?: string };

/**
 * The rows of each Jobcenter and those of the overall page, split in one pass per source
 * array and kept for the next page (41 pages each filtering 10^5 rows cost ~0.3 s).
 */
const splits = new WeakMap<readonly Sliced[], { overall: Sliced[]; byJobcenter: Map<string, Sliced[]> }>();

function pageRows<T extends Sliced>(rows: readonly T[], jobcenterId?: string): T[] {
  let split = splits.get(rows);
  if (!split) {
    split = { overall: [], byJobcenter: new Map() };
    for (const r of rows) {
      // the overall page: totals, each Jobcenter and each instrument, not Jobcenter × instrument
      if (r.jc === '*' || r.ins === undefined || r.ins === '*') split.overall.push(r);
      const own = split.byJobcenter.get(r.jc);
      if (own) own.push(r);
      else split.byJobcenter.set(r.jc, [r]);
    }
    splits.set(rows, split);
  }
  return (jobcenterId === undefined ? split.overall : (split.byJobcenter.get(jobcenterId) ?? [])) as T[];
}

const controllingYear = new WeakMap<readonly IndicatorRow[], IndicatorRow[]>();
const jobcenterYear = new WeakMap<readonly IndicatorRow[], IndicatorRow[]>();

/**
 * Rows of one page. A Jobcenter's page has its own rows (all instruments); the overall page
 * has the totals, each Jobcenter and each instrument, but not Jobcenter × instrument
 * (that combination is on the Jobcenter's own page) — it keeps the file small. Except the
 * overdue reports at the cut-off: a stock of one date, the chart of whom to chase.
 */
function controllingRows(source: ControllingSource, jobcenterId?: string): Record<string, Rows> {
  const cache = jobcenterId === undefined ? controllingYear : jobcenterYear;
  const indicators = jobcenterId === undefined ? CONTROLLING_YEAR : [...CONTROLLING_YEAR, ...CONTROLLING_AFTER_EXIT];
  let year = cache.get(source.year);
  if (!year) cache.set(source.year, (year = ofIndicators(source.year, indicators)));
  // the overall page: providers over all instruments only; providers per instrument for the
  // whole Land are on portfolioplanung-traeger (with them this page grew past 3 MB at 10^6)
  const funnel = pageRows(source.funnel, jobcenterId).filter((r) => jobcenterId !== undefined || r.ins === '*');
  const maxExpected = funnel.reduce((max, r) => Math.max(max, r.expected ?? 0), 10) * 1.15;
  return {
    year: pageRows(year, jobcenterId),
    month: jobcenterId === undefined ? [...pageRows(source.month), ...overdueJobcenterInstrument(source.month)] : pageRows(source.month, jobcenterId),
    denominators: pageRows(source.denominators, jobcenterId),
    retention: pageRows(source.retention, jobcenterId),
    funnel,
    limits: source.limits.filter((r) => r.expected <= maxExpected),
    // the funnel marks exit years before the data are complete: its slices are Jobcenter × instrument
    begin: source.dataBegin.filter((r) => {
      const [jc, prv] = r.key.split('|');
      return prv === '*' && (jc === '*' || jobcenterId === undefined || jc === jobcenterId);
    }),
    // a Jobcenter's own measures with overdue reports (the overall page counts per Jobcenter)
    ...(jobcenterId === undefined ? {} : { overdue: source.overdue.filter((r) => r.jc === jobcenterId) }),
  };
}

export function controllingDashboard(source: ControllingSource, labels: CodeLabels, jobcenterId?: string): Dashboard {
  const datasets = controllingRows(source, jobcenterId);
  const year = datasets['year'] as IndicatorRow[];
  const month = datasets['month'] as IndicatorRow[];
  const { filters, ctx: base } = buildFilters(['jc', 'year', 'instr'], year, labels, jobcenterId, 'latest', month);
  const ctx: ChartContext = { ...base, labels: withProviders(labels, (datasets['funnel'] as { prv: string }[]).map((r) => r.prv)) };
  const jcLabels = jobcenterLabels(distinct(month, 'jc'), ALL_LABEL.jobcenter, labels);
  const charts = [
    summaryTiles(ctx),
    controlling.processFunnel(ctx),
    controlling.dropoutTrend(ctx),
    controlling.dropoutPhases(ctx),
    controlling.dropoutReasons(ctx),
    ...(jobcenterId === undefined ? [] : [notifiedBeforeDropout(ctx)]),
    curves.retentionCurvesOf(ctx, datasets['retention'] as { ins: string; survival: number }[]),
    curves.providerFunnelPlot(ctx, jobcenterId !== undefined),
    controlling.goalsByCode(ctx),
    controlling.goalProgress(ctx),
    ...(jobcenterId === undefined ? [] : [afterExit(ctx)]),
    controlling.reportTimeliness(ctx),
    overdueReports(ctx, jcLabels),
    ...(jobcenterId === undefined ? [] : [overdueByMeasure(ctx, overdueMeasureLabels(datasets['overdue'] as OverdueRow[], labels))]),
    controlling.attendance(ctx),
    controlling.atRisk(ctx),
    controlling.activationRates(ctx),
  ];
  return {
    slug: jobcenterId ? `controlling-jobcenter-${fileNamePart(jobcenterId)}` : 'controlling-gesamt',
    title: jobcenterId ? `Maßnahmen-Controlling ${jobcenterLabel(labels, jobcenterId)}` : 'Maßnahmen-Controlling aller Jobcenter',
    ...(jobcenterId ? { jobcenter: { id: jobcenterId, label: jobcenterLabel(labels, jobcenterId) } } : {}),
    intro: 'Zuweisung, Antritt, Abbruch und Erfolg von Maßnahmen der aktiven Arbeitsmarktpolitik',
    filters,
    charts,
    datasets,
  };
}

/**
 * A public page does not tell primary from complementary hiding: a reader who knows a cell
 * was hidden as a complement knows it is not 1..4 (an attack used that to pin zeros).
 */
function oneHiddenFlag(rows: TableRow[]): TableRow[] {
  return rows.map((r) => (r.c === 1 ? { ...r, s: 1, c: 0 } : r));
}

/**
 * `forced`: page cells (ministry-tables.ts pageCellKey) that the same year's public returns
 * would give back; hidden here from the start (reports/model/public-year.ts).
 */
export function ministryDashboard(
  source: Pick<DashboardSource, 'year' | 'month'> & Partial<Pick<DashboardSource, 'populations'>>,
  labels: CodeLabels,
  forced: ReadonlySet<string> = new Set(),
): Dashboard {
  const year = ofIndicators(source.year, MINISTRY_YEAR);
  const month = ofIndicators(source.month, ['activation_rate_aq1', 'activation_rate_elb', 'activation_rate_ltr']);
  // Every ministry chart shows Jobcenters and instruments next to their totals ('*'), so
  // complementary suppression applies across both on top of the mart's flag.
  // The activation lines of the Land and of each Jobcenter, too: with the Land's and one
  // Jobcenter's figures shown, the other Jobcenter's hidden month was their difference.
  // Linked are the tables of one population (exits and the rates over them); without the
  // catalogue every table is (safe, but it hides far more).
  const datasets = {
    year: oneHiddenFlag(ministryYearTables(year, source.populations, labels.threshold, forced)),
    month: oneHiddenFlag(suppressTables(month, { rowKey: 'jc', groupKeys: ['ind', 'per', 'br'], linkedBy: 'ind' }, labels.threshold)),
  };
  const { filters, ctx: base } = buildFilters(['year', 'instr'], year, labels, undefined, 'final');
  // the hidden cells' status names both reasons: oneHiddenFlag does not tell them apart
  const ctx: ChartContext = { ...base, labels, suppression: 'merged' };
  const jcs = jobcenterLabels(distinct(year, 'jc'), 'Land gesamt', labels);
  const instruments = { ...Object.fromEntries(distinct(year, 'ins').map((i) => [i, i])), '*': 'Summe' };
  // The ministry page compares across Jobcenters: the Jobcenter filter is offered for the
  // activation chart only, on its own select.
  const monthFilters = buildFilters(['jc'], month, labels);
  const activationCtx: ChartContext = { ...ctx, bound: new Set([...ctx.bound, 'jc']) };
  return {
    slug: PUBLIC_PAGE,
    suppression: 'merged',
    title: 'Aktive Arbeitsmarktpolitik im Land: Ergebnisse nach Jobcenter und Instrument',
    intro: 'Landesweite Übersicht für Ministerium und ESF+-Verwaltungsbehörde; kleine Fallzahlen unterdrückt wie in öffentlichen Tabellen',
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

type PortfolioSource = Pick<DashboardSource, 'year' | 'measures' | 'dataBegin' | 'funnel'>;

/**
 * Portfolio planning is three pages: instruments over the years, providers over the years,
 * and measures. At 10^6 participations (41 Jobcenters) their data together made one page of
 * 14 MB; each page stays under 3 MB. Only the measures page shows one year: the other two
 * offer no year filter (a year select there changed nothing a reader could see).
 */
function portfolioFilters(year: readonly IndicatorRow[], labels: CodeLabels, keys: readonly FilterKey[]) {
  const { filters, ctx: base } = buildFilters(keys, year, labels, undefined, 'final');
  const ctx: ChartContext = { ...base, labels };
  return { filters, ctx, years: distinct(year, 'yr') };
}

const OVER_THE_YEARS: readonly FilterKey[] = ['jc', 'instr'];

export function portfolioDashboard(source: Pick<PortfolioSource, 'year' | 'dataBegin'>, labels: CodeLabels): Dashboard {
  const year = ofIndicators(source.year, PORTFOLIO_YEAR);
  const { filters, ctx, years } = portfolioFilters(year, labels, OVER_THE_YEARS);
  return {
    slug: 'portfolioplanung',
    title: 'Portfolioplanung: Instrumente im Mehrjahresvergleich',
    intro: 'Auslastung, Abbruch, Verbleib, Zwischenziele, Eingliederung nach 6 Monaten und Kosten je Instrument über mehrere Jahre. Träger und Maßnahmen: eigene Seiten (portfolioplanung-traeger.html, portfolioplanung-massnahmen.html)',
    filters,
    years,
    charts: [
      portfolio.instrumentYears(ctx, 'occupancy_rate', 'auslastung-jahre'),
      portfolio.instrumentYears(ctx, 'dropout_rate', 'abbruch-jahre'),
      portfolio.instrumentYears(ctx, 'retention_km', 'verbleib-jahre', 'd180'),
      portfolio.instrumentYears(ctx, 'goal_progress_rate', 'zwischenziele-jahre'),
      portfolio.instrumentYears(ctx, 'integration_rate_6m', 'eingliederung-jahre'),
      portfolio.instrumentYears(ctx, 'cost_per_participant', 'kosten-teilnahme-jahre'),
      portfolio.instrumentYears(ctx, 'cost_per_successful_exit', 'kosten-erfolg-jahre'),
    ],
    datasets: { year, begin: source.dataBegin },
  };
}

export function portfolioProvidersDashboard(source: Pick<PortfolioSource, 'year' | 'dataBegin' | 'funnel'>, labels: CodeLabels): Dashboard {
  const funnel = pageRows(source.funnel);
  const { filters, ctx: all, years } = portfolioFilters(ofIndicators(source.year, PORTFOLIO_YEAR), labels, OVER_THE_YEARS);
  const ctx: ChartContext = { ...all, labels: withProviders(all.labels, funnel.map((r) => r.prv)) };
  return {
    slug: 'portfolioplanung-traeger',
    title: 'Portfolioplanung: Träger im Mehrjahresvergleich',
    intro: 'Beobachtete ÷ erwartete Abbrüche je Träger und Austrittsjahr, fair nach Teilnehmendenstruktur verglichen; Instrumente und Maßnahmen: eigene Seiten (portfolioplanung.html, portfolioplanung-massnahmen.html)',
    filters,
    years,
    charts: [providerYears(ctx)],
    // providers per Jobcenter × instrument stay on the Jobcenter's own controlling page (3 MB)
    datasets: { begin: source.dataBegin, funnel },
  };
}

export function portfolioMeasuresDashboard(source: Pick<PortfolioSource, 'year' | 'measures'>, labels: CodeLabels): Dashboard {
  const { filters, ctx } = portfolioFilters(ofIndicators(source.year, PORTFOLIO_YEAR), labels, ['jc', 'year', 'instr']);
  const measures = source.measures;
  // a lot is bought from a provider for an instrument: both read next to its number (the
  // provider by number: with names, the 28,000 labels at 10^6 took the page to 2.99 MB)
  const measureLabels = Object.fromEntries(
    [...new Map(measures.filter((m) => m.mea !== '*').map((m) => [m.mea, `${m.mea} · ${m.ins} · Träger ${m.prv}`])).entries()].sort(([a], [b]) => a.localeCompare(b)),
  );
  // the names of the providers of the measures shown, for the tooltips (not all 341 at 10^6)
  const allProviders = labels.providers ?? {};
  const providers = Object.fromEntries([...new Set(measures.map((m) => m.prv))].filter((p) => allProviders[p] !== undefined).sort().map((p) => [p, allProviders[p]!]));
  return {
    slug: 'portfolioplanung-massnahmen',
    title: 'Portfolioplanung: Maßnahmen im Vergleich',
    intro: 'Die größten und die am schwächsten ausgelasteten Maßnahmen der Auswahl, Kosten je Maßnahme; Instrumente und Träger: eigene Seiten (portfolioplanung.html, portfolioplanung-traeger.html)',
    filters,
    charts: [measuresTable(ctx, measureLabels, providers), lowestOccupancy(ctx, measureLabels, providers), costsPerMeasure(ctx, providers)],
    datasets: { measures },
  };
}

/** Which element id a filter's select has on the page. */
export function filterElement(key: FilterKey): string {
  return FILTER_ELEMENT[key];
}
