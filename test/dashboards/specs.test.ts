import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { compile } from 'vega-lite';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, controllingDashboard, loadDashboardSource, ministryDashboard, portfolioDashboard, portfolioMeasuresDashboard, portfolioProvidersDashboard } from '../../dashboards/pages.ts';
import { THEME } from '../../dashboards/theme.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const require = createRequire(import.meta.url);

let fx: FixtureDb;
let dashboards: Dashboard[];

beforeAll(async () => {
  fx = await openFixtureDb('almp-specs-');
  const labels = await loadCodeLabels(fx.db);
  const source = await loadDashboardSource(fx.db);
  dashboards = [
    controllingDashboard(source, labels),
    controllingDashboard(source, labels, '06412'),
    ministryDashboard(source, labels),
    portfolioDashboard(source, labels),
    portfolioProvidersDashboard(source, labels),
    portfolioMeasuresDashboard(source, labels),
  ];
});
afterAll(() => fx.close());

describe('dashboard specs', () => {
  it('are valid Vega-Lite (schema shipped in the vega-lite package)', () => {
    const schemaPath = require.resolve('vega-lite/vega-lite-schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
    const validate = ajv.compile(schema);
    let checked = 0;
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) {
        const ok = validate(chart.spec);
        expect(ok ? [] : (validate.errors ?? []).slice(0, 3), `${dashboard.slug}/${chart.id}`).toEqual([]);
        checked++;
      }
    }
    // overall controlling 14 (key figures first), a Jobcenter's 17 (its overdue reports per measure, warnings before dropouts and what followed the exits too), ministry 5, portfolio 7 + 1 + 3
    expect(checked).toBe(14 + 17 + 5 + 11);
    // the validator does reject a broken spec
    expect(validate({ ...dashboards[0]!.charts[0]!.spec, mark: 'pie-chart' })).toBe(false);
  });

  it('give every chart a title, a description and the one shared theme', () => {
    for (const dashboard of dashboards) {
      const ids = dashboard.charts.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const chart of dashboard.charts) {
        expect(chart.spec['description'], chart.id).toEqual(expect.stringMatching(/\S{3,}/));
        expect(chart.spec['title'], chart.id).toBeTruthy();
        expect(chart.spec['config']).toBe(THEME);
        // every dataset the spec names is embedded
        for (const name of chart.datasets) expect(Object.keys(dashboard.datasets)).toContain(name);
      }
    }
  });

  it('open controlling on the running year, the ministry and planning pages on the latest final year', () => {
    const [overall, , ministry, portfolio, providers, measures] = dashboards;
    const yearOf = (d: Dashboard) => d.filters.find((f) => f.key === 'year')?.value;
    const yearRows = (d: Dashboard) => (d.datasets['year'] ?? []) as { yr: string; p: number }[];
    const years = [...new Set(yearRows(overall!).map((r) => r.yr))].sort();
    expect(yearOf(overall!)).toBe(years.at(-1));
    // the measures page reads the planning page's year rows; the pages over the years show
    // every year and offer no year filter
    for (const [page, rowsFrom] of [[ministry!, ministry!], [measures!, portfolio!]] as const) {
      const rows = yearRows(rowsFrom);
      const finalYears = [...new Set(rows.filter((r) => r.p === 0).map((r) => r.yr))].sort();
      expect(yearOf(page), page.slug).toBe(finalYears.at(-1));
      // the fixture's running year is provisional, so the two defaults differ
      expect(yearOf(page), page.slug).not.toBe(yearOf(overall!));
    }
    expect([yearOf(portfolio!), yearOf(providers!)]).toEqual([undefined, undefined]);
  });

  it('bind filters to the page selects only where the page offers them', () => {
    const [overall, jobcenter] = dashboards;
    const boundOf = (d: Dashboard) =>
      new Set(d.charts.flatMap((c) => ((c.spec['params'] as { name: string; bind?: { element: string } }[]) ?? []).filter((p) => p.bind).map((p) => p.bind!.element)));
    expect([...boundOf(overall!)].sort()).toEqual(['#filter-instr', '#filter-jc', '#filter-year']);
    // a Jobcenter page is fixed to its Jobcenter: no Jobcenter select
    expect([...boundOf(jobcenter!)].sort()).toEqual(['#filter-instr', '#filter-year']);
    const jcParam = (jobcenter!.charts[0]!.spec['params'] as { name: string; value: string }[]).find((p) => p.name === 'f_jc');
    expect(jcParam?.value).toBe('06412');
  });

  it('keep a Jobcenter page to its own rows and the overall page free of Jobcenter × instrument rows', () => {
    const [overall, jobcenter] = dashboards;
    const year = (d: Dashboard) => d.datasets['year'] as { jc: string; ins: string }[];
    expect(year(jobcenter!).every((r) => r.jc === '06412')).toBe(true);
    expect(year(jobcenter!).some((r) => r.ins === '16i')).toBe(true);
    expect(year(overall!).some((r) => r.jc !== '*' && r.ins !== '*')).toBe(false);
    expect(year(overall!).some((r) => r.jc === '06411')).toBe(true);
  });

  it('give every chart that colours its series by a field a legend', () => {
    // a colour field without `legend: null` on it (the funnel's bars are labelled instead)
    const colouredByField = (node: unknown): boolean => {
      if (Array.isArray(node)) return node.some(colouredByField);
      if (!node || typeof node !== 'object') return false;
      const colour = (node as Record<string, unknown>)['color'] as Record<string, unknown> | undefined;
      if (colour && typeof colour === 'object' && 'field' in colour && colour['legend'] !== null && colour['type'] === 'nominal') return true;
      return Object.values(node).some(colouredByField);
    };
    const hasLegend = (node: unknown): boolean => {
      if (Array.isArray(node)) return node.some(hasLegend);
      if (!node || typeof node !== 'object') return false;
      const legends = (node as Record<string, unknown>)['legends'];
      if (Array.isArray(legends) && legends.length > 0) return true;
      return Object.values(node).some(hasLegend);
    };
    const checked: string[] = [];
    for (const dashboard of dashboards) {
      for (const chart of dashboard.charts) {
        if (!colouredByField(chart.spec)) continue;
        const spec = { ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((name) => [name, dashboard.datasets[name] ?? []])) };
        expect(hasLegend(compile(spec as never).spec), `${dashboard.slug}/${chart.id}`).toBe(true);
        checked.push(chart.id);
      }
    }
    // among them the activation rates and the portfolio's instrument lines
    expect(checked).toEqual(expect.arrayContaining(['aktivierungsquoten', 'abbruch-jahre', 'verbleib-kaplan-meier']));
  });

  it('explain a hidden figure as "•" only where the chart draws a "•" for it', () => {
    // the activation rates and the instruments' years said "• = unterdrückt" over the series'
    // own point shapes in the strip (hidden-strip.ts); tables and labels print the "•" as text
    const words = (chart: Dashboard['charts'][number]) => `${JSON.stringify(chart.spec['title'])} ${chart.description}`;
    const drawn = (chart: Dashboard['charts'][number]) => JSON.stringify({ ...chart.spec, title: null, description: null }).includes('•');
    const told = dashboards.flatMap((d) => d.charts.filter((c) => words(c).includes('•')).map((c) => ({ chart: `${d.slug}/${c.id}`, drawn: drawn(c) })));
    expect(told.filter((c) => !c.drawn)).toEqual([]);
    expect(told.length).toBeGreaterThan(5);
    // the charts with series in the strip name what it draws: the series' sign, in words of the page's suppression
    const subtitle = (slug: string, id: string) => (dashboards.find((d) => d.slug === slug)!.charts.find((c) => c.id === id)!.spec['title'] as { subtitle: string[] }).subtitle.join(' ');
    expect(subtitle('controlling-gesamt', 'aktivierungsquoten')).toContain('Zeichen einer Kennzahl im Streifen „unterdrückt“ = unterdrückt (kleine Fallzahl)');
    expect(subtitle('land-ministerium', 'aktivierung-land')).toContain('Zeichen einer Kennzahl im Streifen „unterdrückt“ = unterdrückt (kleine Fallzahl oder Gegenrechnung zur Summe)');
    expect(subtitle('portfolioplanung', 'abbruch-jahre')).toContain('Zeichen eines Instruments im Streifen „unterdrückt“ = unterdrückt (kleine Fallzahl)');
  });
});
