/** The refusal of a file that lacks required columns, for one column or several. */
export function missingColumnsText(names: readonly string[]): string {
  const quoted = names.map((c) => `'${c}'`).join(', ');
  return names.length === 1 ? `Required column ${quoted} is missing` : `Required columns ${quoted} are missing`;
}
