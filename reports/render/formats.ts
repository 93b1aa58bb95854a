/**
 * Excel number formats. Excel stores format codes in one locale-neutral syntax (',' groups
 * thousands, '.' marks decimals) and displays them in the reader's locale: on a German
 * system '#,##0' shows 1.234, which is the German `#.##0` the funders expect. Writing the
 * German spelling literally would make Excel read the dots and commas as text, so the
 * neutral codes are the correct choice; LibreOffice does the same. The '%' sign is not
 * localised: '0.0%' shows 61,9% — German style (DIN 5008, and the dashboards) puts a space
 * before it, so the space is part of the code ('0.0 %' shows 61,9 %; a literal space needs
 * no escape in Excel or LibreOffice).
 */
import type { Format } from '../layouts/types.ts';

export const NUM_FMT: Readonly<Record<Format, string | undefined>> = {
  count: '#,##0',
  rate: '0.0 %',
  ratio: '0.00',
  days: '#,##0',
  date: 'dd.mm.yyyy',
  datetime: 'dd.mm.yyyy hh:mm',
  text: undefined,
};

/**
 * Bold text names its font: a font given as bold alone is drawn in the application's own
 * default, which LibreOffice makes a serif (Liberation Serif) beside the body's Calibri.
 */
export const BOLD = { name: 'Calibri', family: 2, size: 11, bold: true } as const;
export const boldOf = (size: number) => ({ ...BOLD, size }) as const;

/** A total written as a value because parts of it are hidden carries footnote marker ¹. */
export const TOTAL_AS_VALUE_FMT: Readonly<Partial<Record<Format, string>>> = {
  count: '#,##0" ¹"',
  days: '#,##0" ¹"',
};

/**
 * One mark for every hidden cell, as official statistics write it ('.' = Zahlenwert geheim
 * zu halten): a separate mark for complements told a reader those were not 1..4, which an
 * attack with an integer solver used to pin hidden counts.
 */
export const HIDDEN_MARK = '.';

/**
 * A figure that does not exist (a rate over no cases, occupancy without a contract, a sum of
 * such figures), as official statistics write it ('–' = nichts vorhanden): an empty cell
 * left the reader guessing between 0, missing data and an error, and a true 0 is written 0.
 */
export const NONE_MARK = '–';
