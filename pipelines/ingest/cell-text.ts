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
 */
import type { ColumnSpec } from '../schema/kinds.ts';

const isId = (c: ColumnSpec) => c.type === 'id' || c.type === 'pid';

/** SQL: the text of column `c` read from `t`, its text trimmed of spaces (NULL when empty). */
export function cellTextSql(c: ColumnSpec, t: string): string {
  if (!isId(c)) return t;
  return `CASE WHEN starts_with(${t}, '''') THEN nullif(trim(${t}[2:]), '') ELSE ${t} END`;
}

/** The same for a participant id read in Node (trimmed of spaces as the SQL's; the rest is the pseudonym's to trim). */
export function idText(text: string): string {
  const start = text.replace(/^ +/, '');
  return start.startsWith("'") ? start.slice(1) : text;
}
