/**
 * Characters no id has, which still make another id: a zero-width space, joiner or BOM
 * inside a Kundennummer, a soft hyphen, a no-break space, full-width digits. Pasted from a
 * web form, an e-mail or a word processor they are invisible or look like what they stand
 * beside, and the pseudonym (HMAC over the trimmed, upper-cased id: contracts.md) of
 * '813N\u200b237997' is not that of '813N237997': the same person counted twice, and
 * `almp forget` with the Kundennummer missed the record. Ingest rejects them, naming the
 * character and where it stands, rather than dropping or mapping them: contracts.md fixes
 * the pseudonym's input, every instance of a federation must compute the same one, and the
 * Jobcenter's system holds the id without them (its export or the provider's copy is wrong).
 * A space of any kind at either end of a participant id is trimmed, as the pseudonym always did.
 *
 * One list of code point ranges gives the SQL (CSV, in DuckDB) and the Node test (XLSX and
 * JSON, whose participant ids are hashed before DuckDB sees them), so both paths refuse the
 * same ids and keep the same: the pseudonyms of those paths differed only for ids holding such
 * characters (Node's trim() drops a tab at either end, DuckDB's does not) or ß.
 */
import { lit } from './sql-literal.ts';

type Range = readonly [number, number];

/** Controls (C0 — those XML forbids get that reason first —, DEL, C1), spaces but ' ', format characters, fillers, variation selectors, half- and full-width forms, specials, tags. */
const INVISIBLE: readonly Range[] = [
  [0x00, 0x1f], [0x7f, 0x9f], [0xa0, 0xa0], [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160],
  [0x1680, 0x1680], [0x17b4, 0x17b5], [0x180b, 0x180f], [0x2000, 0x200f], [0x2028, 0x202f], [0x205f, 0x206f],
  [0x3000, 0x3000], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xff00, 0xffef], [0xfff0, 0xffff],
  [0xe0000, 0xe0fff],
];

/**
 * Letters whose upper case is two or more letters (ß → SS, ﬁ → FI): Node upper-cases ß to
 * 'SS', DuckDB to 'ẞ', so a participant id holding one had one pseudonym from a CSV and
 * another from a spreadsheet or from `almp forget`. Only participant ids are upper-cased.
 */
const UPPER_CASE_SPLITS: readonly Range[] = [
  [0xdf, 0xdf], [0x149, 0x149], [0x1f0, 0x1f0], [0x390, 0x390], [0x3b0, 0x3b0], [0x587, 0x587], [0x1e96, 0x1e9a],
  [0x1f50, 0x1f50], [0x1f52, 0x1f52], [0x1f54, 0x1f54], [0x1f56, 0x1f56], [0x1f80, 0x1faf], [0x1fb2, 0x1fb4],
  [0x1fb6, 0x1fb7], [0x1fbc, 0x1fbc], [0x1fc2, 0x1fc4], [0x1fc6, 0x1fc7], [0x1fcc, 0x1fcc], [0x1fd2, 0x1fd3],
  [0x1fd6, 0x1fd7], [0x1fe2, 0x1fe4], [0x1fe6, 0x1fe7], [0x1ff2, 0x1ff4], [0x1ff6, 0x1ff7], [0x1ffc, 0x1ffc],
  [0xfb00, 0xfb06], [0xfb13, 0xfb17],
];

const NAMES: Readonly<Record<number, string>> = {
  0x09: 'tab', 0x0a: 'line break', 0x0d: 'carriage return', 0xa0: 'no-break space', 0xad: 'soft hyphen',
  0x200b: 'zero-width space', 0x200c: 'zero-width non-joiner', 0x200d: 'zero-width joiner', 0x2060: 'word joiner',
  0x202f: 'narrow no-break space', 0x3000: 'ideographic space', 0xfeff: 'byte order mark', 0xdf: 'ß',
};

const hex = (n: number) => n.toString(16).padStart(4, '0');
const sqlClass = (ranges: readonly Range[]) => `[${ranges.map(([a, b]) => (a === b ? `\\x{${hex(a)}}` : `\\x{${hex(a)}}-\\x{${hex(b)}}`)).join('')}]`;
const jsClass = (ranges: readonly Range[]) => new RegExp(`[${ranges.map(([a, b]) => (a === b ? `\\u{${hex(a)}}` : `\\u{${hex(a)}}-\\u{${hex(b)}}`)).join('')}]`, 'u');

