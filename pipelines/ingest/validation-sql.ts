/**
 * Generates the one SELECT that turns a file's text columns into typed, validated,
 * pseudonymised rows, derived from kinds.ts: per column a conversion expression
 * (value-conversions.ts) and an error expression. Good rows have `_errs` NULL; a bad row carries the list of its bad
 * values {column, value, reason}. Raw participant ids are hashed in this same SELECT, so
 * they never reach a table (the `value` of a rejected participant id is never kept).
 *
 * Only constants of the schema (column names, enum values) are written into the SQL text;
 * file paths and keys are bound parameters, reference codes come from the ref.* tables.
 */
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';
import { ident } from '../db/database.ts';
import { sqlType } from '../db/raw-ddl.ts';
import type { DecimalMark } from './dialect.ts';
import { LIMITS } from './limits.ts';
import { holdsHiddenKundennummerSql, xmlSafeSql } from './value-shapes.ts';
import { lit } from './sql-literal.ts';
import { idChecks, separatedKundennummerWhen, totalsRowWhen, TOTALS_REASON } from './id-checks.ts';
import { idCharacterWhen } from './id-characters.ts';
import { MAX_YEAR, MIN_YEAR, unreadable, unreadableAs, v } from './value-reasons.ts';
import { conversion } from './value-conversions.ts';
import { cellTextSql } from './cell-text.ts';

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
  /**
   * Values as another instance stored them (a federation export): read as they are, without
   * taking off a sender's marks (cell-text.ts). The apostrophe rule, applied a second time,
   * made an instance's measures '06411-0001 and 06411-0001 one key with two current records.
   */
  readonly storedValues?: boolean;
  readonly decimalMark: DecimalMark;
  /** SQL of a reason that rejects the whole record (cut-off line, not an object), else NULL. */
  readonly recordErrorExpr?: string;
  /** SQL of a JSON list of {column, reason} for cells with nothing to read (XLSX), else NULL. */
  readonly cellErrorsExpr?: string;
  /**
   * Later columns of a meaning already read ('entry_date' beside 'Eintritt'; header-mapping.ts):
   * each is converted as the first is and compared with it as a typed value (alsoGivenSql).
   */
  readonly alsoGiven?: readonly AlsoGiven[];
  /**
   * Canonical column → SQL of its text as the file wrote it, where that is not the text read
   * (a German '12,345' in an XLSX text cell is read as 12.345: stage-records.ts), else NULL.
   * A reject shows it and names its reading by it.
   */
  readonly writtenColumns?: ReadonlyMap<string, string>;
  /** A spreadsheet: an empty required cell may be part of a merged range (said in the reason). */
  readonly spreadsheet?: boolean;
  /**
   * `from` is read by one thread (a CSV with line breaks in quoted fields): the rows are
   * copied as they are into a TEMP table first, so that the checks run on every core.
   */
  readonly readSerially?: boolean;
}

/** A second column of one meaning, as SQL over the source's rows. */
export interface AlsoGiven {
  /** The canonical column it gives too. */
  readonly column: string;
  /** SQL of its raw text. */
  readonly text: string;
  /** SQL of the reason a row is rejected with where the two differ (differingColumnsReason). */
  readonly reason: string;
  /** SQL of its header cell or key, which a reason for its own value names. */
  readonly header: string;
  /** SQL of the header cell or key of the first column of its meaning (the one read). */
  readonly firstHeader: string;
  /** SQL of its text as written where that is not the text read (SqlSource.writtenColumns), else NULL. */
  readonly written?: string;
}

export { lit } from './sql-literal.ts';

const e = (c: ColumnSpec) => ident(`e_${c.name}`);
/** The text as written, of a column whose text read is another (SqlSource.writtenColumns). */
const w = (c: ColumnSpec) => ident(`w_${c.name}`);
const n = (c: ColumnSpec) => ident(c.name);

/**
 * Why a non-empty value of `c` is bad, given its typed value; NULL when fine. An empty one
 * beside a later column of its meaning that has a value (`filledLater`) is that column's
 * reason alone (alsoGivenSql): 'required value is empty' beside it said the same twice.
 */
