/**
 * Generates the one SELECT that turns a file's text columns into typed, validated,
 * pseudonymised rows, derived from kinds.ts: per column a conversion expression and an
 * error expression. Good rows have `_errs` NULL; a bad row carries the list of its bad
 * values {column, value, reason}. Raw participant ids are hashed in this same SELECT, so
 * they never reach a table (the `value` of a rejected participant id is never kept).
 *
 * Only constants of the schema (column names, enum values) are written into the SQL text;
 * file paths and keys are bound parameters, reference codes come from the ref.* tables.
 */
import { GOAL_STATUSES, KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';
import { ident } from '../db/database.ts';
import { sqlType } from '../db/raw-ddl.ts';
import { pseudonymDigestSql } from './pseudonym.ts';
import { listPattern, refCodes, refCodesLower } from './reference-params.ts';
import type { DecimalMark } from './dialect.ts';
import { LIMITS } from './limits.ts';
import { holdsHiddenKundennummerSql, holdsKundennummerSql, maskKundennummernSql, xmlSafeSql } from './value-shapes.ts';
import { lit } from './sql-literal.ts';
import { idChecks, totalsRowWhen, TOTALS_REASON } from './id-checks.ts';
import { idCharacterWhen } from './id-characters.ts';

export interface SqlSource {
  /** FROM clause yielding the raw text columns. */
  readonly from: string;
  /** SQL of the spreadsheet-style row number of a record, or NULL when `rowOffset` is used. */
  readonly rowExpr: string;
  /**
   * Row number = position of the record in the parsed table (its rowid, which follows the
   * file because DuckDB preserves insertion order) + this offset. Used for CSV: a
   * row_number() window would force the whole parse onto one thread.
   */
  readonly rowOffset?: number;
  /**
   * Blank lines between records (CSV): for each, the position of the first record after
   * it. Every record at or after such a position sits one spreadsheet row lower.
   */
  readonly blankLinesBefore?: readonly number[];
  /** Canonical column name → SQL of its raw text (columns absent from the file are left out). */
  readonly columns: ReadonlyMap<string, string>;
  /** True when participant ids were already pseudonymised in Node (XLSX/JSON). */
  readonly pidHashed: boolean;
  /**
   * Participant ids arrive as pseudonyms made elsewhere (a federation export): each must be
   * one, 64 lowercase hex characters, or a raw id would be stored as it is.
   */
  readonly pidPseudonyms?: boolean;
  readonly decimalMark: DecimalMark;
  /** SQL of a reason that rejects the whole record (cut-off line, not an object), else NULL. */
  readonly recordErrorExpr?: string;
  /** SQL of a JSON list of {column, reason} for cells with nothing to read (XLSX), else NULL. */
  readonly cellErrorsExpr?: string;
  /** A spreadsheet: an empty required cell may be part of a merged range (said in the reason). */
  readonly spreadsheet?: boolean;
  /**
   * `from` is read by one thread (a CSV with line breaks in quoted fields): the rows are
   * copied as they are into a TEMP table first, so that the checks run on every core.
   */
  readonly readSerially?: boolean;
}

export { lit } from './sql-literal.ts';

const TRUE_WORDS = ['1', 'true', 'ja', 'j', 'yes', 'y', 'wahr', 'x'];
const FALSE_WORDS = ['0', 'false', 'nein', 'n', 'no', 'falsch'];
const GOAL_STATUS_WORDS: Readonly<Record<string, string>> = {
  erreicht: 'achieved',
  teilweise: 'partial',
  'teilweise erreicht': 'partial',
  'nicht erreicht': 'not_achieved',
  offen: 'open',
};
/** The canonical goal statuses as a SQL list (schema constants). */
const GOAL_STATUS_LIST = `[${GOAL_STATUSES.map(lit).join(', ')}]`;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const v = (c: ColumnSpec) => ident(`v_${c.name}`);
const e = (c: ColumnSpec) => ident(`e_${c.name}`);
const n = (c: ColumnSpec) => ident(c.name);

function numberPattern(mark: DecimalMark, fraction: boolean): { pattern: string; thousands: string } {
  const thousands = mark === ',' ? '.' : ',';
  const t = thousands === '.' ? '\\.' : ',';
  const d = mark === '.' ? '\\.' : ',';
  return { pattern: `[+-]?([0-9]+|[0-9]{1,3}(${t}[0-9]{3})+)${fraction ? `(${d}[0-9]+)?` : ''}`, thousands };
}

/**
 * Date from DD.MM.YYYY or YYYY-MM-DD. One format per value, chosen by where the first dot
 * is: try_strptime with a list of formats costs five times as much on 10^6 rows.
 * A database, SAP or Access export writes a date column with the time 00:00 ('01.02.2024
 * 00:00:00'), a web export midnight UTC ('2024-02-01T00:00:00.000Z', 1 February in Berlin
 * too): that is the date. Any other time of day is not read ('2024-01-31T23:00:00.000Z' is
 * 1 February in Berlin; unreadable() says why).
 */
function dateFromText(x: string): string {
  const day = (y: string) => `CASE WHEN ${y}[3] = '.' OR ${y}[2] = '.' THEN try_strptime(${y}, '%d.%m.%Y') ELSE try_strptime(${y}, '%Y-%m-%d') END`;
  return `CASE WHEN length(${x}) > 10 THEN ${day(`regexp_replace(${x}, '[ T]00:00(:00(\\.0+)?)?Z?$', '')`)} ELSE ${day(x)} END::DATE`;
}

/**
 * Typed value of column `c` from its trimmed text: NULL when empty or unreadable. Range
 * and plausibility checks live in the error expression only (a rejected row's typed
 * values are never stored), so no conversion is computed twice.
 */
function conversion(c: ColumnSpec, source: SqlSource): string {
  const x = v(c);
  switch (c.type) {
    case 'pid':
      // CSV: the digest bytes, turned into hex text when the rows are written (load-file.ts).
      return source.pidHashed ? x : pseudonymDigestSql(x);
    case 'id':
      return x;
    case 'text':
      return c.freeText ? maskKundennummernSql(x) : x;
    case 'date':
      return dateFromText(x);
    case 'month':
      // Fast path for the usual YYYY-MM: a cast instead of two regular expressions (half the
      // cost on 5.5M attendance rows). A cast accepting something the slow path would not
      // ('-026-06') yields a year outside 1900-2100, which is rejected with the same reason.
      return `coalesce(CASE WHEN length(${x}) = 7 AND ${x}[5] = '-' THEN TRY_CAST(${x} || '-01' AS DATE) END,
        CASE WHEN regexp_full_match(${x}, '[0-9]{4}-[0-9]{1,2}') THEN try_strptime(${x} || '-01', '%Y-%m-%d')
        WHEN regexp_full_match(${x}, '[0-9]{1,2}[./][0-9]{4}') THEN try_strptime('01.' || replace(${x}, '/', '.'), '%d.%m.%Y')
        ELSE date_trunc('month', ${dateFromText(x)}) END::DATE)`;
    case 'int': {
      // A number already in canonical form (it survives the round trip through INTEGER) needs
      // no regular expression: a third of the cost. TRY_CAST alone is too liberal ('1e2',
      // '12.5', '0x10'), so everything else takes the checked path. A whole number with a
      // zero fraction ('69,0') is what Excel saves from a column formatted 'Zahl' with
      // decimals: it is that number (a real fraction, '1,5', is still not a count of days).
      const { pattern, thousands } = numberPattern(source.decimalMark, false);
      const zeroFraction = `(${source.decimalMark === '.' ? '\\.' : ','}0+)?`;
      return `CASE WHEN TRY_CAST(${x} AS INTEGER)::VARCHAR = ${x} THEN TRY_CAST(${x} AS INTEGER)
        WHEN ${source.decimalMark === '.' ? `regexp_full_match(${x}, ${lit(AMBIGUOUS_POINT)})` : 'false'} THEN NULL
        WHEN regexp_full_match(${x}, ${lit(pattern + zeroFraction)})
          THEN TRY_CAST(regexp_replace(replace(${x}, ${lit(thousands)}, ''), '[.,]0+$', '') AS INTEGER) END`;
    }
    case 'decimal': {
      const { pattern, thousands } = numberPattern(source.decimalMark, true);
      // a no-break space before the sign is what Intl.NumberFormat('de-DE') writes (web portals)
      const bare = withoutCurrency(x);
      // '1.234' read with a decimal point is 1.23 € once stored in cents — or 1234 € with a
      // German thousands dot: neither reading is taken (as for whole numbers)
      const ambiguous = source.decimalMark === '.' ? `WHEN regexp_full_match(${bare}, ${lit(AMBIGUOUS_POINT_DECIMAL)}) THEN NULL` : '';
      // a third decimal is not read either: the cast to cents rounded '12,345' to 12.35
      return `CASE ${ambiguous} WHEN regexp_full_match(${bare}, ${lit(pattern)}) AND NOT regexp_full_match(${bare}, ${lit(subCent(source.decimalMark))})
        THEN TRY_CAST(replace(replace(${bare}, ${lit(thousands)}, ''), ',', '.') AS DECIMAL(18,2)) END`;
    }
    case 'bool':
      // A simple CASE, not `lower(x) IN (...)`: DuckDB turns longer IN lists into a join,
      // which loses the file order the row numbers depend on (see reference-params.ts).
      return `CASE ${x} WHEN '1' THEN true WHEN '0' THEN false ELSE CASE lower(${x}) ${[
        ...TRUE_WORDS.map((w) => `WHEN ${lit(w)} THEN true`),
        ...FALSE_WORDS.map((w) => `WHEN ${lit(w)} THEN false`),
      ].join(' ')} END END`;
    case 'exit_code': {
      const padded = `CASE WHEN regexp_full_match(${x}, '[0-9]') THEN '0' || ${x} ELSE ${x} END`;
      return `CASE WHEN list_contains(${refCodes()}, ${padded}) THEN ${padded} END`;
    }
    case 'enum':
      if (c.refTable) return `(${refCodes(c.refTable)})[list_position(${refCodesLower(c.refTable)}, lower(${x}))]`;
      return `CASE lower(${x}) ${enumWords(c)
        .map(([word, value]) => `WHEN ${lit(word)} THEN ${lit(value)}`)
        .join(' ')} END`;
    case 'reason_list': {
      const items = `list_filter(list_transform(string_split(${x}, '|'), r -> lower(trim(r))), r -> r <> '')`;
      return `CASE WHEN regexp_full_match(${x}, ${listPattern(c)}) THEN string_split(${x}, '|')
        WHEN list_has_all(${refList(c)}, ${items}) THEN ${items} END`;
    }
    case 'goal_list':
      return `CASE WHEN regexp_full_match(${x}, ${listPattern(c)})
          THEN list_transform(string_split(${x}, '|'), g -> {'code': split_part(g, ':', 1), 'status': split_part(g, ':', 2)})
        WHEN list_bool_and(list_transform(${goalItems(x)}, g -> list_contains(${refList(c)}, g.code) AND list_contains(${GOAL_STATUS_LIST}, g.status))) THEN ${goalItems(x)} END`;
  }
}

function goalItems(x: string): string {
  const status = `lower(trim(split_part(g, ':', 2)))`;
  const statusWords = Object.entries(GOAL_STATUS_WORDS)
    .map(([word, value]) => `WHEN ${lit(word)} THEN ${lit(value)}`)
    .join(' ');
  const parts = `list_filter(list_transform(string_split(${x}, '|'), g -> trim(g)), g -> g <> '')`;
  return `list_transform(${parts}, g -> {'code': lower(trim(split_part(g, ':', 1))), 'status': CASE ${status} ${statusWords} ELSE ${status} END})`;
}

function enumWords(c: ColumnSpec): [string, string][] {
  const words = new Map<string, string>();
  for (const value of c.values ?? []) words.set(value.toLowerCase(), value);
  for (const [word, value] of Object.entries(c.normalise ?? {})) words.set(word.toLowerCase(), value);
  return [...words];
}

/** Why a non-empty value of `c` is bad, given its typed value; NULL when fine. */
function errorExpr(c: ColumnSpec, source: SqlSource): string {
  const x = v(c);
  const typed = n(c);
  // Excel keeps a merged range's value in its first cell; the rows below read empty
  const merged = source.spreadsheet ? ' (a merged cell? Excel keeps its value in the first row only: unmerge and fill every row)' : '';
  const missing = c.notNull ? `WHEN ${x} IS NULL THEN ${lit(`${c.type === 'pid' ? 'participant id is empty' : 'required value is empty'}${merged}`)}` : '';
  const plausible =
    c.type === 'date' || c.type === 'month' ? `WHEN year(${typed}) NOT BETWEEN ${MIN_YEAR} AND ${MAX_YEAR} THEN ${unreadable(c, source)}` : rangeCheck(c, typed);
  // strlen is the stored byte length (no scan): the limit costs nothing on ordinary rows
  const tooLong = `WHEN strlen(${x}) > ${Number(LIMITS.maxCellBytes)} THEN ${lit(
    `value longer than the limit of ${Math.round(LIMITS.maxCellBytes / 1024)} KB per cell (raise ALMP_MAX_CELL_KB if it is genuine)`,
  )}`;
  // A NUL in a CSV's first 64 KB refuses the file as binary (dialect.ts); further down, or
  // in JSON, it was stored in the value. Other types do not read it (ids: idChecks).
  const nul = c.type === 'text' ? `WHEN contains(${x}, chr(0)) THEN 'holds a NUL byte (\\x00), which no text has: the file is damaged in this row (export it again)'` : '';
  const pseudonym = c.type === 'pid' && source.pidPseudonyms ? `WHEN NOT regexp_full_match(${x}, '[0-9a-f]{64}') THEN 'not a pseudonym (64 lowercase hex characters): a raw participant id?'` : '';
  // XLSX/JSON: participant ids are hashed in Node, which checks them there (stage-records.ts)
  const pidCharacters = c.type === 'pid' && !source.pidHashed ? `${idCharacterWhen(c.name, x)} ${totalsRowWhen(c.name, x)}` : '';
  return `CASE ${missing} ${tooLong} ${nul} WHEN ${x} IS NOT NULL AND ${typed} IS NULL THEN ${unreadable(c, source)} ${plausible} ${pseudonym} ${pidCharacters} ${c.type === 'id' ? idChecks(c, x) : ''} END`;
}

function rangeCheck(c: ColumnSpec, typed: string): string {
  if (c.min === undefined && c.max === undefined) return '';
  const lo = c.min ?? Number.MIN_SAFE_INTEGER;
  const hi = c.max ?? Number.MAX_SAFE_INTEGER;
  const span = c.max === undefined ? `at least ${lo}` : c.min === undefined ? `at most ${hi}` : `between ${lo} and ${hi}`;
  return `WHEN ${typed} NOT BETWEEN ${lo} AND ${hi} THEN ${lit(`out of range: must be ${span}`)}`;
}

/** The reason for an unreadable value; names the offending code for lists. */
function unreadable(c: ColumnSpec, source: SqlSource): string {
  switch (c.type) {
    case 'date': {
      const reason = `not a date (DD.MM.YYYY or YYYY-MM-DD, years ${MIN_YEAR}-${MAX_YEAR})`;
      // Excel's serial number of a date in a cell formatted as a number: days since
      // 1899-12-30 (https://learn.microsoft.com/en-us/office/troubleshoot/excel/1900-and-1904-date-system);
      // 5 digits are the years 1927-2173
      const serial = `strftime(DATE '1899-12-30' + TRY_CAST(${v(c)} AS INTEGER), '%d.%m.%Y')`;
      // a date with a time of day other than midnight ('2024-02-01 08:30', '2024-01-31T23:00:00.000Z'):
      // a database or web export; the day is not cut off here, a UTC time may be the day before
      const withTime = `regexp_full_match(${v(c)}, '[0-9]{1,4}[-.][0-9]{1,2}[-.][0-9]{1,4}[ T][0-9]{1,2}:[0-9]{2}.*')`;
      // month/day/year, as an English-language Excel or a US web form writes it; the date
      // meant is named only where the middle part cannot be a month (7/31/2023). A first part
      // over 12 is a day: day/month/year with slashes (21/10/2024, a British or French export).
      const slashed = `regexp_full_match(${v(c)}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}')`;
      const usDate = `CASE WHEN TRY_CAST(split_part(${v(c)}, '/', 2) AS INTEGER) > 12 THEN ' (' || strftime(try_strptime(${v(c)}, '%m/%d/%Y'), '%d.%m.%Y') || '?)' ELSE '' END`;
      return `CASE WHEN regexp_full_match(${v(c)}, '[1-9][0-9]{4}') THEN ${lit(`${reason}: Excel’s number for `)} || ${serial} || ${lit('? format the column as a date (TT.MM.JJJJ) and save again')}
        WHEN ${withTime} THEN ${lit(`${reason}: it has a time of day other than 00:00; export the date alone`)}
        WHEN ${slashed} AND TRY_CAST(split_part(${v(c)}, '/', 1) AS INTEGER) > 12 THEN ${lit(`${reason}: day/month/year with slashes, as a British or French Excel writes it`)} || coalesce(' (' || strftime(try_strptime(${v(c)}, '%d/%m/%Y'), '%d.%m.%Y') || '?)', '') || ${lit('; write it with dots (TT.MM.JJJJ) and save again')}
        WHEN ${slashed} THEN ${lit(`${reason}: month/day/year, as an English-language Excel writes it`)} || coalesce(${usDate}, '') || ${lit('; write the day first (TT.MM.JJJJ) and save again')}
        ELSE ${lit(reason)} END`;
    }
    case 'month':
      return lit(`not a month (YYYY-MM or MM.YYYY, years ${MIN_YEAR}-${MAX_YEAR})`);
    case 'int':
      return source.decimalMark === '.'
        ? `CASE WHEN regexp_full_match(${v(c)}, ${lit(AMBIGUOUS_POINT)}) THEN ${lit('not a whole number: with a decimal point ')} || ${v(c)} || ${lit(' is ')} || split_part(${v(c)}, '.', 1) || ${lit(', with a German thousands dot ')} || replace(${v(c)}, '.', '') || ${lit('; write the number without the dot')} ELSE 'not a whole number' END`
        : lit('not a whole number');
    case 'decimal': {
      const bare = withoutCurrency(v(c));
      const ambiguous =
        source.decimalMark === '.'
          ? `WHEN regexp_full_match(${bare}, ${lit(AMBIGUOUS_POINT_DECIMAL)}) THEN ${lit('ambiguous: with a decimal point ')} || ${bare} || ${lit(' has three decimals (a sum in euros has two), with a German thousands dot it is ')} || replace(${bare}, '.', '') || ${lit('; write it without the dot, or with two decimals (1234.00)')}`
          : '';
      // trailing zeros are not the fault (and a spreadsheet number's text has one: numberText)
      const subCentReason = `${lit('more than 2 decimal places for an amount in euros: ')} || regexp_replace(${bare}, '0+$', '') || ${lit(' — check whether a thousands separator was meant')}`;
      return `CASE ${ambiguous} WHEN regexp_full_match(${bare}, ${lit(subCent(source.decimalMark))}) THEN ${subCentReason} ELSE ${lit(numberFormatReason(source))} END`;
    }
    case 'bool':
      return lit('not a yes/no value (1/0, ja/nein, j/n, true/false, yes/no)');
    case 'exit_code':
      return lit('unknown exit reason code (01-12)');
    case 'enum':
      return c.refTable
        ? lit(`unknown ${c.name} code (see ${c.refTable})`)
        : lit(`unknown value; allowed: ${allowedValues(c)}`);
    case 'reason_list': {
      const items = `list_filter(list_transform(string_split(${v(c)}, '|'), r -> lower(trim(r))), r -> r <> '')`;
      return `'unknown dropout reason code ' || ${quotedCode(`list_filter(${items}, r -> NOT list_contains(${refList(c)}, r))[1]`)}`;
    }
    case 'goal_list': {
      const bad = `list_filter(${goalItems(v(c))}, g -> NOT (list_contains(${refList(c)}, g.code) AND list_contains(${GOAL_STATUS_LIST}, g.status)))[1]`;
      return `'unknown goal code or status ' || ${quotedCode(`${bad}.code || ':' || ${bad}.status`)} || ' (statuses: ${GOAL_STATUSES.join(', ')})'`;
    }
    default:
      return lit('unreadable value');
  }
}

/**
 * An amount with a digit other than 0 after the cents ('12,345', '0.125', in the file's
 * decimal mark: a thousands group is not decimals). Amounts are stored in cents
 * (DECIMAL(18,2)); rounding such a value would change it without a word.
 */
function subCent(mark: DecimalMark): string {
  return mark === '.' ? '[+-]?[0-9,]*\\.[0-9]{2}0*[1-9][0-9]*' : '[+-]?[0-9.]*,[0-9]{2}0*[1-9][0-9]*';
}

/** SQL: an amount's text without a trailing euro sign (a no-break space before it is what Intl.NumberFormat('de-DE') writes: web portals). */
function withoutCurrency(x: string): string {
  return `regexp_replace(${x}, '[\\s\\x{00A0}\\x{202F}]*(€|EUR)$', '', 'i')`;
}

/**
 * A CSV is read in the one number format sniffed from it (dialect.ts), which the reason
 * names; other sources (rowOffset unset) take a point, and German text too (node-records.ts).
 */
function numberFormatReason(source: SqlSource): string {
  if (source.rowOffset === undefined) return 'not a number (write 1234.50 or 1.234,50)';
  return source.decimalMark === ','
    ? 'not a number in this file’s format: decimal comma, thousands dots (1.234,50)'
    : 'not a number in this file’s format: decimal point, thousands commas (1,234.50)';
}

/**
 * An unknown code as a reason names it: quoted, with characters XML does not allow as \xNN,
 * and not at all when it looks like a Kundennummer (the reason is kept and shown like the value).
 */
function quotedCode(code: string): string {
  return `CASE WHEN ${holdsKundennummerSql(code)} THEN 'that looks like a Kundennummer (not shown)' ELSE '''' || ${xmlSafeSql(code)} || '''' END`;
}

/** SQL of the code list a column's values must come from (a bound parameter). */
function refList(c: ColumnSpec): string {
  return refCodes(c.refTable);
}

/**
 * Reject value, before it is shown: the whole text of a bad value, never a raw participant
 * id and never provider free text (it may hold names, contact data or health details, and
 * meta.rejects, the terminal and the archive's reasons file would keep it). It lives only
 * inside the statement: `shownValue` turns it into what is kept.
 */
function rejectValue(c: ColumnSpec): string {
  return c.type === 'pid' || c.freeText ? 'NULL::VARCHAR' : v(c);
}

/**
 * What a reject keeps of its value `x`: the first line, cut to 100 characters, with
 * characters XML does not allow written as \xNN (rejects are read in spreadsheets too); nothing
 * when the value holds a Kundennummer (in a date column it is shown no more than in
 * participant_id). Written once over the error list, not once per column: per column it
 * was a third of the SQL and of the time to plan it, which every file pays, however small
 * (on the 15 sample files 1.7 s of 6.7 s). Computed for rejected rows only.
 */
function shownValue(x: string): string {
  return `CASE WHEN NOT ${holdsHiddenKundennummerSql(x)} THEN ${xmlSafeSql(`left(split_part(${x}, chr(10), 1), 100)`)} END`;
}

/**
 * The SELECT yielding `_row`, the typed columns (absent ones NULL), `_key_hash` (64-bit hash
 * of the record key, for finding repeated keys cheaply), `_blank` (every field empty:
 * ignored, not rejected) and `_errs`.
 */
export function parseSql(kind: Kind, source: SqlSource): string {
  const all = KIND_SPECS[kind].columns;
  const present = all.filter((c) => source.columns.has(c.name));
  // Trimming only values that start or end with a space: a plain trim() on every field
  // costs as much as the rest of the conversions together on 10^6 rows.
  const trim = (raw: string) => `nullif(CASE WHEN ${raw} LIKE ' %' OR ${raw} LIKE '% ' THEN trim(${raw}) ELSE ${raw} END, '')`;
  // Each field's text as the source writes it (a CSV field undoes Excel's ="..." there) is
  // named once in its own layer: written into the trim it stood there five times, and DuckDB
  // planned every copy for every file (a third of a small file's ingest).
  const r = (c: ColumnSpec) => ident(`r_${c.name}`);
  const raws = present.map((c) => `${source.columns.get(c.name)!} AS ${r(c)}`);
  const texts = present.map((c) => `${trim(r(c))} AS ${v(c)}`);
  const typed = all.map((c) => (source.columns.has(c.name) ? `${conversion(c, source)} AS ${n(c)}` : `NULL::${sqlType(c.type)} AS ${n(c)}`));
  const errors = present.map((c) => `${errorExpr(c, source)} AS ${e(c)}`);
  const anyError = present.length ? present.map((c) => `${e(c)} IS NOT NULL`).join(' OR ') : 'false';
  const errorList = `list_filter([${present
    .map((c) => `{'column': ${lit(c.name)}, 'value': ${rejectValue(c)}, 'reason': ${e(c)}}`)
    .join(', ')}], r -> r.reason IS NOT NULL)`;
  const blank = present.length ? present.map((c) => `${v(c)} IS NULL`).join(' AND ') : 'true';
  return `WITH raws AS (SELECT ${source.rowExpr} AS _row, ${source.recordErrorExpr ?? 'NULL::VARCHAR'} AS _record_error, ${source.cellErrorsExpr ?? 'NULL::VARCHAR'} AS _cell_errors${raws.length ? ', ' : ''}${raws.join(', ')} FROM ${source.from}),
texts AS (SELECT _row, _record_error, _cell_errors${texts.length ? ', ' : ''}${texts.join(', ')} FROM raws),
typed AS (SELECT texts.*, ${typed.join(', ')} FROM texts),
checked AS (SELECT typed.*${errors.length ? ', ' : ''}${errors.join(', ')} FROM typed),
final AS (
  SELECT _row::INTEGER AS _row, ${all.map(n).join(', ')}, hash(${KIND_SPECS[kind].key.map(ident).join(', ')}) AS _key_hash,
    _record_error IS NULL AND _cell_errors IS NULL AND ${blank} AS _blank,
    CASE WHEN _record_error IS NOT NULL THEN [{'column': NULL::VARCHAR, 'value': NULL::VARCHAR, 'reason': _record_error}]
         WHEN _cell_errors IS NOT NULL THEN list_transform(from_json(_cell_errors, '[{"column":"VARCHAR","reason":"VARCHAR"}]'),
           r -> {'column': r.column, 'value': NULL::VARCHAR, 'reason': r.reason})
         WHEN ${blank} THEN NULL
         WHEN ${anyError} THEN ${errorList} END AS _errs
  FROM checked)
-- a totals row ('Summe', empty ids, sums past the ranges) says so alone: its other reasons
-- are the totals' own shape and hid the one that tells what to do
SELECT * REPLACE (CASE WHEN _errs IS NOT NULL THEN list_transform(CASE WHEN list_bool_or(list_transform(_errs, r -> starts_with(r.reason, ${lit(TOTALS_REASON)})))
    THEN list_filter(_errs, r -> starts_with(r.reason, ${lit(TOTALS_REASON)})) ELSE _errs END,
    r -> {'column': r.column, 'value': ${shownValue('r.value')}, 'reason': r.reason}) END AS _errs) FROM final`;
}

/**
 * '2.000' in a file read with a decimal point: 2 with a zero fraction, or 2000 written the
 * German way — the decimal mark is guessed from the first records, and a count of 2000 in
 * row 50 of a comma-separated file loaded as 2. Neither reading is taken.
 */
const AMBIGUOUS_POINT = '[+-]?[1-9][0-9]{0,2}\\.000';

/** The same for an amount: exactly three digits after the point ('1.234', '45.000'; a sum in euros has two). A leading 0 is no thousands group ('0.125'). */
const AMBIGUOUS_POINT_DECIMAL = '[+-]?[1-9][0-9]{0,2}\\.[0-9]{3}';

/**
 * The values a sender may write: the codes, then the words normalised to them ("allowed: m,
 * f, d" rejected nobody's "w", yet named only three). Case variants of a code are not repeated.
 */
function allowedValues(c: ColumnSpec): string {
  const codes = c.values ?? [];
  const words = Object.entries(c.normalise ?? {}).filter(([word, code]) => word !== code.toLowerCase()).map(([word]) => word);
  return words.length > 0 ? `${codes.join(', ')} (or ${words.join(', ')})` : codes.join(', ');
}
