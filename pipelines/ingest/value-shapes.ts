/**
 * Values that must not be stored or shown whatever column they stand in, as SQL tests over
 * a text expression: the ingest's validation statement (validation-sql.ts) and the
 * federation import share them, so both refuse the same values.
 *
 * Each test runs on every row of a 10^6-row file: the cheap part comes first, so the
 * pattern only runs on values that could match.
 */
import { INVISIBLE_JS_ALL, INVISIBLE_SQL_CLASS } from './id-characters.ts';

/**
 * The Jobcenter's customer number (Kundennummer, the raw participant id): 3 digits, a
 * letter, 6 digits (123A456789), the shape of the Jobcenters' exports, the samples and the
 * generator (pipelines/generate/person.ts). Lower case too: the pseudonym upper-cases ids,
 * so 123a456789 is the same person.
 */
const KUNDENNUMMER_GLOB = '[0-9][0-9][0-9][A-Za-z][0-9][0-9][0-9][0-9][0-9][0-9]';
/** Anywhere in a text, also typed apart (123A 456789, 123A-456789, 123 A_456789: KUNDENNUMMER_TYPED_APART). */
const KUNDENNUMMER_ANYWHERE = '[0-9]{3}[ _./–—‑−-]*[A-Za-z][ _./–—‑−-]*[0-9]{6}';

/** SQL: `x` is a Kundennummer (the byte length costs nothing: it is stored with the string). */
export function isKundennummerSql(x: string): string {
  return `(strlen(${x}) = 10 AND ${x} GLOB '${KUNDENNUMMER_GLOB}')`;
}

/** Typed with one separator after the letter (123A 456789, 123A-456789): the same number. */
const KUNDENNUMMER_SEPARATED = '[0-9]{3}[A-Za-z][ ./-][0-9]{6}';

/** SQL: `x` is a Kundennummer typed with a separator (the length test first: most ids are not 11 long). */
export function isSeparatedKundennummerSql(x: string): string {
  return `(strlen(${x}) = 11 AND regexp_full_match(${x}, '${KUNDENNUMMER_SEPARATED}'))`;
}

/**
 * A participant id that is a Kundennummer with separators typed anywhere between its parts —
 * spaces, '_', '.', '/', '-', the en dash Word and Excel autocorrect to ('914P 000001',
 * '914P_000002', '914P–000003', '914P  000004', '914 P000005'): each got a pseudonym of its
 * own. At least one separator (11 bytes or more): without, it is the number itself.
 */
const KUNDENNUMMER_TYPED_APART = '[0-9]{3}[ _./–—‑−-]*[A-Za-z][ _./–—‑−-]*[0-9]{6}';

/** SQL: `x` is a Kundennummer typed apart (the byte length first: a Kundennummer itself is 10). */
export function isKundennummerTypedApartSql(x: string): string {
  return `(strlen(${x}) BETWEEN 11 AND 24 AND regexp_full_match(${x}, '${KUNDENNUMMER_TYPED_APART}'))`;
}

/** The same in Node (a Kundennummer of an XLSX or JSON file is hashed there). */
export function isKundennummerTypedApart(text: string): boolean {
  const bytes = Buffer.byteLength(text);
  return bytes >= 11 && bytes <= 24 && TYPED_APART.test(text);
}

const TYPED_APART = new RegExp(`^${KUNDENNUMMER_TYPED_APART}$`);

/**
 * SQL: free text with every Kundennummer in it (with or without a separator) replaced by
 * '…'. Provider free text is stored, never shown or exported; a report that names another
 * person by number ("TN 123A456789 war ebenfalls da") kept that raw id in the database,
 * where no erasure of that person could reach it. Read as it looks, as file names are
 * (maskParticipantIds): full-width digits as digits, invisible characters (a no-break or
 * zero-width space inside the number, as text pasted from Word holds) passed over inside it.
 * The rest of the text stays as written: stripped of every such character where one number
 * held one, a provider's 'Bildungswerk Darmstadt gGmbH' written with no-break spaces became
 * 'BildungswerkDarmstadtgGmbH', and a remark lost its line breaks (a review).
 */
export function maskKundennummernSql(x: string): string {
  return `CASE WHEN regexp_matches(${x}, '${KUNDENNUMMER_HIDDEN}') THEN regexp_replace(${x}, '${KUNDENNUMMER_HIDDEN}', '…', 'g') ELSE ${x} END`;
}

