/** Items of the marks drawn from data in a vega scenegraph (see empty-chart.mjs). */
export function dataItems(mark: unknown): number;
export const EMPTY_NOTE: string;
