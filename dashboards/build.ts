/**
 * `writeDashboards`: every dashboard as one self-contained HTML file, every chart as SVG
 * and PNG, into <outDir>/dashboards/. Phases: read labels and as-of → assemble each
 * dashboard from the marts → write the HTML page → export each chart. Returns one result
 * per file written (or failed); a failing dashboard does not stop the others.
 */
import { makeOutputFolder, writeFileAtomic } from '../pipelines/atomic-file.ts';
import { join } from 'node:path';
import type { Db } from '../pipelines/db/database.ts';
import { withReadingMemory } from '../pipelines/db/memory-limit.ts';
import type { Effects } from '../pipelines/effects.ts';
import type { ItemResult } from '../pipelines/results.ts';
import { FILTER_ELEMENT } from './charts/kit.ts';
import { captionParts, exportCaption, subtitleOf, withCaption } from './caption.ts';
import { type EncodedDataset, encodeDataset } from './dataset.ts';
import { ExportPool } from './export-pool.ts';
import { renderPage } from './html/template.ts';
import { type CompileSpec, compileHere, pageSpec } from './html/page-spec.ts';
import { type PageNav, pageNav } from './html/nav.ts';
import { withTextAlternative } from './html/svg-alt.mjs';
import { cutoffNote } from '../pipelines/publish/cutoff-note.ts';
import { germanDate, loadCodeLabels, noScriptNote, PROVISIONAL_NOTE, PUBLISH_TOGETHER_PAGE, suppressedNote, type CodeLabels } from './labels.ts';
import { type Dashboard, type MartReader, PUBLIC_PAGE, controllingDashboard, martReader, ministryDashboard, portfolioDashboard, portfolioMeasuresDashboard, portfolioProvidersDashboard, readControlling } from './pages.ts';
import { NUMBER_LOCALE_DE, TIME_LOCALE_DE } from './theme.ts';
import { noFiguresReason } from '../pipelines/publish/no-figures.ts';
import { DASHBOARD_FORMATS, type DashboardFormat } from './formats.ts';
import { pageForcedCells } from '../reports/model/public-year.ts';

export type { DashboardFormat } from './formats.ts';

export interface DashboardOptions {
  readonly outDir: string;
  readonly formats?: DashboardFormat[];
}

/**
 * staticExports false: the page is written as HTML only. Per-Jobcenter pages show the same
 * charts as the overall page filtered to one Jobcenter; rendering all of them server-side
 * would take ~1 s per Jobcenter, so their users export a chart from the page's menu.
 */
const JOBCENTERS_SQL = `SELECT DISTINCT jobcenter_id AS jc FROM mart.indicator_values WHERE jobcenter_id <> '*' ORDER BY 1`;

type Assemble = { name: string; build: () => Promise<Dashboard>; staticExports?: boolean };

export async function writeDashboards(db: Db, options: DashboardOptions, effects: Effects): Promise<ItemResult[]> {
  return withReadingMemory(db, () => writeDashboardFiles(db, options, effects));
}

