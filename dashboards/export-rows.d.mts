/** The inline datasets of `compiled` (vega-lite's output for `spec`) cut to the rows the filters standing first where `spec` reads them can pass. */
export function cutDatasets<T extends { data?: unknown[] }>(spec: Record<string, unknown>, compiled: T): T & { data: { name: string; values?: unknown[] }[] };
/** Gives the rows vega's tuple numbers in their order (before any chart sees a subset). */
export function numberRows<T extends object>(rows: T[]): T[];
