/** Counts in terminal lines: German digits (as every count the CLI prints) and the English noun in the right number. */
const number = new Intl.NumberFormat('de-DE');

/** '1 person', '2.345 persons'; `plural` where adding an s is wrong. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${number.format(n)} ${n === 1 ? singular : plural}`;

/** '1 row', '2.345 rows'. */
export const rows = (n: number): string => count(n, 'row');

/** '1 file', '12 files'. */
export const files = (n: number): string => count(n, 'file');
