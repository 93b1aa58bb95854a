/**
 * Values that must not be stored or shown whatever column they stand in, as SQL tests over
 * a text expression: the ingest's validation statement (validation-sql.ts) and the
 * federation import share them, so both refuse the same values.
 *
 * Each test runs on every row of a 10^6-row file: the cheap part comes first, so the
 * pattern only runs on values that could match.
 */

/**
 * The Jobcenter's customer number (Kundennummer, the raw participant id): 3 digits, a
 * letter, 6 digits (123A456789), the shape of the Jobcenters' exports, the samples and the
 * generator (pipelines/generate/person.ts). Lower case too: the pseudonym upper-cases ids,
 * so 123a456789 is the same person.
 */
const KUNDENNUMMER_GLOB = '[0-9][0-9][0-9][A-Za-z][0-9][0-9][0-9][0-9][0-9][0-9]';
const KUNDENNUMMER_ANYWHERE = '[0-9]{3}[A-Za-z][0-9]{6}';

/** SQL: `x` is a Kundennummer (the byte length costs nothing: it is stored with the string). */
export function isKundennummerSql(x: string): string {
  return `(strlen(${x}) = 10 AND ${x} GLOB '${KUNDENNUMMER_GLOB}')`;
}

/** SQL: `x` holds something shaped like a Kundennummer anywhere (for reject values: bad rows only). */
export function holdsKundennummerSql(x: string): string {
  return `regexp_matches(${x}, '${KUNDENNUMMER_ANYWHERE}')`;
}