function errorExpr(c: ColumnSpec, source: SqlSource, x = v(c), typed = n(c), filledLater?: string, written?: string): string {
  // Excel keeps a merged range's value in its first cell; the rows below read empty
  const merged = source.spreadsheet ? ' (a merged cell? Excel keeps its value in the first row only: unmerge and fill every row)' : '';
  const missing = c.notNull ? `WHEN ${x} IS NULL${filledLater ? ` AND NOT (${filledLater})` : ''} THEN ${lit(`${c.type === 'pid' ? 'participant id is empty' : 'required value is empty'}${merged}`)}` : '';
  // a date or month outside the years is unreadable as one with no reading: one WHEN for both,
  // which writes the date's reason (~3 KB of SQL) once, not twice, into every file's statement
  const dated = c.type === 'date' || c.type === 'month';
  const unread = dated ? `(${typed} IS NULL OR year(${typed}) NOT BETWEEN ${MIN_YEAR} AND ${MAX_YEAR})` : `${typed} IS NULL`;
  const plausible = dated ? '' : rangeCheck(c, typed);
  // strlen is the stored byte length (no scan): the limit costs nothing on ordinary rows
  const tooLong = `WHEN strlen(${x}) > ${Number(LIMITS.maxCellBytes)} THEN ${lit(
    `value longer than the limit of ${Math.round(LIMITS.maxCellBytes / 1024)} KB per cell (raise ALMP_MAX_CELL_KB if it is genuine)`,
  )}`;
  // A NUL in a CSV's first 64 KB refuses the file as binary (dialect.ts); further down, or
  // in JSON, it was stored in the value. Other types do not read it (ids: idChecks).
  const nul = c.type === 'text' ? `WHEN contains(${x}, chr(0)) THEN 'holds a NUL byte (\\x00), which no text has: the file is damaged in this row (export it again)'` : '';
  const pseudonym = c.type === 'pid' && source.pidPseudonyms ? `WHEN NOT regexp_full_match(${x}, '[0-9a-f]{64}') THEN 'not a pseudonym (64 lowercase hex characters): a raw participant id?'` : '';
  // XLSX/JSON: participant ids are hashed in Node, which checks them there (stage-records.ts)
  const pidCharacters = c.type === 'pid' && !source.pidHashed ? `${idCharacterWhen(c.name, x)} ${totalsRowWhen(c.name, x)} ${separatedKundennummerWhen(x)}` : '';
  const reason = isDeferred(c) ? lit(markOf(c.type)) : unreadable(c, source, x, written);
  return `CASE ${missing} ${tooLong} ${nul} WHEN ${x} IS NOT NULL AND ${unread} THEN ${reason} ${plausible} ${pseudonym} ${pidCharacters} ${c.type === 'id' ? idChecks(c, x) : ''} END`;
}

/**
 * Where a date or number reads as none, the SELECT first gives a mark as its reason, and the
 * reason itself (why, in words: Excel's serial number, a time of day, slashes, an ambiguous
 * thousands mark; ~1–3 KB of SQL each) is written once per type, over the rejected text, in the
 * statement's last step. Once per column, those reasons were the larger part of what DuckDB
 * planned for a file of final reports (six dates, five whole numbers each beside its text as
 * written): 57 of 173 ms for the numbers alone — and every file pays for planning, however
 * small. No reason of ours starts with '['; a second column's suffix follows the mark.
 */
const DEFERRED_TYPES = ['date', 'int', 'decimal'] as const;
type DeferredType = (typeof DEFERRED_TYPES)[number];
const markOf = (type: ColumnSpec['type']) => `[unreadable ${type}]`;

/** A column whose reason is given by its type alone, over its text read and as written (never a pid's text or free text). */
function isDeferred(c: ColumnSpec): c is ColumnSpec & { type: DeferredType } {
  return (DEFERRED_TYPES as readonly string[]).includes(c.type) && !c.freeText;
}

