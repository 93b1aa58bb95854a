/**
 * The self-contained HTML page of one dashboard: vega and vega-embed inlined from
 * node_modules (the charts' specs come compiled to Vega: page-spec.ts), data embedded as JSON in a <script type="application/json"> block,
 * a Content-Security-Policy that forbids every network request. Everything that comes
 * from data is escaped; the page script builds the filter inputs with textContent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RUNTIME_JS } from './runtime.ts';
import type { NavLink, PageNav } from './nav.ts';

const require = createRequire(import.meta.url);

/** Package and its browser build; the packages' "exports" hide build/, so the path is
 * found next to the resolved main entry (which lives in build/ for both). */
const LIBRARIES = [
  ['vega', 'vega.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

let librariesCache: string | undefined;

/** The libraries as inline scripts (read once per process). */
function inlineLibraries(): string {
  librariesCache ??= LIBRARIES.map(([pkg, file]) => {
    const lib = join(dirname(require.resolve(pkg)), file);
    const source = readFileSync(lib, 'utf8')
      // a source-map comment would make developer tools fetch a file that is not there
      .replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
    if (/<\/script/i.test(source)) throw new Error(`${lib} contains "</script" and cannot be inlined safely`);
    return `<script>${source}</script>`;
  }).join('\n');
  return librariesCache;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for a <script type="application/json"> block: '<', '>' and '&' become \u escapes,
 * so no value (e.g. "</script><script>…") can end the block; U+2028/2029 likewise.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Above a chart wider than its card (the page script shows it). Read by eye only: a screen
 * reader names the chart's box „Diagramm, seitlich scrollbar“ where it is a Tab stop, and
 * would read this once a chart, fourteen times on a page.
 */
export const WIDE_HINT = 'Diagramm breiter als der Bildschirm – seitlich wischen oder scrollen';

export interface PageChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The line(s) drawn under the chart's title (key, method), for the image's description. */
  readonly subtitle?: string;
}

export interface PageFilter {
  readonly element: string;
  readonly label: string;
}

export interface PageContent {
  readonly title: string;
  readonly intro: string;
  readonly notes: readonly string[];
  readonly filters: readonly PageFilter[];
  readonly charts: readonly PageChart[];
  /** Everything the page script needs: specs, datasets, filter options, locale. */
  readonly payload: unknown;
  /** Links to the other pages of the folder, and this page's slug (marked as current). */
  readonly nav?: PageNav & { readonly slug: string };
  /** What the page says where JavaScript is off (where its charts are as images instead). */
  readonly noScript?: string;
}

/** The links to the other pages (the Jobcenters' own pages on the controlling pages). */
function navHtml(nav: PageNav & { readonly slug: string }): string {
  const link = (l: NavLink) =>
    `<li><a href="${escapeHtml(l.href)}"${l.jobcenter !== undefined ? ` data-jc="${escapeHtml(l.jobcenter)}"` : ''}${l.href === `${nav.slug}.html` ? ' aria-current="page"' : ''}>${escapeHtml(l.label)}</a></li>`;
  const jobcenters = nav.slug.startsWith('controlling-') && nav.jobcenters.length > 0;
  return `<nav aria-label="Seiten"><ul>${nav.pages.map(link).join('')}</ul>${
    jobcenters ? `<ul aria-label="Seiten der Jobcenter">${nav.jobcenters.map(link).join('')}</ul>` : ''
  }</nav>`;
}

const CSP = [
  "default-src 'none'",
  // vega compiles its expressions with Function(); inline scripts are the page itself
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data:',
].join('; ');

const STYLE = `
  body { font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; margin: 0; color: #1a1a1a; background: #f5f6f8; }
  header { background: #1f5f99; color: white; padding: 16px 24px; }
  header h1 { margin: 0 0 4px; font-size: 22px; }
  header p { margin: 0; font-size: 13px; }
  header nav ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
  header nav a { color: white; }
  header nav a[aria-current="page"] { font-weight: bold; text-decoration: none; }
  /* the page's blue ring would vanish on the blue header */
  header nav a:focus-visible { outline-color: white; }
  /* past the page links (up to one per Jobcenter) to the filters, shown when focused (WCAG 2.4.1) */
  /* at rest wholly above the page by its own height: at 320 px it wraps to two lines, and 10 px of it showed below a fixed top: -40px */
  a.skip { position: absolute; left: 8px; top: 0; transform: translateY(-100%); max-width: calc(100vw - 16px); box-sizing: border-box; background: white; color: #1f5f99; padding: 6px 10px; z-index: 10; }
  a.skip:focus { top: 8px; transform: none; }
  .filters { display: flex; gap: 24px; flex-wrap: wrap; padding: 12px 24px; background: white; border-bottom: 1px solid #d0d7de; z-index: 1100; }
  /* on top while the bar is at most a fifth of the window (the page script measures it, and
     keeps a focused control that far below it); taller, at 200 % zoom or on a narrow screen,
     it covered a third of the window and scrolls away with the page */
  /* above vega-embed's export buttons (z-index 1000) and menus (1001) scrolled under it: they took its clicks */
  .filters.stays { position: sticky; top: 0; }
  .filters label { font-size: 13px; display: flex; flex-direction: column; gap: 4px; }
  .filters label { max-width: 100%; }
  /* a select is as wide as its longest option (instrument names): capped, the page does not scroll sideways at 320 px (WCAG 1.4.10) */
  .filters select { font-size: 14px; padding: 4px; min-width: 200px; max-width: 100%; }
  .combo-note { flex-basis: 100%; margin: 0; font-size: 13px; }
  main { display: flex; flex-wrap: wrap; gap: 16px; padding: 16px 24px; }
  section.chart { flex: 1 1 540px; background: white; border: 1px solid #d0d7de; border-radius: 4px; padding: 12px; max-width: 100%; box-sizing: border-box; }
  section.chart .vis { max-width: 100%; overflow-x: auto; }
  /* a note on a pale ground: in the blue of the links and buttons it would look like one */
  section.chart p.wide-hint { font-size: 12px; margin: 0 0 6px; padding: 2px 8px; background: #eef3f8; border-radius: 3px; width: fit-content; }
  section.chart p.wide-hint::before { content: '\\2194\\00a0'; color: #1f5f99; font-weight: bold; }
  /* a chart wider than its card fades out at the edge it goes on past (the page script says
     which): over the drawing, under the export button, above the box's scroll bar */
  .vis-frame { position: relative; }
  .vis-frame.more-left::before, .vis-frame.more-right::after { content: ''; position: absolute; top: 0; bottom: var(--fade-bottom, 0); width: 40px; z-index: 1; pointer-events: none; }
  .vis-frame.more-left::before { left: 0; background: linear-gradient(to left, rgba(255, 255, 255, 0), white); }
  .vis-frame.more-right::after { right: 0; background: linear-gradient(to right, rgba(255, 255, 255, 0), white); }
  /* the value axes' copy at the box's left edge while it is scrolled (wide-chart.mjs): height 0, it takes no room; over the left fade */
  .axis-copy { position: sticky; left: 0; width: 0; height: 0; z-index: 2; pointer-events: none; visibility: hidden; }
  .axis-copy svg { position: absolute; left: 0; }
  /* its white ground takes the pointer: a point scrolled under it showed its tooltip, unseen (a swipe or wheel on it still scrolls the box) */
  .axis-copy rect { pointer-events: auto; }
  .vis-frame.more-left .axis-copy { visibility: visible; }
  section.chart h2 { font-size: 14px; margin: 0 0 4px; }
  section.chart p.desc { font-size: 12px; color: #4d4d4d; margin: 0 0 8px; max-width: 640px; }
  section.chart button.csv { display: block; font-size: 12px; margin-top: 6px; padding: 2px 8px; background: white; border: 1px solid #767676; border-radius: 3px; cursor: pointer; }
  p.no-script { margin: 16px 24px; padding: 8px 12px; max-width: 640px; font-size: 14px; background: #fff8d6; border: 1px solid #6e5600; }
  section.chart p.empty-note { font-size: 13px; color: #6e5600; background: #fff8d6; padding: 4px 8px; margin: 0 0 8px; width: fit-content; }
  /* one clear focus ring for every control (the browser's thin default was hard to see on the charts) */
  :focus-visible { outline: 3px solid #1f5f99; outline-offset: 2px; }
  /* the export button at full strength at rest: at vega-embed's 20 % it was below 3:1 and found only by hovering */
  .vega-embed summary { opacity: 1 !important; }
  /* buttons outlined in #767676, 4.5:1 on white (vega-embed's and our #aaa had 2.3:1, below WCAG 1.4.11's 3:1) */
  section.chart .vis.vega-embed summary { border-color: #767676; }
  /* in from the box's corner by its focus ring (3 px + 2 px apart): the box scrolls, and cut off the ring's top and right */
  section.chart .vis.vega-embed summary { top: 5px; right: 5px; }
  /* its menu under it, inside the box (at right: -9px the box scrolled and cut off the menu's edge and its links' focus ring); the arrow on the button's centre */
  section.chart .vis.vega-embed .vega-actions { top: 40px; right: 5px; }
  /* a chart shorter than the open menu (one bar, no values) grows for it: the box scrolled and cut its last link's focus ring */
  section.chart .vis.vega-embed:has(> details[open]) { min-height: 130px; }
  section.chart .vis.vega-embed .vega-actions::before { right: 6px; }
  section.chart .vis.vega-embed .vega-actions::after { right: 7px; }
  details.values { margin-top: 8px; font-size: 13px; }
  details.values summary { cursor: pointer; color: #1f5f99; font-weight: bold; width: fit-content; }
  .table-box { overflow-x: auto; max-width: 640px; }
  .table-box table { border-collapse: collapse; margin-top: 6px; font-size: 12px; }
  .table-box caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
  .table-box caption span { display: block; font-weight: normal; color: #4d4d4d; }
  .table-box th, .table-box td { border: 1px solid #d0d7de; padding: 2px 6px; text-align: left; vertical-align: top; }
  .table-box thead th { background: #eef3f8; }
  .table-box tbody th { font-weight: normal; }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
  /* the tooltip's titles ("Quote", "Zähler"): vega-tooltip's #808080 had 3.9:1 on its white */
  body #vg-tooltip-element table tr td.key { color: #4d4d4d; }
  /* never wider than the window (320 px): the page script moves it inside */
  body #vg-tooltip-element { max-width: calc(100vw - 16px); box-sizing: border-box; }
  @media print {
    body { background: white; }
    .filters.stays { position: static; }
    section.chart { break-inside: avoid; border: none; }
    .vega-embed details, section.chart button.csv, section.chart p.wide-hint, .vis-frame::before, .vis-frame::after, .axis-copy { display: none; }
    /* on paper nothing scrolls: a chart wider than the page (A4 portrait: about 670 px for the
       card) is drawn smaller rather than cut off at the card's edge */
    section.chart .vis { display: block; overflow: visible; padding-right: 0; }
    section.chart .vis svg { max-width: 100%; height: auto; }
  }
  footer { padding: 8px 24px 24px; font-size: 12px; color: #4d4d4d; }
  footer li { margin-bottom: 2px; }
  footer h2 { font-size: 14px; margin: 0 0 4px; color: #1a1a1a; }
`;

export function renderPage(content: PageContent): string {
  const filters = content.filters
    .map((f) => `<label for="${escapeHtml(f.element)}">${escapeHtml(f.label)}<select id="${escapeHtml(f.element)}"></select></label>`)
    .join('\n');
  const charts = content.charts
    .map(
      (c) => `<section class="chart" aria-labelledby="h-${escapeHtml(c.id)}">
<h2 id="h-${escapeHtml(c.id)}">${escapeHtml(c.title)}</h2>
<p class="desc" id="d-${escapeHtml(c.id)}">${escapeHtml(c.description)}</p>
<p class="wide-hint" id="w-${escapeHtml(c.id)}" hidden aria-hidden="true">${escapeHtml(WIDE_HINT)}</p>
<div class="vis-frame"><div class="vis" id="chart-${escapeHtml(c.id)}"></div>${c.subtitle ? `<p hidden id="s-${escapeHtml(c.id)}">${escapeHtml(c.subtitle)}</p>` : ''}</div>
<button type="button" class="csv" data-chart="${escapeHtml(c.id)}" aria-label="Daten als CSV (Excel): ${escapeHtml(c.title)}">Daten als CSV (Excel)</button>
<details class="values"><summary aria-label="Werte als Tabelle: ${escapeHtml(c.title)}">Werte als Tabelle</summary>
<div class="table-box" id="values-${escapeHtml(c.id)}" role="region" tabindex="0" aria-label="Werte: ${escapeHtml(c.title)}"></div>
</details>
</section>`,
    )
    .join('\n');
  const notes = content.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${content.nav ? '<a class="skip" href="#filters">Zu Filtern und Diagrammen springen</a>' : ''}
<header><h1>${escapeHtml(content.title)}</h1><p>${escapeHtml(content.intro)}</p>${content.nav ? navHtml(content.nav) : ''}</header>
${content.noScript ? `<noscript><p class="no-script">${escapeHtml(content.noScript)}</p></noscript>` : ''}
<section class="filters" id="filters" tabindex="-1" aria-label="Filter">${filters}${content.nav?.slug === 'controlling-gesamt' ? '<p class="combo-note" id="combo-note" hidden></p>' : ''}<p class="sr-only" role="status" id="update-status"></p></section>
<main>
${charts}
</main>
<footer><h2>Hinweise</h2><ul>${notes}</ul></footer>
${inlineLibraries()}
<script type="application/json" id="almp-data">${scriptJson(content.payload)}</script>
<script>${RUNTIME_JS}</script>
</body>
</html>
`;
}
