import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';

/** A drawn item of a vega scenegraph, as the tests read it. */
export interface SceneItem {
  datum?: Record<string, unknown>;
  tooltip?: Record<string, string>;
  text?: string;
  stroke?: string;
  fill?: string;
  items?: SceneItem[];
  marktype?: string;
}

/** Draws a Vega-Lite spec headlessly with the given datasets. */
export async function drawSpec(spec: Record<string, unknown>, datasets: Record<string, unknown[]>): Promise<vega.View> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  for (const [name, rows] of Object.entries(datasets)) view.data(name, rows);
  await view.runAsync();
  return view;
}

/**
 * Draws a chart as its page does: the compiled Vega spec the page carries, each dataset's rows
 * put into the data of its name (dashboards/html/runtime.ts).
 */
export async function drawPageChart(chart: { vega: Record<string, unknown>; datasets: readonly string[] }, datasets: Record<string, unknown[]>): Promise<vega.View> {
  const data = (chart.vega['data'] ?? []) as { name: string }[];
  const spec = { ...chart.vega, data: data.map((d) => (chart.datasets.includes(d.name) ? { ...d, values: datasets[d.name] ?? [] } : d)) };
  const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
  await view.runAsync();
  return view;
}

/** Every drawn item of the given mark type (line, symbol, rect, text, …) with its datum. */
export function markItems(view: vega.View, marktype: string): SceneItem[] {
  const out: SceneItem[] = [];
  const walk = (node: SceneItem, current?: string) => {
    for (const child of node.items ?? []) {
      const type = child.marktype ?? current;
      if (!child.marktype && type === marktype && child.datum) out.push(child);
      walk(child, type);
    }
  };
  walk((view.scenegraph() as unknown as { root: SceneItem }).root);
  return out;
}