/** SQL of a rejected value's reason, over the error struct `r`: each type's mark replaced by its reason. */
function finalReason(r: string, source: SqlSource, types: readonly DeferredType[]): string {
  if (types.length === 0) return `${r}.reason`;
  const whens = types.map((type) => {
    const mark = markOf(type);
    return `WHEN starts_with(${r}.reason, ${lit(mark)}) THEN ${unreadableAs(type, source, `${r}.read`, `${r}.written`)} || substr(${r}.reason, ${mark.length + 1})`;
  });
  return `CASE ${whens.join(' ')} ELSE ${r}.reason END`;
}

function rangeCheck(c: ColumnSpec, typed: string): string {
  if (c.min === undefined && c.max === undefined) return '';
  const lo = c.min ?? Number.MIN_SAFE_INTEGER;
  const hi = c.max ?? Number.MAX_SAFE_INTEGER;
  const span = c.max === undefined ? `at least ${lo}` : c.min === undefined ? `at most ${hi}` : `between ${lo} and ${hi}`;
  return `WHEN ${typed} NOT BETWEEN ${lo} AND ${hi} THEN ${lit(`out of range: must be ${span}`)}`;
}

/**
 * The error struct's fields for a deferred reason (finalReason): the text read and the text as
 * written, of a deferred column only — a pid's or free text's text is never carried.
 */
function readFields(c?: ColumnSpec, x?: string, written?: string): string {
  const deferred = c !== undefined && isDeferred(c);
  return `'read': ${deferred ? x : 'NULL::VARCHAR'}, 'written': ${deferred && written ? written : 'NULL::VARCHAR'}`;
}

/**
 * Reject value, before it is shown: the whole text of a bad value, never a raw participant
 * id and never provider free text (it may hold names, contact data or health details, and
 * meta.rejects, the terminal and the archive's reasons file would keep it). It lives only
 * inside the statement: `shownValue` turns it into what is kept.
 */
function rejectValue(c: ColumnSpec, x = v(c), written?: string): string {
  return c.type === 'pid' || c.freeText ? 'NULL::VARCHAR' : written ? `coalesce(${written}, ${x})` : x;
}

/**
 * The SELECT's parts for the later columns of a meaning already read: the k-th one's text
 * (`ra_k`, trimmed `ta_k`, read as its column reads it `va_k`), its reason and header (`rr_k`, `rh_k`), its typed value (`na_k`,
 * converted as the first column's) and its fault (`ea_k`). '23.09.2024' beside '2024-09-23',
 * 'w' beside 'f', '3' beside '03' are one value: compared as text they rejected the row. An
 * empty second gives nothing to compare; an empty first would lose the second's value. A
 * value that is bad itself is rejected with its own reason (a second's, naming its column),
 * not as differing.
 */