async function writeDashboardFiles(db: Db, options: DashboardOptions, effects: Effects): Promise<ItemResult[]> {
  const formats = new Set<DashboardFormat>(options.formats ?? DASHBOARD_FORMATS);
  const dir = join(options.outDir, 'dashboards');
  let labels: CodeLabels;
  let asOf: string;
  let cutoff: string | undefined;
  let jobcenters: string[];
  try {
    labels = await loadCodeLabels(db);
    asOf = String((await db.json<{ as_of: string | null }>('SELECT max(as_of) AS as_of FROM mart.indicator_values'))[0]?.as_of ?? '');
    cutoff = await cutoffNote(db);
    jobcenters = (await db.json<{ jc: string }>(JOBCENTERS_SQL)).map((r) => r.jc);
  } catch (error) {
    // before the first build DuckDB's own message (a catalog error with the SQL and a caret)
    // told the user nothing about what to do
    const built = await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mart' AND table_name = 'indicator_values'").catch(() => 0);
    const message = built
      ? `${(error as Error).message} — build the models again (almp run) so that every mart table exists`
      : 'the models have not been built in this database yet — run almp run first (it builds them, then writes dashboards and returns)';
    effects.log.error({ err: error }, 'dashboards: marts not readable');
    return [{ name: 'dashboards', status: 'error', error: message }];
  }
  if (!asOf) {
    const reason = await noFiguresReason(db);
    effects.warn(`Dashboards not written: ${reason}.`);
    return [{ name: 'dashboards', status: 'skipped', error: reason }];
  }
  try {
    makeOutputFolder(dir);
  } catch (error) {
    return [{ name: 'dashboards', status: 'error', error: (error as Error).message }];
  }

  const dashboards = assemble(db, martReader(db), labels, jobcenters);
  /** Build order: portfolio, ministry, overall controlling, then the Jobcenters' pages. */
  const rank = (item: Assemble) => (item.name.startsWith('portfolioplanung') ? 0 : item.name === 'land-ministerium' ? 1 : item.staticExports === false ? 3 : 2);
  // Results keep the order of `dashboards`.
  const exporting = formats.has('svg') || formats.has('png');
  const pool = exporting ? new ExportPool() : undefined;
  // where vega-lite is loaded anyway and warm: the pool's worker (this thread: ~1 s more at the samples)
  const compile: CompileSpec = pool ? (chart) => pool.compileSpec(chart) : compileHere;
  const order = dashboards.map((item, index) => ({ item, index })).sort((a, b) => rank(a.item) - rank(b.item));
  const nav = pageNav(jobcenters, labels);
  const pending: Promise<ItemResult[]>[] = [];
  const progress = effects.progress('Dashboards', dashboards.length);
  try {
    for (const { item, index } of order) {
      const written = await writeOne(item, dir, { asOf, cutoff, threshold: labels.threshold, nav, compile }, formats, effects, item.staticExports === false ? undefined : pool);
      pending[index] = written.done;
      progress.tick();
    }
    return (await Promise.all(pending)).flat();
  } finally {
    progress.stop();
    await pool?.close();
  }
}

/**
 * The pages to write. Each mart is read once for all pages, in the order the pages need
 * them: the overall pages come first so that their charts render in the worker threads
 * while the remaining marts are read and this thread writes the per-Jobcenter pages.
 */
function assemble(db: Db, read: MartReader, labels: CodeLabels, jobcenters: readonly string[]): Assemble[] {
  const controlling = () => readControlling(read);
  return [
    { name: 'controlling-gesamt', build: async () => controllingDashboard(await controlling(), labels) },
    ...jobcenters.map((jc) => ({
      name: `controlling-jobcenter-${jc}`,
      build: async () => controllingDashboard(await controlling(), labels, jc),
      staticExports: false,
    })),
    {
      name: 'land-ministerium',
      // hidden also where the same year's public returns would give a cell back (public-year.ts)
      build: async () => {
        const [year, populations] = [await read.year(), await read.populations()];
        const forced = await pageForcedCells(db, { rows: year, populations });
        return ministryDashboard({ year, month: await read.month(), populations }, labels, forced);
      },
    },
    { name: 'portfolioplanung', build: async () => portfolioDashboard({ year: await read.year(), dataBegin: await read.dataBegin() }, labels) },
    {
      name: 'portfolioplanung-traeger',
      build: async () => portfolioProvidersDashboard({ year: await read.year(), dataBegin: await read.dataBegin(), funnel: await read.funnel() }, labels),
    },
    { name: 'portfolioplanung-massnahmen', build: async () => portfolioMeasuresDashboard({ year: await read.year(), measures: await read.measures() }, labels) },
  ];
}

/** The dashboards writeDashboards writes, with their charts' Vega-Lite specs (the pages carry them compiled). */
export async function readDashboards(db: Db): Promise<Dashboard[]> {
  const labels = await loadCodeLabels(db);
  const jobcenters = (await db.json<{ jc: string }>(JOBCENTERS_SQL)).map((r) => r.jc);
  return withReadingMemory(db, () => Promise.all(assemble(db, martReader(db), labels, jobcenters).map((item) => item.build())));
}

