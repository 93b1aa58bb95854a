/**
 * The checks of an id column's value (validation-sql.ts): values that must never load as an
 * id, whatever the file. SQL over the value's text expression `x`; only schema constants are
 * written into the SQL.
 */
import type { ColumnSpec } from '../schema/kinds.ts';
import { lit } from './sql-literal.ts';
import { holdsEscapedWhenShownSql, holdsKundennummerWordSql, holdsXmlIllegalSql, isKundennummerSql, isKundennummerTypedApart, isKundennummerTypedApartSql, isSeparatedKundennummerSql } from './value-shapes.ts';
import { idCharacterWhen } from './id-characters.ts';

/**
 * Ids that are not ids. A Kundennummer: only participant_id is pseudonymised, so a raw
 * participant id typed (or swapped) into another id column would be stored and published
 * with the figures. '*', which the marts use for "all". A totals row of a spreadsheet
 * ('Gesamt', 'Summe') would load as a Jobcenter or provider of its own and add to every
 * total. An id that lost its leading zeros in a number cell (6411 for 06411) would load as
 * an unknown Jobcenter and replace the records it repeats: refused when the reference data
 * hold it with the zeros. A long number Excel wrote in scientific notation (9,62E+13). The
 * cheap first test of each keeps the regular expressions off ordinary rows.
 */
export function idChecks(c: ColumnSpec, x: string): string {
  const kundennummer = `WHEN ${isKundennummerSql(x)} OR ${isSeparatedKundennummerSql(x)} THEN ${lit(`looks like a Kundennummer (a participant id): only participant_id may hold one (columns swapped?)`)}
    WHEN ${holdsKundennummerWordSql(x)} THEN ${lit(`holds a Kundennummer (a participant id): an id named after a person would publish that person with the figures — number it without the Kundennummer`)}`;
  // ids reach the returns' XML and the chart exports (value-shapes.ts); codes are safe already: only listed codes pass.
  // Invisible and look-alike characters made another id of the same one (id-characters.ts).
  const xmlIllegal = `WHEN ${holdsEscapedWhenShownSql(x)} THEN CASE WHEN ${holdsXmlIllegalSql(x)} THEN ${lit(`a ${c.name} must not hold control characters, U+FFFE/U+FFFF or bidirectional controls (shown as \\xNN, \\uNNNN): the returns and chart exports cannot carry them`)}
    ${idCharacterWhen(c.name, x)} END`;
  // '*' is the marts' "not sliced" (contracts.md, mart.indicator_values): an id '*' would
  // add a second total row beside the true one (or its figures would vanish into it)
  const reserved = `WHEN ${x} = '*' THEN ${lit(`'*' is not a ${c.name}: it stands for "all" in the figures`)}`;
  // Excel writes a number cell as shown: a long number in a 'Standard' column as 9,62E+13
  // (the digits are gone, and ids differing in them become one)
  const scientific = `WHEN strpos(${x}, 'E+') > 0 AND regexp_full_match(${x}, '[0-9]+([.,][0-9]+)?E\\+[0-9]+')
    THEN ${lit('a number Excel wrote in scientific notation: its digits are lost; format the column as text in Excel and export again')}`;
  // '=2+3', '@SUM(A1)', '-2+3': a spreadsheet reads the id as a formula. The returns kept it
  // text only with a leading apostrophe, so the funder read another id ("'=2+3"). No id is a
  // formula; a lone '-' (written for "none") is left to the other checks.
  const formula = `WHEN ${isFormulaLikeSql(x)}
    THEN ${lit(`begins with =, +, - or @, which a spreadsheet reads as a formula: not a ${c.name} (ids are numbers and letters)`)}`;
  const totals = totalsRowWhen(c.name, x);
  const list = listOfId(c);
  if (!list) return `${kundennummer} ${xmlIllegal} ${reserved} ${formula} ${scientific} ${totals}`;
  const ids = `$ids_${list}::VARCHAR[]`;
  const zeros = `$ids_${list}_zeros::VARCHAR[]`;
  const stripped = `$ids_${list}_stripped::VARCHAR[]`;
  const zeroLost = `WHEN ${x}[1] <> '0' AND regexp_full_match(${x}, '[0-9]+') AND list_contains(${stripped}, ${x}) AND NOT list_contains(${ids}, ${x})
    THEN 'leading zero lost: the reference data know ' || list_extract(${zeros}, list_position(${stripped}, ${x})) || ', not ' || ${x} || ' (a number cell in Excel? format the column as text and save again)'`;
  return `${kundennummer} ${xmlIllegal} ${reserved} ${formula} ${scientific} ${totals} ${zeroLost}`;
}

