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
 * Compiled specs by their Vega-Lite spec with what differs from page to page left out: the
 * filters' starting values (f_jc on each Jobcenter's page) and the rows written into the spec
 * (labelLookup's code → label lists: a Jobcenter's providers and measures). The pages of 400
 * Jobcenters compile alike, at ~5–15 ms a chart.
 */
const cache = new Map<string, Compiled>();
const CACHED = 1_000;
/** Stands in a compiled spec for rows written into the spec: its number in Shape.inline. */
const MARK = 'almp_inline_rows';

/** A chart's spec without what differs from page to page, and what it left out. */
interface Shape {
  readonly spec: VlSpec;
  /** Each filter's starting value, by name. */
  readonly starts: ReadonlyMap<string, unknown>;
  /** Rows written into the spec (`data: {values}`), by their number in the marks left in their place. */
  readonly inline: readonly unknown[][];
}

function shapeOf(spec: VlSpec): Shape {
  const params = (spec['params'] ?? []) as VlSpec[];
  // a filter is a plain value with its input; a selection param (select) compiles into more
  const starts = new Map(params.filter((p) => FILTERS.has(String(p['name'])) && !('select' in p)).map((p) => [String(p['name']), p['value']]));
  const inline: unknown[][] = [];
  const numbers = new Map<string, number>();
  // the same rows the same mark: vega-lite merges data sources of equal rows
  const mark = (rows: unknown[]) => {
    const json = JSON.stringify(rows);
    const n = numbers.get(json) ?? inline.push(rows) - 1;
    numbers.set(json, n);
    return [{ [MARK]: n }];
  };
  const strip = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, key));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'values' && key === 'data' && Array.isArray(v) ? mark(v) : strip(v, k)]));
  };
  const withoutStarts = starts.size > 0 ? { ...spec, params: params.map((p) => (starts.has(String(p['name'])) ? { ...p, value: null } : p)) } : spec;
  return { spec: strip(withoutStarts, '') as VlSpec, starts, inline };
}

/** The Vega spec of a chart, its datasets declared empty (the page fills them by name). */
export function pageSpec(chart: Pick<ChartDef, 'id' | 'datasets' | 'spec'>): Record<string, unknown> {
  const shape = shapeOf(chart.spec);
  const key = JSON.stringify([chart.datasets, shape.spec]);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compileEmpty({ ...chart, spec: shape.spec });
    const signals = new Set((compiled.signals ?? []).map((s) => s.name));
    const marked = (compiled.data ?? []).filter((d) => markOf(d.values) !== undefined).length;
    // a filter not among the top-level signals, rows not in a top-level data of their own: not shared
    if (![...shape.starts.keys()].every((name) => signals.has(name)) || JSON.stringify(compiled).split(MARK).length - 1 !== marked) return compileEmpty(chart);
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  const filled: Compiled = { ...compiled };
  if (compiled.data) filled.data = compiled.data.map((d) => (markOf(d.values) === undefined ? d : { ...d, values: shape.inline[markOf(d.values)!] }));
  if (compiled.signals) filled.signals = compiled.signals.map((s) => (shape.starts.has(s.name) ? { ...s, value: shape.starts.get(s.name) } : s));
  return filled;
}

function markOf(values: unknown): number | undefined {
  if (!Array.isArray(values) || values.length !== 1) return undefined;
  const n = (values[0] as Record<string, unknown> | null)?.[MARK];
  return typeof n === 'number' ? n : undefined;
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
