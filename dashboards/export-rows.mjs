// The rows of a page's datasets that a chart's static export can use. A page embeds every
// Jobcenter's, year's and indicator's rows for its filters; the export is drawn in the
// default selection, and vega copied and tested each of the 5,000–21,000 rows of every
// chart's datasets (mostly to keep a few dozen): at 10^6 participations the dashboards took
// 5.5–5.8 s with all rows, 5.2–5.3 s with these, the 57 export files byte-identical.
// Exact by construction: a dataset keeps the rows that pass the filters standing first
// wherever the spec reads it, evaluated by vega's own expression code generator with the
// params at their values — every other row those filters drop before anything else sees it.
// Any reading it cannot judge (a lookup, a selection, an unknown name, a parsed field)
// keeps all rows.
// Plain JavaScript: the export workers run without a TypeScript loader.
import { ingest, parseExpression } from 'vega';
import { codeGenerator, functionContext } from 'vega-functions';

/**
 * Cuts the inline datasets of `compiled` (vega-lite's output for `spec`) to the rows the
 * filters standing first where `spec` reads them can pass. `spec` is the chart's own, without
 * its rows. A dataset whose rows vega parses (format.parse: dates) in a field those filters
 * read keeps all rows: the filters would see parsed values, this test the raw ones.
 */
export function cutDatasets(spec, compiled) {
  const sites = readers(spec);
  const params = paramValues(spec);
  for (const data of Array.isArray(compiled.data) ? compiled.data : []) {
    if (!Array.isArray(data.values) || !sites.has(data.name)) continue;
    const tests = sites.get(data.name).map((filters) => compile(filters, params));
    if (tests.some((t) => t === undefined)) continue;
    const parsed = Object.keys(data.format?.parse ?? {});
    if (tests.some((t) => t.fields.some((f) => parsed.includes(f)))) continue;
    try {
      const [only] = tests;
      data.values = tests.length === 1 ? data.values.filter(only.test) : data.values.filter((row) => tests.some((t) => t.test(row)));
    } catch {
      // a filter that throws on a row throws in vega too: drawn from all rows, it fails there as before
    }
  }
  return compiled;
}

/**
 * Vega numbers tuples as it first meets them, and some steps break ties by that number: the
 * rows get it here in their page order, before any chart sees a subset of them.
 */
export function numberRows(rows) {
  for (const row of rows) ingest(row);
  return rows;
}

const CHILDREN = ['layer', 'hconcat', 'vconcat', 'concat'];

/** Calls `visit` on the spec and every view nested in it (layers, concatenations, a facet's or repeat's spec). */
function eachView(spec, visit) {
  if (!spec || typeof spec !== 'object') return;
  visit(spec);
  for (const key of CHILDREN) if (Array.isArray(spec[key])) for (const child of spec[key]) eachView(child, visit);
  if (spec.spec) eachView(spec.spec, visit);
}

/** Per dataset name, each place that reads it with the filter strings standing first there ([] = none). */
function readers(spec) {
  const sites = new Map();
  const add = (name, filters) => sites.set(name, [...(sites.get(name) ?? []), filters]);
  let repeated = false;
  eachView(spec, (view) => {
    repeated ||= view.facet !== undefined || view.repeat !== undefined;
    const transforms = Array.isArray(view.transform) ? view.transform : [];
    if (view.data && typeof view.data.name === 'string') {
      const filters = [];
      for (const t of transforms) {
        if (typeof t.filter !== 'string') break;
        filters.push(t.filter);
      }
      add(view.data.name, filters);
    }
    for (const t of transforms) if (t.lookup !== undefined) add(t.from?.data?.name, []);
  });
  // a dataset named anywhere else (an expression's data('…')) or read per facet or repeat is not judged
  if (repeated || /data\s*\(/.test(JSON.stringify(spec))) for (const name of sites.keys()) add(name, undefined);
  return sites;
}

/**
 * Values of the spec's params that are plain values (the page's filters at their defaults);
 * selections have none, nor has a name given two values in different places.
 */
function paramValues(spec) {
  const values = {};
  const ambiguous = new Set();
  eachView(spec, (view) => {
    for (const p of Array.isArray(view.params) ? view.params : []) {
      if (!p || typeof p.name !== 'string') continue;
      const key = `$${p.name}`;
      const plain = p.select === undefined && p.expr === undefined && 'value' in p;
      if (!plain || (key in values && values[key] !== p.value)) ambiguous.add(key);
      else values[key] = p.value;
    }
  });
  for (const key of ambiguous) delete values[key];
  return values;
}

/** One place's filters as a row test with the fields it reads, or undefined where every row counts (no filters, or none that can be judged). */
function compile(filters, params) {
  // no filters: every row is read
  if (filters === undefined || filters.length === 0) return undefined;
  try {
    const generated = filters.map((expr) => codeGenerator(parseExpression(expr)));
    if (generated.some((g) => g.globals.some((name) => !(`$${name}` in params)))) return undefined;
    // one function for all filters of the place, as vega runs them one after the other
    const test = Function('datum', '_', `return (${generated.map((g) => g.code).join(') && (')});`).bind(functionContext);
    return { test: (row) => test(row, params), fields: generated.flatMap((g) => g.fields) };
  } catch {
    return undefined;
  }
}
