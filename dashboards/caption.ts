/**
 * The line an exported chart carries about what it shows: a PNG on a slide has lost the
 * page's filters and its Datenstand, so "Austritte nach Jobcenter und Instrument" alone does
 * not say which year. The line names the period of the default view, the Jobcenter and
 * instrument the chart is filtered to, and the as-of date.
 */
import { type ChartDef, type FilterKey, PARAM } from './charts/kit.ts';
import { ALL_LABEL, germanDate } from './labels.ts';
import { PUBLIC_PAGE, type Dashboard } from './pages.ts';
import { TIME_LOCALE_DE } from './theme.ts';

const MONTHS = TIME_LOCALE_DE.months;

/** The period a chart shows when its year filter stands at `year`. */
function periodText(chart: ChartDef, year: string, years: readonly string[], asOf: string): string {
  switch (chart.period) {
    case 'year':
      return `Jahr ${year}`;
    case 'months': {
      // three years of months up to the selected year, at most to the as-of month
      const [asOfYear, asOfMonth] = asOf.split('-');
      const end = year === asOfYear ? `${MONTHS[Number(asOfMonth) - 1]} ${year}` : `Dezember ${year}`;
      return `Monate Januar ${Number(year) - 2} bis ${end}`;
    }
    case 'years':
      return years.length > 1 ? `Jahre ${years[0]}–${years.at(-1)}` : `Jahr ${years[0] ?? year}`;
    case 'as-of':
      return 'Bestand zum Datenstand';
    case 'entries':
      return 'Eintritte bis zum Datenstand';
  }
}

/** The label of a filter value as the page's select shows it. */
function selectionText(dashboard: Dashboard, key: FilterKey, value: string): string {
  const option = dashboard.filters.find((f) => f.key === key)?.options.find((o) => o.value === value);
  if (option) return option.label;
  if (value === '*') return key === 'jc' ? ALL_LABEL.jobcenter : ALL_LABEL.instrument;
  if (key === 'jc' && dashboard.jobcenter?.id === value) return dashboard.jobcenter.label;
  return key === 'jc' ? `Jobcenter ${value}` : value;
}

/**
 * The caption as data, for any filter state: the period text per year and the label per
 * value of each selection. The page's script builds the caption of the chart as it stands
 * when a reader saves it from the chart's menu; the static exports use the default view.
 */
export interface CaptionParts {
  /** Period text per value of the year param ('' for a chart without one). */
  readonly periods: Readonly<Record<string, string>>;
  readonly yearParam: string | null;
  readonly selections: readonly { readonly param: string; readonly labels: Readonly<Record<string, string>> }[];
  readonly asOf: string;
}

export function captionParts(chart: ChartDef, dashboard: Dashboard, asOf: string): CaptionParts {
  const params = paramsOf(chart);
  const years = dashboard.filters.find((f) => f.key === 'year')?.options.map((o) => o.value) ?? dashboard.years ?? [];
  const fallbackYear = years.at(-1) ?? asOf.slice(0, 4);
  const hasYear = params.has(PARAM.year);
  const periods = hasYear
    ? Object.fromEntries([...new Set([...years, params.get(PARAM.year)!])].map((y) => [y, periodText(chart, y, years, asOf)]))
    : { '': periodText(chart, fallbackYear, years, asOf) };
  const selections = (['jc', 'instr'] as const)
    .filter((key) => params.has(PARAM[key]))
    .map((key) => {
      const values = new Set([params.get(PARAM[key])!, '*', ...(dashboard.filters.find((f) => f.key === key)?.options.map((o) => o.value) ?? [])]);
      return { param: PARAM[key], labels: Object.fromEntries([...values].map((v) => [v, selectionText(dashboard, key, v)])) };
    });
  // A chart saved from an internal page (small counts hidden, not the cells they could be
  // worked out from) looked like one of the public page: its caption says it is internal.
  const internal = dashboard.slug === PUBLIC_PAGE ? '' : ' · intern, nicht zur Veröffentlichung';
  return { periods, yearParam: hasYear ? PARAM.year : null, selections, asOf: `Datenstand ${germanDate(asOf)}${internal}` };
}

/** The caption for given param values (the page script does the same in the browser). */
export function captionText(parts: CaptionParts, value: (param: string) => string): string {
  const period = parts.yearParam === null ? parts.periods[''] : parts.periods[value(parts.yearParam)];
  return [period ?? '', ...parts.selections.map((s) => s.labels[value(s.param)] ?? value(s.param)), parts.asOf].filter(Boolean).join(' · ');
}

function paramsOf(chart: ChartDef): Map<string, string> {
  return new Map(((chart.spec['params'] ?? []) as { name: string; value: unknown }[]).map((p) => [p.name, String(p.value)]));
}

/** The caption of the chart's default view. */
export function exportCaption(chart: ChartDef, dashboard: Dashboard, asOf: string): string {
  const params = paramsOf(chart);
  return captionText(captionParts(chart, dashboard, asOf), (name) => params.get(name) ?? '');
}

/** The chart with the caption as the last line under its title (exports only). */
export function withCaption(chart: ChartDef, caption: string): ChartDef {
  const title = chart.spec['title'];
  const heading = typeof title === 'string' ? { text: title, subtitle: [caption] } : { ...(title as { text: string; subtitle?: string[] }) };
  if (typeof title !== 'string') heading.subtitle = [...(heading.subtitle ?? []), caption];
  return { ...chart, spec: { ...chart.spec, title: heading } };
}

/** The lines drawn under a chart's title, as one text ('' without a subtitle). */
export function subtitleOf(spec: ChartDef['spec']): string {
  const title = spec['title'];
  return typeof title === 'object' && title !== null ? [(title as { subtitle?: string | string[] }).subtitle ?? []].flat().join(' ') : '';
}