function alsoGivenSql(source: SqlSource, all: readonly ColumnSpec[], trim: (raw: string) => string) {
  const spec = (name: string) => all.find((c) => c.name === name) ?? raise(`no column ${name}`);
  const alsos = (source.alsoGiven ?? []).map((also, k) => ({ ...also, spec: spec(also.column), at: (prefix: string) => ident(`${prefix}_${k}`) }));
  return {
    raws: alsos.map((a) => `${a.text} AS ${a.at('ra')}, ${a.reason} AS ${a.at('rr')}, ${a.header} AS ${a.at('rh')}, ${a.written ?? 'NULL::VARCHAR'} AS ${a.at('wa')}`),
    texts: alsos.map((a) => `${trim(a.at('ra'))} AS ${a.at('ta')}, ${a.at('rr')}, ${a.at('rh')}, ${a.at('wa')}`),
    values: alsos.map((a) => `${cellTextSql(a.spec, a.at('ta'))} AS ${a.at('va')}, ${a.at('rr')}, ${a.at('rh')}, ${a.at('wa')}`),
    typed: alsos.map((a) => `${conversion(a.spec, source, a.at('va'))} AS ${a.at('na')}`),
    errors: alsos.map((a) => {
      const written = a.written ? a.at('wa') : undefined;
      const own = errorExpr(a.spec, source, a.at('va'), a.at('na'), undefined, written);
      // the reject's column is the meaning's name: the reason names the file's two columns
      const emptyFirst = `${lit(`the column '`)} || ${a.firstHeader} || ${lit(`' is empty, while the column '`)} || ${a.at('rh')} || ${lit(`', which also gives ${a.column}, has a value: fill in the first or delete one of the two columns, and load the file again`)}`;
      const differs = `CASE WHEN ${v(a.spec)} IS NULL THEN ${emptyFirst} WHEN ${e(a.spec)} IS NULL AND ${n(a.spec)} IS DISTINCT FROM ${a.at('na')} THEN ${a.at('rr')} END`;
      return `CASE WHEN ${a.at('va')} IS NOT NULL THEN coalesce((${own}) || ' (column ''' || ${a.at('rh')} || ${lit(`', which also gives ${a.column})`)}, ${differs}) END AS ${a.at('ea')}`;
    }),
    // 'differ' names no value, as before: which of the two would it be?
    listed: alsos.map((a) => `{'column': ${lit(a.column)}, 'value': CASE WHEN ${a.at('ea')} <> ${a.at('rr')} THEN ${rejectValue(a.spec, a.at('va'), a.written ? a.at('wa') : undefined)} END, 'reason': ${a.at('ea')}, ${readFields(a.spec, a.at('va'), a.written ? a.at('wa') : undefined)}}`),
    failed: alsos.map((a) => `${a.at('ea')} IS NOT NULL`),
    empty: alsos.map((a) => `${a.at('va')} IS NULL`),
    /** SQL: a later column of meaning `column` has a value in this row (undefined: there is none). */
    filledLater: (column: string) => {
      const filled = alsos.filter((a) => a.column === column).map((a) => `${a.at('va')} IS NOT NULL`);
      return filled.length ? filled.join(' OR ') : undefined;
    },
  };
}

