/**
 * The line an exported chart carries about what it shows: a PNG on a slide has lost the
 * page's filters and its Datenstand, so "Austritte nach Jobcenter und Instrument" alone does
 * not say which year. The line names the period of the default view, the Jobcenter and
 * instrument the chart is filtered to, and the as-of date.
 */
import { type ChartDef, type FilterKey, PARAM } from './charts/kit.ts';
import { ALL_LABEL, germanDate } from './labels.ts';
import type { Dashboard } from './pages.ts';
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
  return key === 'jc' ? `Jobcenter ${value}` : value;
}

export function exportCaption(chart: ChartDef, dashboard: Dashboard, asOf: string): string {
  const params = new Map(((chart.spec['params'] ?? []) as { name: string; value: unknown }[]).map((p) => [p.name, String(p.value)]));
  const years = dashboard.filters.find((f) => f.key === 'year')?.options.map((o) => o.value) ?? [];
  const year = params.get(PARAM.year) ?? years.at(-1) ?? asOf.slice(0, 4);
  const parts = [periodText(chart, year, years, asOf)];
  for (const key of ['jc', 'instr'] as const) {
    const value = params.get(PARAM[key]);
    if (value !== undefined) parts.push(selectionText(dashboard, key, value));
  }
  parts.push(`Datenstand ${germanDate(asOf)}`);
  return parts.join(' · ');
}

/** The chart with the caption as the last line under its title (exports only). */
export function withCaption(chart: ChartDef, caption: string): ChartDef {
  const title = chart.spec['title'];
  const heading = typeof title === 'string' ? { text: title, subtitle: [caption] } : { ...(title as { text: string; subtitle?: string[] }) };
  if (typeof title !== 'string') heading.subtitle = [...(heading.subtitle ?? []), caption];
  return { ...chart, spec: { ...chart.spec, title: heading } };
}