/** KUNDENNUMMER_ANYWHERE with full-width digits and letters, and invisible characters between its characters. */
const KUNDENNUMMER_HIDDEN = (() => {
  const digit = '[0-9\\x{ff10}-\\x{ff19}]';
  const letter = '[A-Za-z\\x{ff21}-\\x{ff3a}\\x{ff41}-\\x{ff5a}]';
  const gap = `(?:${INVISIBLE_SQL_CLASS})*`;
  const apart = `(?:${INVISIBLE_SQL_CLASS}|[ _./–—‑−-])*`;
  return `${digit}${gap}${digit}${gap}${digit}${apart}${letter}${apart}${digit}${gap}${digit}${gap}${digit}${gap}${digit}${gap}${digit}${gap}${digit}`;
})();

/**
 * A Kundennummer written whole inside an id, not run into other digits: '06411-248G658486' (a
 * measure numbered after its one participant), 'M 213G658486', "'205G658486" — each loaded as an
 * id and was published with the figures, its label in the returns and dashboards (a privacy
 * audit). Typed apart inside an id it is a contract's or lot's number as often ('2024-001-L-123456',
 * 'Los 003 B 100250', 'VN 962/A/240017': refused, each took its measure's participations along
 * and a state refused the county's whole export; a review), and one whose digits go on
 * ('2024-A-000123') is none.
 */
const KUNDENNUMMER_WORD = '(^|[^0-9])[0-9]{3}[A-Za-z][0-9]{6}($|[^0-9])';

/** SQL: `x` holds a Kundennummer between other characters (the length test first: most ids are shorter). */
export function holdsKundennummerWordSql(x: string): string {
  return `(strlen(${x}) >= 10 AND regexp_matches(${x}, '${KUNDENNUMMER_WORD}'))`;
}

/** SQL: `x` holds something shaped like a Kundennummer anywhere (for reject values: bad rows only). */
export function holdsKundennummerSql(x: string): string {
  return `regexp_matches(${x}, '${KUNDENNUMMER_ANYWHERE}')`;
}

/**
 * Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): C0 controls but
 * tab, LF and CR; U+FFFE and U+FFFF. One of them in an id made the returns' sharedStrings.xml
 * not well-formed (Excel refuses the workbook) and the SVG/PNG chart exports fail. Lone
 * surrogates cannot occur: DuckDB accepts only valid UTF-8 (a CSV holding one is read as
 * Windows-1252), and Node writes U+FFFD for one in JSON or XLSX text.
 * Bidirectional format characters (U+202E RIGHT-TO-LEFT OVERRIDE and kin) are legal XML but
 * reorder how the rest of the id is shown: `M-1‮2-0` reads as another measure in a table
 * (the "Trojan Source" trick). No id needs one, so they are refused with the same reason.
 */
const XML_ILLEGAL = '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x{FFFE}\\x{FFFF}\\x{061C}\\x{200E}\\x{200F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]';

/** SQL: `x` holds a character XML does not allow. */
export function holdsXmlIllegalSql(x: string): string {
  return `regexp_matches(${x}, '${XML_ILLEGAL}')`;
}

/** What a shown value never holds as it is: what XML forbids and what no id may hold (C1 controls such as U+009B, a terminal's ESC [, zero-width and no-break spaces: id-characters.ts). */
const ESCAPED_WHEN_SHOWN = `${XML_ILLEGAL.slice(0, -1)}${INVISIBLE_SQL_CLASS.slice(1)}`;

/**
 * SQL: `x` with each character XML does not allow, or no id may hold, written as \xNN
 * (\uNNNN above U+00FF), so a reject can say what it found without holding it (bad rows
 * only: it splits the text).
 */
export function xmlSafeSql(x: string): string {
  const escaped = `CASE WHEN unicode(ch) < 256 THEN printf('\\x%02x', unicode(ch)) ELSE printf('\\u%04x', unicode(ch)) END`;
  return `CASE WHEN ${holdsEscapedWhenShownSql(x)}
    THEN array_to_string(list_transform(string_split(${x}, ''), ch -> CASE WHEN ${holdsEscapedWhenShownSql('ch')} THEN ${escaped} ELSE ch END), '')
    ELSE ${x} END`;
}