function raise(message: string): never {
  throw new Error(message);
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
/**
 * SAP's dates for none and for an open end, as the WHEN branches of a simple CASE giving NULL
 * (an IN list of this length DuckDB plans as a join, which loses the file order the row
 * numbers depend on: reference-params.ts).
 */
const SAP_NO_DATE = ['00.00.0000', '0000-00-00', '31.12.9999', '9999-12-31']
  .flatMap((d) => [d, `${d} 00:00:00`])
  .map((d) => `WHEN '${d}' THEN NULL`)
  .join(' ');

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
  // trimmed (`t_`), then read as the column reads text (`v_`: cell-text.ts), each named once
  const t = (c: ColumnSpec) => ident(`t_${c.name}`);
  const also = alsoGivenSql(source, all, trim);
  const writtens = present.filter((c) => source.writtenColumns?.has(c.name));
  const raws = [...present.map((c) => `${source.columns.get(c.name)!} AS ${r(c)}`), ...writtens.map((c) => `${source.writtenColumns!.get(c.name)!} AS ${w(c)}`), ...also.raws];
  // SAP writes no date as 00.00.0000 and an open end as 31.12.9999: both are an empty cell
  // (an exit date of either is no exit yet); they were rejected as 'not a date'
  // (a padded list export's '00.00.0000 ' too: compared trimmed, which only a padded value costs)
  const text = (c: ColumnSpec) => {
    if (c.type !== 'date') return trim(r(c));
    const raw = r(c);
    return `CASE ${raw} ${SAP_NO_DATE} ELSE CASE WHEN ${raw} LIKE ' %' OR ${raw} LIKE '% ' THEN CASE trim(${raw}) ${SAP_NO_DATE} ELSE nullif(trim(${raw}), '') END ELSE nullif(${raw}, '') END END`;
  };
  const texts = [...present.map((c) => `${text(c)} AS ${t(c)}`), ...writtens.map(w), ...also.texts];
  // Stored values (an export) are kept as they are, but an id is checked as a sender's file
  // would read it too: "'*" or "'987B654321" (a Kundennummer) passed the id checks whole,
  // the apostrophe in front (a review)
  const checkedAsSent = (c: ColumnSpec) => source.storedValues === true && c.type === 'id';
  const k = (c: ColumnSpec) => ident(`k_${c.name}`);
  const values = [
    ...present.map((c) => `${source.storedValues ? t(c) : cellTextSql(c, t(c))} AS ${v(c)}`),
    ...present.filter(checkedAsSent).map((c) => `${cellTextSql(c, t(c))} AS ${k(c)}`),
    ...writtens.map(w),
    ...also.values,
  ];
  const typed = [...all.map((c) => (source.columns.has(c.name) ? `${conversion(c, source)} AS ${n(c)}` : `NULL::${sqlType(c.type)} AS ${n(c)}`)), ...also.typed];
  const errorOf = (c: ColumnSpec, x: string) => errorExpr(c, source, x, n(c), also.filledLater(c.name), writtens.includes(c) ? w(c) : undefined);
  const errors = present.map((c) => `${checkedAsSent(c) ? `coalesce(${errorOf(c, v(c))}, ${errorOf(c, k(c))})` : errorOf(c, v(c))} AS ${e(c)}`);
  const failed = [...present.map((c) => `${e(c)} IS NOT NULL`), ...also.failed];
  const anyError = failed.length ? failed.join(' OR ') : 'false';
  const errorList = `list_filter([${[...present.map((c) => `{'column': ${lit(c.name)}, 'value': ${rejectValue(c, v(c), writtens.includes(c) ? w(c) : undefined)}, 'reason': ${e(c)}, ${readFields(c, v(c), writtens.includes(c) ? w(c) : undefined)}}`), ...also.listed].join(', ')}], r -> r.reason IS NOT NULL)`;
  const empty = [...present.map((c) => `${v(c)} IS NULL`), ...also.empty];
  const deferredTypes = DEFERRED_TYPES.filter((type) => present.some((c) => isDeferred(c) && c.type === type));
  const blank = empty.length ? empty.join(' AND ') : 'true';
  return `WITH raws AS (SELECT ${source.rowExpr} AS _row, ${source.recordErrorExpr ?? 'NULL::VARCHAR'} AS _record_error, ${source.cellErrorsExpr ?? 'NULL::VARCHAR'} AS _cell_errors${raws.length ? ', ' : ''}${raws.join(', ')} FROM ${source.from}),
texts AS (SELECT _row, _record_error, _cell_errors${texts.length ? ', ' : ''}${texts.join(', ')} FROM raws),
cleaned AS (SELECT _row, _record_error, _cell_errors${values.length ? ', ' : ''}${values.join(', ')} FROM texts),
typed AS (SELECT cleaned.*, ${typed.join(', ')} FROM cleaned),
checked AS (SELECT typed.*${errors.length ? ', ' : ''}${errors.join(', ')} FROM typed),
compared AS (SELECT checked.*${also.errors.length ? ', ' : ''}${also.errors.join(', ')} FROM checked),
final AS (
  SELECT _row::INTEGER AS _row, ${all.map(n).join(', ')}, hash(${KIND_SPECS[kind].key.map(ident).join(', ')}) AS _key_hash,
    _record_error IS NULL AND _cell_errors IS NULL AND ${blank} AS _blank,
    CASE WHEN _record_error IS NOT NULL THEN [{'column': NULL::VARCHAR, 'value': NULL::VARCHAR, 'reason': _record_error, ${readFields()}}]
         WHEN _cell_errors IS NOT NULL THEN list_transform(from_json(_cell_errors, '[{"column":"VARCHAR","reason":"VARCHAR"}]'),
           r -> {'column': r.column, 'value': NULL::VARCHAR, 'reason': r.reason, ${readFields()}})
         WHEN ${blank} THEN NULL
         WHEN ${anyError} THEN ${errorList} END AS _errs
  FROM compared)
-- a totals row ('Summe', empty ids, sums past the ranges) says so alone: its other reasons
-- are the totals' own shape and hid the one that tells what to do
SELECT * REPLACE (CASE WHEN _errs IS NOT NULL THEN list_transform(CASE WHEN list_bool_or(list_transform(_errs, r -> starts_with(r.reason, ${lit(TOTALS_REASON)})))
    THEN list_filter(_errs, r -> starts_with(r.reason, ${lit(TOTALS_REASON)})) ELSE _errs END,
    r -> {'column': r.column, 'value': ${shownValue('r.value')}, 'reason': ${finalReason('r', source, deferredTypes)}}) END AS _errs) FROM final`;
}

