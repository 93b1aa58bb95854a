// Worker thread of the static exports (started by export-pool.ts): SVG from a headless
// vega View (renderer 'none'), PNG rasterised from an SVG by resvg with the bundled
// fonts only, so the picture does not depend on the fonts of the machine.
// Plain JavaScript on purpose: a TypeScript loader in each worker resolved every vega
// module through its hook thread (~0.3 s of CPU per worker at start).
import { parentPort, workerData } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { dataItems, EMPTY_NOTE } from './html/empty-chart.mjs';
import { compileEmpty } from './html/vega-compile.mjs';
import { fontAdvances } from './fonts/advances.mjs';
import { drawnBySubset } from './fonts/subset-coverage.mjs';

/** { locale: {number, time}, fontFiles, subsetFontFiles, fontFamily, pngZoom, vega, cutDatasets } from export-pool.ts. */
const settings = workerData;

// Only the worker that draws SVGs loads vega (at start, while the marts are still read).
const libraries = settings.vega ? Promise.all([import('vega'), import('vega-lite'), import('./export-rows.mjs')]).then(measureTextWithFonts) : undefined;

// Without a canvas, vega guesses every text as 0.8 × font size per character — about half
// again as wide as DejaVu Sans really is — so axis labels and legends were cut short
// ("16e – Eingliederung von La…") and margins reserved for text that is not there. The
// exports are drawn with the bundled fonts only, so their advance widths measure the text
// exactly as resvg will draw it (vega's documented hook for measuring without a canvas).
async function measureTextWithFonts(libs) {
  const [vega] = libs;
  const [regular, bold] = settings.fontFiles.map((file) => fontAdvances(file));
  vega.textMetrics.width = (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const weight = item.fontWeight;
    const advance = weight === 'bold' || weight === 'bolder' || +weight >= 600 ? bold : regular;
    let width = 0;
    for (const ch of line) width += advance(ch);
    width *= size;
    // a label longer than its limit is drawn cut to it (vega's truncation searches below it)
    return item.limit > 0 ? Math.min(width, +item.limit) : width;
  };
  return libs;
}

/** Each dashboard's datasets, sent once in the page's compact form, expanded on first use. */
const datasets = new Map();
/** Dashboards whose rows carry vega's tuple numbers in page order (numberRows). */
const numbered = new Set();

// Expands {fields, dicts, rows} into row objects, exactly as the page script does.
function expand(ds) {
  const out = new Array(ds.rows.length);
  for (let i = 0; i < ds.rows.length; i++) {
    const row = ds.rows[i];
    const obj = {};
    for (let j = 0; j < ds.fields.length; j++) {
      const f = ds.fields[j];
      const dict = ds.dicts[f];
      obj[f] = dict && row[j] !== null ? dict[row[j]] : row[j];
    }
    out[i] = obj;
  }
  return out;
}

async function renderSvg(key, chart) {
  if (!libraries) throw new Error('this export worker does not draw SVGs');
  const [vega, vegaLite, { cutDatasets, numberRows }] = await libraries;
  const rows = datasets.get(key) ?? {};
  if (!numbered.has(key)) {
    for (const name of Object.keys(rows)) numberRows(rows[name]);
    numbered.add(key);
  }
  const spec = { ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((name) => [name, rows[name] ?? []])) };
  // Compiler warnings (e.g. merged sort orders of layered domains) are about our own
  // specs, not the user's data: keep them off the terminal; errors still throw.
  const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.Error) }).spec;
  // only the rows the default selection can show (export-rows.mjs)
  if (settings.cutDatasets !== false) cutDatasets(chart.spec, compiled);
  // The spec's config.locale carries the same definitions; the View option makes the
  // German locale explicit for expression functions such as format().
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', locale: settings.locale });
  try {
    const svg = await view.toSVG();
    return dataItems(view.scenegraph().root) === 0 ? withEmptyNote(svg) : svg;
  } finally {
    view.finalize();
  }
}

/** A page's chart compiled to Vega, its datasets empty (html/vega-compile.mjs). */
async function compileSpec(chart) {
  if (!libraries) throw new Error('this export worker does not compile specs');
  const [, vegaLite] = await libraries;
  return compileEmpty(vegaLite.compile, chart);
}

// A chart without values says so in the middle of the picture, like the page's note.
function withEmptyNote(svg) {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const [width, height] = size ? [Number(size[1]), Number(size[2])] : [400, 200];
  const text = `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-family="${settings.fontFamily}" font-size="14px" fill="#6e5600">${EMPTY_NOTE}</text>`;
  return svg.replace(/<\/svg>\s*$/, `${text}</svg>`);
}

function renderPng(svg) {
  // the same pixels from the subset fonts, in a third of the time (fonts/subset-coverage.mjs)
  const fontFiles = drawnBySubset(svg) ? settings.subsetFontFiles : settings.fontFiles;
  const resvg = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: settings.fontFamily, sansSerifFamily: settings.fontFamily },
    fitTo: { mode: 'zoom', value: settings.pngZoom },
    background: 'white',
  });
  return resvg.render().asPng();
}

parentPort.on('message', async (message) => {
  if (message.kind === 'datasets') {
    const parsed = JSON.parse(message.json);
    datasets.set(message.key, Object.fromEntries(Object.entries(parsed).map(([name, ds]) => [name, expand(ds)])));
    return;
  }
  try {
    const result = message.kind === 'svg' ? await renderSvg(message.key, message.chart) : message.kind === 'spec' ? await compileSpec(message.chart) : renderPng(message.svg);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