/** One result per file: the HTML page is written when this returns, the exports when `done` settles. */
async function writeOne(
  item: Assemble,
  dir: string,
  { asOf, cutoff, threshold, nav, compile }: { asOf: string; cutoff: string | undefined; threshold: number; nav: PageNav; compile: CompileSpec },
  formats: Set<DashboardFormat>,
  effects: Effects,
  pool: ExportPool | undefined,
): Promise<{ done: Promise<ItemResult[]> }> {
  let dashboard: Dashboard;
  try {
    dashboard = await item.build();
  } catch (error) {
    effects.log.error({ err: error, dashboard: item.name }, 'dashboard data could not be read');
    return { done: Promise.resolve([{ name: `${item.name}.html`, status: 'error', error: (error as Error).message }]) };
  }
  const attempt = async (name: string, path: string, write: () => Promise<void> | void, rows?: number): Promise<ItemResult> => {
    const t0 = performance.now();
    try {
      await write();
      return { name, status: 'success', path, rows, ms: Math.round(performance.now() - t0) };
    } catch (error) {
      effects.log.error({ err: error, item: name }, 'dashboard output failed');
      return { name, status: 'error', path, error: (error as Error).message };
    }
  };

  // Encoded once: the page embeds it, the export workers read the same rows from it.
  const datasets = Object.fromEntries(Object.entries(dashboard.datasets).map(([name, rows]) => [name, encodeDataset(rows)]));
  const page: ItemResult[] = [];
  if (formats.has('html')) {
    const path = join(dir, `${dashboard.slug}.html`);
    const rows = Object.values(dashboard.datasets).reduce((sum, r) => sum + r.length, 0);
    const writePage = async () => {
      const specs = await Promise.all(dashboard.charts.map((c) => pageSpec(c, compile)));
      writeFileAtomic(path, pageHtml(dashboard, specs, datasets, asOf, cutoff, threshold, nav, imagesOf(dashboard, formats, pool !== undefined)));
    };
    page.push(await attempt(`${dashboard.slug}.html`, path, writePage, rows));
  }
  if (!pool) return { done: Promise.resolve(page) };
  const chartDir = join(dir, dashboard.slug);
  makeOutputFolder(chartDir);
  pool.addDatasets(dashboard.slug, JSON.stringify(datasets));
  const exports = dashboard.charts.map((chart) => {
    // an export leaves the page's filters and Datenstand behind: it says them itself
    const captioned = withCaption(chart, exportCaption(chart, dashboard, asOf));
    const rendered = pool.render(dashboard.slug, captioned, formats.has('png'));
    // its text alternative: the description, then what is written under the title (key, caption)
    const description = `${chart.description} ${subtitleOf(captioned.spec)}`;
    const files: Promise<ItemResult>[] = [];
    if (formats.has('svg')) {
      const path = join(chartDir, `${chart.id}.svg`);
      files.push(attempt(`${dashboard.slug}/${chart.id}.svg`, path, async () => writeFileAtomic(path, withTextAlternative((await rendered).svg, chart.title, description))));
    }
    if (formats.has('png')) {
      const path = join(chartDir, `${chart.id}.png`);
      const name = `${dashboard.slug}/${chart.id}.png`;
      files.push(
        rendered.then(
          (r) => (r.noPng ? { name, status: 'skipped' as const, error: r.noPng } : attempt(name, path, () => writeFileAtomic(path, r.png!))),
          // a failed drawing is this file's error result, as for the SVG
          () => attempt(name, path, async () => void (await rendered)),
        ),
      );
    }
    return Promise.all(files);
  });
  return { done: Promise.all(exports).then((files) => [...page, ...files.flat()]) };
}

/**
 * Where a page's charts lie as images, for a reader without JavaScript: the page's own folder
 * when its charts are exported; a Jobcenter's page (none of its own) the overall page's.
 */
