export function tooltipRows(root: unknown, order?: 'x' | 'y' | 'data'): Record<string, string>[];
export function csvText(rows: readonly Record<string, string>[], caption: string): string;
