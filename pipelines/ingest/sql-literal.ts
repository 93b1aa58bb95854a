/** A schema constant as a SQL string literal (never used for file content). */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
