/**
 * Server-side exports of one chart for slides and Word reports: SVG from a headless vega
 * View (renderer 'none'), PNG rasterised from that SVG by resvg with the bundled fonts
 * only, so the picture does not depend on the fonts of the machine.
 */
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { ChartDef } from './charts/kit.ts';
import type { Rows } from './dataset.ts';
import { FONT_FAMILY, NUMBER_LOCALE_DE, TIME_LOCALE_DE } from './theme.ts';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(`./fonts/${f}`, import.meta.url)));

/** The chart's spec with its datasets attached, as the page script does in the browser. */
export function withDatasets(chart: ChartDef, datasets: Readonly<Record<string, Rows>>): Record<string, unknown> {
  return { ...chart.spec, datasets: Object.fromEntries(chart.datasets.map((name) => [name, datasets[name] ?? []])) };
}

const QUIET = vega.logger(vega.Error);

export async function renderSvg(chart: ChartDef, datasets: Readonly<Record<string, Rows>>): Promise<string> {
  // Compiler warnings (e.g. merged sort orders of layered domains) are about our own specs,
  // not the user's data: keep them off the user's terminal; errors still throw.
  const compiled = vegaLite.compile(withDatasets(chart, datasets) as unknown as vegaLite.TopLevelSpec, { logger: QUIET }).spec;
  // The spec's config.locale carries the same definitions; the View option makes the
  // German locale explicit for expression functions such as format().
  const options = { renderer: 'none', locale: { number: NUMBER_LOCALE_DE, time: TIME_LOCALE_DE } };
  const view = new vega.View(vega.parse(compiled), options as unknown as vega.ViewOptions);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at 1.5 × the SVG size (sharp enough on slides and in Word; 2 × costs ~40 % more time), fonts from dashboards/fonts only. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: 1.5 },
    background: 'white',
  });
  return resvg.render().asPng();
}
