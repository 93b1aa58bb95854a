export function csvText(table: { columns: readonly string[]; rows: readonly (readonly string[])[] }, caption: string): string;
