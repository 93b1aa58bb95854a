// A chart's Vega-Lite spec compiled to the Vega spec its page carries, the datasets declared
// by name with no rows (the page script fills them). Plain JavaScript: the export worker
// (export-worker.mjs) compiles with it too, and page-spec.ts in the main thread.

/** What vega-lite's compiler may say: warnings are about our own specs, as in the export worker. */
const errorsOnly = {
  level: (_) => (_ === undefined ? 1 : errorsOnly),
  error: (...args) => {
    throw new Error(args.map(String).join(' '));
  },
  warn: () => errorsOnly,
  info: () => errorsOnly,
  debug: () => errorsOnly,
};

/** vega-lite's `compile` of `chart.spec` with its datasets empty, their rows left out. */
export function compileEmpty(compile, chart) {
  const datasets = Object.fromEntries(chart.datasets.map((name) => [name, []]));
  const compiled = compile({ ...chart.spec, datasets }, { logger: errorsOnly }).spec;
  const data = compiled.data ?? [];
  // a dataset the page would fill but the spec never names would leave a chart without rows
  const missing = chart.datasets.filter((name) => !data.some((d) => d.name === name && Array.isArray(d.values)));
  if (missing.length > 0) throw new Error(`chart ${chart.id}: the compiled spec has no data named ${missing.join(', ')}`);
  return { ...compiled, data: data.map((d) => (chart.datasets.includes(d.name) ? withoutValues(d) : d)) };
}

function withoutValues(data) {
  const { values: _values, ...rest } = data;
  return rest;
}
