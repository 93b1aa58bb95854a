/** Counts in terminal lines: German digits (as every count the CLI prints) and the English noun in the right number. */
const number = new Intl.NumberFormat('de-DE');

/** '1 row', '2.345 rows'. */
export const rows = (n: number): string => `${number.format(n)} ${n === 1 ? 'row' : 'rows'}`;

/** '1 file', '12 files'. */
export const files = (n: number): string => `${number.format(n)} ${n === 1 ? 'file' : 'files'}`;
