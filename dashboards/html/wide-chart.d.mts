/** Makes a chart wider than its card a named Tab stop (see wide-chart.mjs). */
export function fitWideChart(chart: { id: string; title: string }, label: string): void;