const INVISIBLE_SQL = sqlClass(INVISIBLE);
const INVISIBLE_JS = jsClass(INVISIBLE);
const PID_UNSAFE_SQL = sqlClass([...INVISIBLE, ...UPPER_CASE_SPLITS]);
const PID_UNSAFE_JS = jsClass([...INVISIBLE, ...UPPER_CASE_SPLITS]);

/** The characters no id may hold as an RE2 class: escaped where a value is shown (value-shapes.ts). */
export const INVISIBLE_SQL_CLASS = INVISIBLE_SQL;
/** The same characters for Node, every occurrence (a file name read as it looks). */
export const INVISIBLE_JS_ALL = new RegExp(INVISIBLE_JS.source, 'gu');

const UPPER_CASE_KIND = 'upper-cased it becomes two letters or another one, depending on how the file is read';
const FULL_WIDTH_KIND = 'a full-width form, which looks like an ordinary character';
const CONTROL_KIND = 'a control character';
const SPACE_KIND = 'invisible or looking like a space';

function kindOf(code: number): string {
  if (UPPER_CASE_SPLITS.some(([a, b]) => code >= a && code <= b)) return UPPER_CASE_KIND;
  if (code >= 0xff00 && code <= 0xffef) return FULL_WIDTH_KIND;
  return code <= 0x9f ? CONTROL_KIND : SPACE_KIND;
}

const label = (code: number) => (NAMES[code] ? `${NAMES[code]}, ${kindOf(code)}` : kindOf(code));

function reasonEnd(column: string): string {
  const counts = column === 'participant_id' ? 'the same Kundennummer counts as another person' : `the same ${column} counts as another one`;
  return `: no id holds one, and with it ${counts}; correct it in the source and send the file again`;
}

/**
 * The reason for an id holding such a character (the first), else undefined: the Node side
 * of idCharacterWhen. A participant id is hashed trimmed of spaces (Node's trim() and
 * DuckDB's both drop a no-break space or a BOM at either end, so one there is no problem); other ids
 * are stored as given, trimmed of ' ' only: '06411-0001' and a no-break space was another measure.
 */
export function idCharacterProblem(column: string, value: string): string | undefined {
  const text = value.replace(column === 'participant_id' ? /^[\p{Zs}\ufeff]+|[\p{Zs}\ufeff]+$/gu : /^ +| +$/g, '');
  const match = (column === 'participant_id' ? PID_UNSAFE_JS : INVISIBLE_JS).exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const position = [...text.slice(0, match.index)].length + 1;
  return `holds \\u${hex(code)} (${label(code)}) at character ${position}${reasonEnd(column)}`;
}

/**
 * SQL: a WHEN branch of a reject reason for the id text `x` of `column` holding such a
 * character: the first one, escaped, and where it stands (built on bad rows only).
 */
export function idCharacterWhen(column: string, x: string): string {
  const pid = column === 'participant_id';
  const cls = lit(pid ? PID_UNSAFE_SQL : INVISIBLE_SQL);
  // trimmed only where the untrimmed id holds such a character: a trim() on every row costs
  const t = pid ? `trim(${x})` : x;
  // The character is bound once, as a lambda's parameter: written out, each of the ~45
  // places naming its code point repeated the regular expression, which DuckDB compiled
  // anew each time while planning every file (half of a small file's ingest).
  const code = 'unicode(ch)';
  const named = Object.keys(NAMES).map((c) => `WHEN ${c} THEN ${lit(label(Number(c)))}`).join(' ');
  const kinds = `CASE WHEN ${sqlRangeTest(code, UPPER_CASE_SPLITS)} THEN ${lit(UPPER_CASE_KIND)} WHEN ${code} BETWEEN ${0xff00} AND ${0xffef} THEN ${lit(FULL_WIDTH_KIND)} WHEN ${code} <= ${0x9f} THEN ${lit(CONTROL_KIND)} ELSE ${lit(SPACE_KIND)} END`;
  const escaped = `'\\u' || lpad(lower(hex(${code})), 4, '0')`;
  const described = `CASE ${code} ${named} ELSE ${kinds} END`;
  const reason = `'holds ' || ${escaped} || ' (' || ${described} || ') at character ' || strpos(${t}, ch) || ${lit(reasonEnd(column))}`;
  const holds = pid ? `regexp_matches(${x}, ${cls}) AND regexp_matches(${t}, ${cls})` : `regexp_matches(${x}, ${cls})`;
  return `WHEN ${holds} THEN list_transform([regexp_extract(${t}, ${cls})], ch -> ${reason})[1]`;
}

function sqlRangeTest(code: string, ranges: readonly Range[]): string {
  return `(${ranges.map(([a, b]) => `${code} BETWEEN ${a} AND ${b}`).join(' OR ')})`;
}