/** The reference list whose ids an id column holds (its own key included), if any. */
export function listOfId(c: ColumnSpec): 'jobcenters' | 'providers' | undefined {
  return c.references ?? c.keyOf;
}

/** How the reason for a totals row begins: its other reasons are dropped (parseSql). */
export const TOTALS_REASON = 'a totals row';

const totalsReason = (column: string) => `${TOTALS_REASON}, not a ${column}: totals are computed here, delete the row`;

/**
 * SQL: a WHEN branch for the id text `x` of `column` that is a totals row's label — in any
 * id column, the Kundennummer included ('Summe' there loaded as a participant of its own).
 */
export function totalsRowWhen(column: string, x: string): string {
  return `WHEN (strpos('egistzσ∑', lower(${x}[1])) > 0 OR strpos('stnle', lower(${x}[-1])) > 0) AND regexp_full_match(lower(${x}), ${lit(TOTALS_PATTERN)})
    THEN ${lit(totalsReason(column))}`;
}

/** The same for a value read in Node (a Kundennummer of an XLSX or JSON file is hashed there). */
export function totalsRowProblem(column: string, value: string): string | undefined {
  return new RegExp(`^(${TOTALS_PATTERN})$`).test(value.trim().toLowerCase()) ? totalsReason(column) : undefined;
}

/**
 * Labels of spreadsheet totals rows, alone or followed by more text ('Gesamt 2024', 'Summe:'),
 * and German Excel's own: a pivot table's grand total 'Gesamtergebnis', a subtotal '06411
 * Ergebnis' (the item, then 'Ergebnis'), a table's totals row 'Ergebnis'; a label ending in
 * the word ('Hessen insgesamt', 'Land gesamt': a ministry's consolidated file) or a sum sign
 * ('Σ') — each loaded as a Jobcenter of its own and added to the state's denominators.
 */
const TOTALS_PATTERN = '(gesamt|insgesamt|gesamtsumme|gesamtergebnis|ergebnis|summe|zusammen|total)([^a-z0-9].*)?|.+ (ergebnis|gesamt|insgesamt|summe|zusammen|total)|[σ∑].*';

/**
 * A participant id that is a Kundennummer typed with separators ('914P 000001', '914P-000002',
 * '914P–000003'): its pseudonym is another person's than the same number's without them, so a
 * provider's report written '914P000001' never matched the Jobcenter's record (an ingest
 * audit). The value is never named (it is a raw id), nor is an example (the console masks one).
 */
const SEPARATED_REASON = 'a Kundennummer with separators typed into it (a space, hyphen, dash, dot, slash or underscore): write it without them, else the same person is counted as another and reports do not match';

/** SQL: a WHEN branch for a participant id `x` typed with separators. */
export function separatedKundennummerWhen(x: string): string {
  return `WHEN ${isKundennummerTypedApartSql(x)} THEN ${lit(SEPARATED_REASON)}`;
}

/** The same for a value read in Node. */
export function separatedKundennummerProblem(value: string): string | undefined {
  return isKundennummerTypedApart(value.trim()) ? SEPARATED_REASON : undefined;
}

/** SQL: `x` begins as a spreadsheet formula does (=, +, @, or - with more after it). */
export function isFormulaLikeSql(x: string): string {
  return `(${x}[1] IN ('=', '+', '@', '-') AND (${x}[1] <> '-' OR strlen(${x}) > 1))`;
}
