/**
 * A field's text as its column reads it, from the text trimmed of spaces: the validating
 * SELECT's `v_<column>` (validation-sql.ts), for CSV, XLSX and JSON alike, and the
 * participant ids of XLSX and JSON, which are hashed in Node before DuckDB sees them
 * (stage-records.ts). Free text (type 'text') is never interpreted: it stays as sent.
 *
 * An id written with a leading apostrophe ('06411, '200G658486) is Excel's text marker, as
 * ="06411" is in a CSV written for Excel (csv-source.ts): the id is the rest. Read as
 * written, '06411 loaded as a Jobcenter of its own, the Kundennummer got another pseudonym,
 * and a provider id '001001 made 120 final reports of another key, so that the corrected
 * file loaded later doubled every report. One apostrophe only: Excel takes one.
 *
 * A value that is NULL (any case) is empty: SQL tools (DBeaver, SSMS, HeidiSQL, a
 * COPY … TO CSV with a NULL string) export every empty field so, and all 29 rows of such a
 * file were rejected ("first_warning_date 'NULL': not a date", "unknown dropout reason code
 * 'null'"). Empty, it then follows the rules of an empty value: a required one is still
 * rejected. Free text keeps it (a text saying 'NULL' is what the provider wrote).
 *
 * A code is compared in Unicode's composed form (NFC, https://unicode.org/reports/tr15/):
 * 'Träger' typed on a Mac or copied from a PDF may come decomposed, a + U+0308, and was
 * rejected as unknown beside the allowed 'träger' it looks the same as (headers were
 * normalised already: header-mapping.ts). Ids are not: an id is compared as the Jobcenter's
 * system holds it, and a Kundennummer's pseudonym is the HMAC of its very characters
 * (contracts.md; id-characters.ts rejects look-alikes rather than mapping them).
 */
import type { ColumnSpec } from '../schema/kinds.ts';

const isId = (c: ColumnSpec) => c.type === 'id' || c.type === 'pid';
const CODE_TYPES: readonly ColumnSpec['type'][] = ['enum', 'reason_list', 'goal_list', 'bool', 'exit_code'];

/** SQL: the text of column `c` read from `t`, its text trimmed of spaces (NULL when empty). */
export function cellTextSql(c: ColumnSpec, t: string): string {
  if (c.type === 'text') return t;
  // the byte length first: it is stored with the string, and most values are not 4 long
  const nullWord = `WHEN strlen(${t}) = 4 AND lower(${t}) = 'null' THEN NULL`;
  const apostrophe = isId(c) ? `WHEN starts_with(${t}, '''') THEN nullif(trim(${t}[2:]), '')` : '';
  // nfc_normalize returns ASCII text as it is (5·10^6 codes: 30 ms more)
  return `CASE ${nullWord} ${apostrophe} ELSE ${CODE_TYPES.includes(c.type) ? `nfc_normalize(${t})` : t} END`;
}

/** The same for a participant id read in Node (trimmed of spaces as the SQL's; the rest is the pseudonym's to trim): null when empty. */
export function idText(text: string): string | null {
  if (/^ *null *$/i.test(text)) return null;
  const start = text.replace(/^ +/, '');
  return start.startsWith("'") ? start.slice(1) : text;
}
