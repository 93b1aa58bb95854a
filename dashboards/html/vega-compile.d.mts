/** vega-lite's `compile` of `chart.spec` with its datasets empty, their rows left out. */
export function compileEmpty(
  compile: (spec: never, options: { logger: never }) => { spec: unknown },
  chart: { readonly id: string; readonly datasets: readonly string[]; readonly spec: Record<string, unknown> },
): Record<string, unknown> & { signals?: { name: string; value?: unknown }[]; data?: { name: string; values?: unknown }[] };
