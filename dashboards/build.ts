/**
 * `writeDashboards`: every dashboard as one self-contained HTML file, every chart as SVG
 * and PNG, into <outDir>/dashboards/. Phases: read labels and as-of → assemble each
 * dashboard from the marts → write the HTML page → export each chart. Returns one result
 * per file written (or failed); a failing dashboard does not stop the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../pipelines/db/database.ts';
import type { Effects } from '../pipelines/effects.ts';
import type { ItemResult } from '../pipelines/results.ts';
import { FILTER_ELEMENT } from './charts/kit.ts';
import { encodeDataset } from './dataset.ts';
import { renderPage } from './html/template.ts';
import { germanDate, loadCodeLabels, PROVISIONAL_NOTE, SUPPRESSED_NOTE, type CodeLabels } from './labels.ts';
import { type Dashboard, type DashboardSource, controllingDashboard, loadDashboardSource, ministryDashboard, portfolioDashboard } from './pages.ts';
import { renderPng, renderSvg } from './static-export.ts';
import { NUMBER_LOCALE_DE, TIME_LOCALE_DE } from './theme.ts';

export type DashboardFormat = 'html' | 'svg' | 'png';

export interface DashboardOptions {
  readonly outDir: string;
  readonly formats?: DashboardFormat[];
}

/**
 * staticExports false: the page is written as HTML only. Per-Jobcenter pages show the same
 * charts as the overall page filtered to one Jobcenter; rendering all of them server-side
 * would take ~1 s per Jobcenter, so their users export a chart from the page's menu.
 */
type Assemble = { name: string; build: () => Promise<Dashboard>; staticExports?: boolean };

export async function writeDashboards(db: Db, options: DashboardOptions, effects: Effects): Promise<ItemResult[]> {
  const formats = new Set<DashboardFormat>(options.formats ?? ['html', 'svg', 'png']);
  const dir = join(options.outDir, 'dashboards');
  let labels: CodeLabels;
  let asOf: string;
  let jobcenters: string[];
  try {
    labels = await loadCodeLabels(db);
    asOf = String((await db.json<{ as_of: string | null }>('SELECT max(as_of) AS as_of FROM mart.indicator_values'))[0]?.as_of ?? '');
    jobcenters = (
      await db.json<{ jc: string }>(`SELECT DISTINCT jobcenter_id AS jc FROM mart.indicator_values WHERE jobcenter_id <> '*' ORDER BY 1`)
    ).map((r) => r.jc);
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const message = `${(error as Error).message} — build the models first (almp run) so that the mart tables exist`;
    effects.log.error({ err: error }, 'dashboards: marts not readable');
    return [{ name: 'dashboards', status: 'error', error: message }];
  }

  // Read once for all pages; each page filters its rows from it.
  let source: Promise<DashboardSource> | undefined;
  const marts = () => (source ??= loadDashboardSource(db));
  const dashboards: Assemble[] = [
    { name: 'controlling-gesamt', build: async () => controllingDashboard(await marts(), labels) },
    ...jobcenters.map((jc) => ({
      name: `controlling-jobcenter-${jc}`,
      build: async () => controllingDashboard(await marts(), labels, jc),
      staticExports: false,
    })),
    { name: 'land-ministerium', build: async () => ministryDashboard(await marts(), labels) },
    { name: 'portfolioplanung', build: async () => portfolioDashboard(await marts(), labels) },
  ];
  const results: ItemResult[] = [];
  const progress = effects.progress('Dashboards', dashboards.length);
  for (const item of dashboards) {
    results.push(...(await writeOne(item, dir, asOf, formats, effects)));
    progress.tick();
  }
  progress.stop();
  return results;
}

async function writeOne(item: Assemble, dir: string, asOf: string, formats: Set<DashboardFormat>, effects: Effects): Promise<ItemResult[]> {
  const started = performance.now();
  let dashboard: Dashboard;
  try {
    dashboard = await item.build();
  } catch (error) {
    effects.log.error({ err: error, dashboard: item.name }, 'dashboard data could not be read');
    return [{ name: `${item.name}.html`, status: 'error', error: (error as Error).message }];
  }
  const results: ItemResult[] = [];
  const attempt = (name: string, path: string, write: () => Promise<void> | void, rows?: number) =>
    (async () => {
      const t0 = performance.now();
      try {
        await write();
        results.push({ name, status: 'success', path, rows, ms: Math.round(performance.now() - t0) });
      } catch (error) {
        effects.log.error({ err: error, item: name }, 'dashboard output failed');
        results.push({ name, status: 'error', path, error: (error as Error).message });
      }
    })();

  if (formats.has('html')) {
    const path = join(dir, `${dashboard.slug}.html`);
    const rows = Object.values(dashboard.datasets).reduce((sum, r) => sum + r.length, 0);
    await attempt(`${dashboard.slug}.html`, path, () => writeFileSync(path, pageHtml(dashboard, asOf)), rows);
  }
  if ((formats.has('svg') || formats.has('png')) && item.staticExports !== false) {
    const chartDir = join(dir, dashboard.slug);
    mkdirSync(chartDir, { recursive: true });
    for (const chart of dashboard.charts) {
      let svg: string | undefined;
      const render = async () => (svg ??= await renderSvg(chart, dashboard.datasets));
      if (formats.has('svg')) {
        const path = join(chartDir, `${chart.id}.svg`);
        await attempt(`${dashboard.slug}/${chart.id}.svg`, path, async () => writeFileSync(path, await render()));
      }
      if (formats.has('png')) {
        const path = join(chartDir, `${chart.id}.png`);
        await attempt(`${dashboard.slug}/${chart.id}.png`, path, async () => writeFileSync(path, renderPng(await render())));
      }
    }
  }
  effects.log.debug({ dashboard: dashboard.slug, ms: Math.round(performance.now() - started) }, 'dashboard written');
  return results;
}

function pageHtml(dashboard: Dashboard, asOf: string): string {
  return renderPage({
    title: dashboard.title,
    intro: `${dashboard.intro} · Datenstand ${asOf ? germanDate(asOf) : 'unbekannt'}`,
    notes: [
      PROVISIONAL_NOTE,
      SUPPRESSED_NOTE,
      'Quoten mit Zähler, Nenner und 95-%-Konfidenzintervall im Tooltip; Einheit: Teilnahmen, Aktivierung: Personen.',
      'Jedes Diagramm lässt sich über sein Menü (…) als SVG oder PNG speichern; für die Gesamtseiten liegen diese Fassungen auch im gleichnamigen Ordner neben dieser Datei.',
      'Auf der Gesamtseite zeigt die Kombination aus einem Jobcenter und einem Instrument keine Daten: diese Kombination steht auf der Seite des Jobcenters.',
    ],
    filters: dashboard.filters.map((f) => ({ element: FILTER_ELEMENT[f.key], label: f.label })),
    charts: dashboard.charts.map((c) => ({ id: c.id, title: c.title, description: c.description })),
    payload: {
      locale: { number: NUMBER_LOCALE_DE, time: TIME_LOCALE_DE },
      filters: dashboard.filters.map((f) => ({ element: FILTER_ELEMENT[f.key], options: f.options, value: f.value })),
      charts: dashboard.charts.map((c) => ({ id: c.id, datasets: c.datasets, spec: c.spec })),
      datasets: Object.fromEntries(Object.entries(dashboard.datasets).map(([name, rows]) => [name, encodeDataset(rows)])),
    },
  });
}