/** SQL: `x` holds a character XML does not allow or no id may hold (one test for an id's two checks on every row). */
export function holdsEscapedWhenShownSql(x: string): string {
  return `regexp_matches(${x}, '${ESCAPED_WHEN_SHOWN}')`;
}

/**
 * SQL: `x` holds a Kundennummer when full-width letters and digits are read as theirs and
 * invisible characters left out ('813N\u200b237997' in a measure_id): such a reject value
 * is not kept either (bad rows only).
 */
export function holdsHiddenKundennummerSql(x: string): string {
  const fullWidth = `translate(${x}, '${FULL_WIDTH_ALNUM}', '${ASCII_ALNUM}')`;
  return holdsKundennummerSql(`regexp_replace(${fullWidth}, '${INVISIBLE_SQL_CLASS}', '', 'g')`);
}

const ASCII_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const FULL_WIDTH_ALNUM = [...ASCII_ALNUM].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');

/** A text with everything shaped like a Kundennummer replaced by '…' (a file name on a return's cover). */
export function maskParticipantIds(text: string): string {
  const anywhere = new RegExp(KUNDENNUMMER_ANYWHERE, 'g');
  const masked = text.replace(anywhere, '…');
  // read as it looks, as holdsHiddenKundennummerSql does: 'teilnehmer_813N\u200b237997.csv'
  // showed the Kundennummer with one escaped character inside it
  const plain = masked
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(INVISIBLE_JS_ALL, '');
  return new RegExp(KUNDENNUMMER_ANYWHERE).test(plain) ? plain.replace(anywhere, '…') : masked;
}

/**
 * An amount as portals and spreadsheets write it besides '1.234,50 €': the euro sign (or EUR)
 * before it ('€ 1.234,50', a French or Swiss layout), and thousands grouped by a space, a
 * no-break space (U+00A0) or a narrow no-break space (U+202F, what Intl.NumberFormat('fr-FR')
 * writes): '1 234,50'. Spaces are read as thousands marks only between groups of exactly
 * three digits ('1 23,5' could be 123,5 or 1 and 23,5: still rejected). Both the CSV's SQL
 * (bareAmountSql) and the German text of XLSX/JSON cells (bareAmount) read them so.
 */
const SPACES = '[ \u00a0\u202f]';
const CURRENCY_AFTER = '[\\s\u00a0\u202f]*(€|EUR)$';
const CURRENCY_BEFORE = '^(€|EUR)[\\s\u00a0\u202f]*';
const SPACE_GROUPED = `[+-]?[0-9]{1,3}(${SPACES}[0-9]{3})+([.,][0-9]+)?`;

/** SQL: an amount's text without a euro sign before or after it and without spaces between thousands groups. */
export function bareAmountSql(x: string): string {
  const unsigned = `regexp_replace(regexp_replace(${x}, '${CURRENCY_AFTER}', '', 'i'), '${CURRENCY_BEFORE}', '', 'i')`;
  return `CASE WHEN regexp_full_match(${unsigned}, '${SPACE_GROUPED}') THEN regexp_replace(${unsigned}, '${SPACES}', '', 'g') ELSE ${unsigned} END`;
}

/** The same in Node (a text cell, before its German decimal comma is read: node-records.ts; the CSV's decimal-mark sniffing). */
export function bareAmount(text: string): string {
  const unsigned = text.trim().replace(new RegExp(CURRENCY_AFTER, 'i'), '').replace(new RegExp(CURRENCY_BEFORE, 'i'), '');
  return new RegExp(`^${SPACE_GROUPED}$`).test(unsigned) ? unsigned.replace(new RegExp(SPACES, 'g'), '') : unsigned;
}

/**
 * Characters a file name may hold (any but '/' and NUL) that must not reach an output as
 * they are: controls (a line break wrote a line of its own on the terminal and in the log),
 * U+FFFE/U+FFFF (one made every return's sharedStrings.xml not well-formed: the cover lists
 * the loaded files) and bidirectional controls. Shown as \xNN and \uNNNN, as in rejects.
 */
const NAME_UNSAFE = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file name as the ledger, the returns, the log and the terminal show it: Kundennummer masked, unsafe characters escaped. */
export function shownFileName(name: string): string {
  return maskParticipantIds(name).replace(NAME_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 256 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
