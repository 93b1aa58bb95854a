export function tooltipRows(root: unknown): Record<string, string>[];
export function csvText(rows: readonly Record<string, string>[], caption: string): string;
