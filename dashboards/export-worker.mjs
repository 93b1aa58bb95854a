// Worker thread of the static exports (started by export-pool.ts): SVG from a headless
// vega View (renderer 'none'), PNG rasterised from that SVG by resvg with the bundled
// fonts only, so the picture does not depend on the fonts of the machine.
// Plain JavaScript on purpose: a TypeScript loader in each worker resolved every vega
// module through its hook thread (~0.3 s of CPU per worker at start).
import { parentPort, workerData } from 'node:worker_threads';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';

/** { locale: {number, time}, fontFiles, fontFamily, pngZoom } from export-pool.ts. */
const settings = workerData;
const QUIET = vega.logger(vega.Error);

/** Each dashboard's datasets, sent once per worker in the page's compact form. */
const datasets = new Map();

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

async function renderSvg(chart, rows) {
  const spec = { ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((name) => [name, rows[name] ?? []])) };
  // Compiler warnings (e.g. merged sort orders of layered domains) are about our own
  // specs, not the user's data: keep them off the terminal; errors still throw.
  const compiled = vegaLite.compile(spec, { logger: QUIET }).spec;
  // The spec's config.locale carries the same definitions; the View option makes the
  // German locale explicit for expression functions such as format().
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', locale: settings.locale });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function renderPng(svg) {
  const resvg = new Resvg(svg, {
    font: { fontFiles: settings.fontFiles, loadSystemFonts: false, defaultFontFamily: settings.fontFamily, sansSerifFamily: settings.fontFamily },
    fitTo: { mode: 'zoom', value: settings.pngZoom },
    background: 'white',
  });
  return resvg.render().asPng();
}

parentPort.on('message', async (message) => {
  if (message.type === 'datasets') {
    const parsed = JSON.parse(message.json);
    datasets.set(message.key, Object.fromEntries(Object.entries(parsed).map(([name, ds]) => [name, expand(ds)])));
    return;
  }
  const { id, key, chart, png } = message;
  try {
    const svg = await renderSvg(chart, datasets.get(key) ?? {});
    parentPort.postMessage({ id, svg, png: png ? renderPng(svg) : undefined });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
