/** Marks a chart wider than its card: a named Tab stop, the hint above it, its edges fading (see wide-chart.mjs). */
export function fitWideChart(chart: { id: string; title: string }, label: string): void;
