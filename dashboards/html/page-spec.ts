/**
 * A chart's Vega-Lite spec compiled to Vega when the page is written, not in the reader's
 * browser at every opening: the pages open with 11–16 % less renderer time (docs/bench-history.md),
 * and vega-lite (250 KB) no longer rides in every page. The compiled spec names the datasets with no rows; the page script puts each
 * dataset's rows into the data of its name.
 */
import type { ChartDef, VlSpec } from '../charts/kit.ts';
import { compileEmpty } from './vega-compile.mjs';

type Compiled = Record<string, unknown> & { signals?: { name: string; value?: unknown }[]; data?: { name: string; values?: unknown }[] };

/**
 * Compiled specs by their Vega-Lite spec with what differs from page to page left out: the
 * filters' starting values (f_jc on each Jobcenter's page) and the rows written into the spec
 * (labelLookup's code → label lists: a Jobcenter's providers and measures). The pages of 400
 * Jobcenters compile alike, at ~5–15 ms a chart.
 */
const cache = new Map<string, Promise<Compiled | undefined>>();
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
  // a filter is a plain value (f_jc); a selection param (select) compiles into more
  const starts = new Map(params.filter((p) => 'value' in p && !('select' in p)).map((p) => [String(p['name']), p['value']]));
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

/** A chart as compiled: its id (named in errors), datasets and spec. */
export type SpecChart = Pick<ChartDef, 'id' | 'datasets' | 'spec'>;
/** Compiles a chart's spec (compileEmpty), in this thread or in the export pool's. */
export type CompileSpec = (chart: SpecChart) => Promise<Compiled>;

/** Compiles in this thread; vega-lite is loaded at the first chart (~0.25 s). */
export const compileHere: CompileSpec = async (chart) => compileEmpty((await import('vega-lite')).compile as never, chart);

/** The Vega spec of a chart, its datasets declared empty (the page fills them by name). */
export async function pageSpec(chart: SpecChart, compile: CompileSpec = compileHere): Promise<Record<string, unknown>> {
  const shape = shapeOf(chart.spec);
  const key = JSON.stringify([chart.datasets, shape.spec]);
  let shared = cache.get(key);
  if (shared === undefined) {
    shared = compile({ ...chart, spec: shape.spec }).then((compiled) => (shareable(compiled, shape) ? compiled : undefined));
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, shared);
    // a failed compile is not kept: the next page tries again (and says why)
    shared.catch(() => cache.delete(key));
  }
  const compiled = await shared;
  // a filter not among the top-level signals, rows not in a top-level data of their own: compiled alone
  if (compiled === undefined) return compile(chart);
  const filled: Compiled = { ...compiled };
  if (compiled.data) filled.data = compiled.data.map((d) => (markOf(d.values) === undefined ? d : { ...d, values: shape.inline[markOf(d.values)!] }));
  if (compiled.signals) filled.signals = compiled.signals.map((s) => (shape.starts.has(s.name) ? { ...s, value: shape.starts.get(s.name) } : s));
  return filled;
}

function shareable(compiled: Compiled, shape: Shape): boolean {
  const signals = new Set((compiled.signals ?? []).map((s) => s.name));
  const marked = (compiled.data ?? []).filter((d) => markOf(d.values) !== undefined).length;
  return [...shape.starts.keys()].every((name) => signals.has(name)) && JSON.stringify(compiled).split(MARK).length - 1 === marked;
}

function markOf(values: unknown): number | undefined {
  if (!Array.isArray(values) || values.length !== 1) return undefined;
  const n = (values[0] as Record<string, unknown> | null)?.[MARK];
  return typeof n === 'number' ? n : undefined;
}
