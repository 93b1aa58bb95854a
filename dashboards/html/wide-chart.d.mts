/** Marks a chart wider than its card and with values: a named Tab stop, the hint above it, its edges fading (see wide-chart.mjs); returns the check to run again after a redraw. */
export function fitWideChart(chart: { id: string; title: string }, label: string, view: unknown): () => void;
/** Copies a scrolled chart's value axes to its box's left edge (see wide-chart.mjs). */
export function copyValueAxes(view: unknown, box: Element): void;
