/**
 * A chart's Vega-Lite spec compiled to Vega when the page is written, not in the reader's
 * browser: compiling took a quarter to a third of the renderer's time to open a page (on the
 * sample pages 15.9 → 11.0 s for all eight), and vega-lite (250 KB) no longer rides in every
 * page. The compiled spec names the datasets with no rows; the page script puts each
 * dataset's rows into the data of its name.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { PARAM, type ChartDef, type VlSpec } from '../charts/kit.ts';

/** What vega-lite's compiler may say: warnings are about our own specs, as in the export worker. */
interface Logger {
  level(_?: number): number | Logger;
  error(...args: readonly unknown[]): never;
  warn(): Logger;
  info(): Logger;
  debug(): Logger;
}
const errorsOnly: Logger = {
  level: (_?: number) => (_ === undefined ? 1 : errorsOnly),
  error: (...args: readonly unknown[]) => {
    throw new Error(args.map(String).join(' '));
  },
  warn: () => errorsOnly,
  info: () => errorsOnly,
  debug: () => errorsOnly,
};

type Compiled = Record<string, unknown> & { signals?: { name: string; value?: unknown }[]; data?: { name: string; values?: unknown }[] };

const FILTERS: ReadonlySet<string> = new Set(Object.values(PARAM));
/**
 * Compiled specs by their Vega-Lite spec with the filters' starting values left out: the
 * pages of 400 Jobcenters differ there (f_jc) and compile alike, at ~10 ms a chart.
 */
const cache = new Map<string, Compiled>();
const CACHED = 1_000;

/** The Vega spec of a chart, its datasets declared empty (the page fills them by name). */
export function pageSpec(chart: Pick<ChartDef, 'id' | 'datasets' | 'spec'>): Record<string, unknown> {
  const params = (chart.spec['params'] ?? []) as VlSpec[];
  // a filter is a plain value with its input; a selection param (select) compiles into more
  const starts = new Map(params.filter((p) => FILTERS.has(String(p['name'])) && !('select' in p)).map((p) => [String(p['name']), p['value']]));
  const key = JSON.stringify([chart.datasets, { ...chart.spec, params: params.map((p) => (starts.has(String(p['name'])) ? { ...p, value: null } : p)) }]);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compileEmpty(chart);
    const signals = new Set((compiled.signals ?? []).map((s) => s.name));
    // a filter that is not one of the top-level signals keeps its value elsewhere: not shared
    if (![...starts.keys()].every((name) => signals.has(name))) return compiled;
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  return { ...compiled, signals: (compiled.signals ?? []).map((s) => (starts.has(s.name) ? { ...s, value: starts.get(s.name) } : s)) };
}

function compileEmpty(chart: Pick<ChartDef, 'id' | 'datasets' | 'spec'>): Compiled {
  const datasets = Object.fromEntries(chart.datasets.map((name) => [name, []]));
  const compiled = compile({ ...chart.spec, datasets } as unknown as TopLevelSpec, { logger: errorsOnly as never }).spec as unknown as Compiled;
  const data = compiled.data ?? [];
  // a dataset the page would fill but the spec never names would leave a chart without rows
  const missing = chart.datasets.filter((name) => !data.some((d) => d.name === name && Array.isArray(d.values)));
  if (missing.length > 0) throw new Error(`chart ${chart.id}: the compiled spec has no data named ${missing.join(', ')}`);
  return { ...compiled, data: data.map((d) => (chart.datasets.includes(d.name) ? withoutValues(d) : d)) };
}

function withoutValues(data: { name: string; values?: unknown }): { name: string } {
  const { values: _values, ...rest } = data;
  return rest;
}