function imagesOf(dashboard: Dashboard, formats: Set<DashboardFormat>, exported: boolean): Parameters<typeof noScriptNote>[0] {
  const kinds = (['svg', 'png'] as const).filter((f) => formats.has(f)).map((f) => f.toUpperCase()).join(' und ');
  if (!kinds) return undefined;
  if (exported) return { folder: dashboard.slug, kinds, own: true };
  return dashboard.jobcenter ? { folder: 'controlling-gesamt', kinds, own: false } : undefined;
}

/** `specs`: the charts compiled (page-spec.ts), in the order of dashboard.charts. */
function pageHtml(
  dashboard: Dashboard,
  specs: readonly Record<string, unknown>[],
  datasets: Record<string, EncodedDataset>,
  asOf: string,
  cutoff: string | undefined,
  threshold: number,
  nav: PageNav,
  images: Parameters<typeof noScriptNote>[0],
): string {
  return renderPage({
    nav: { ...nav, slug: dashboard.slug },
    noScript: noScriptNote(images),
    title: dashboard.title,
    intro: `${dashboard.intro} · Datenstand ${asOf ? germanDate(asOf) : 'unbekannt'}${cutoff ? ' (nach dem letzten Ereignis in den Daten – siehe Hinweise unten)' : ''}`,
    notes: [
      ...(cutoff ? [cutoff] : []),
      PROVISIONAL_NOTE,
      suppressedNote(threshold, dashboard.suppression),
      'Quoten mit Zähler, Nenner und 95-%-Konfidenzintervall im Tooltip und in der Tabelle unter jedem Diagramm (Werte als Tabelle); Einheit: Teilnahmen, Aktivierung: Personen.',
      // the folder only where images were written: a build of HTML alone said they lay there (a review)
      `Jedes Diagramm lässt sich über sein Menü (…) als SVG oder PNG speichern, mit einer Zeile zu Zeitraum, Auswahl und Datenstand${images ? '; für die Gesamtseiten liegen diese Fassungen auch im gleichnamigen Ordner neben dieser Datei' : ''}.`,
      'Die Zahlen eines Diagramms in der gewählten Auswahl speichert „Daten als CSV (Excel)“: eine Zeile je Wert mit den Angaben des Tooltips (Semikolon, deutsche Zahlen), darüber Zeitraum, Auswahl und Datenstand.',
      ...(dashboard.slug !== PUBLIC_PAGE
        ? [
            'Für den internen Gebrauch: hier sind nur die kleinen Fallzahlen selbst unterdrückt, nicht zusätzlich Zellen, aus denen sie sich zurückrechnen ließen. Zum Veröffentlichen die Landesseite und die Excel-Meldungen verwenden.',
          ]
        : [PUBLISH_TOGETHER_PAGE]),
      ...(dashboard.slug === 'controlling-gesamt'
        ? ['Auf der Gesamtseite zeigt die Kombination aus einem Jobcenter und einem Instrument keine Daten: diese Kombination steht auf der Seite des Jobcenters.']
        : []),
    ],
    filters: dashboard.filters.map((f) => ({ element: FILTER_ELEMENT[f.key], label: f.label })),
    charts: dashboard.charts.map((c) => ({ id: c.id, title: c.title, description: c.description, subtitle: subtitleOf(c.spec) })),
    payload: {
      locale: { number: NUMBER_LOCALE_DE, time: TIME_LOCALE_DE },
      filters: dashboard.filters.map((f) => ({ element: FILTER_ELEMENT[f.key], options: f.options, value: f.value })),
      // caption: what a chart saved from its menu says about period, selection and Datenstand
      // table: how the chart's figures read as the table under it (its text alternative)
      // vega: the spec compiled here (page-spec.ts); described: an SVG saved from the menu names it
      charts: dashboard.charts.map((c, i) => ({
        id: c.id,
        title: c.title,
        datasets: c.datasets,
        vega: specs[i],
        described: [c.description, subtitleOf(c.spec)].filter(Boolean),
        caption: captionParts(c, dashboard, asOf),
        file: `${dashboard.slug}_${c.id}`,
        table: c.table,
      })),
      datasets,
    },
  });
}
