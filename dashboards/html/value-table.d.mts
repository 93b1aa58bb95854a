/** Rows of a chart's table from its vega scenegraph (see value-table.mjs). */
export function tableRows(root: unknown, table: { key: readonly string[]; order: 'x' | 'y' | 'data' }): { columns: string[]; rows: string[][] };
