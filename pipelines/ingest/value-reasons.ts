/**
 * The reasons a bad value is given in the validating SELECT (validation-sql.ts): per column
 * type, in words a clerk can act on (which date format, which thousands mark, which code),
 * and the value shapes those reasons and the conversions share (the goal list, the amounts'
 * cents, the ambiguous '2.000'). Kept apart from the SELECT that uses them, which had grown
 * past 400 lines.
 */
import { GOAL_STATUSES, type ColumnSpec } from '../schema/kinds.ts';
import { ident } from '../db/database.ts';
import { refCodes } from './reference-params.ts';
import type { DecimalMark } from './dialect.ts';
import { bareAmountSql, holdsKundennummerSql, xmlSafeSql } from './value-shapes.ts';
import { lit } from './sql-literal.ts';
import type { SqlSource } from './validation-sql.ts';

const GOAL_STATUS_WORDS: Readonly<Record<string, string>> = {
  erreicht: 'achieved',
  teilweise: 'partial',
  'teilweise erreicht': 'partial',
  'nicht erreicht': 'not_achieved',
  offen: 'open',
};
/** The canonical goal statuses as a SQL list (schema constants). */
export const GOAL_STATUS_LIST = `[${GOAL_STATUSES.map(lit).join(', ')}]`;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A column's text as the file holds it (the SELECT's `v_<name>`). */
export const v = (c: ColumnSpec) => ident(`v_${c.name}`);

/** A goal list's items ('code:status|…') as {code, status}, German status words read as the codes. */
export function goalItems(x: string): string {
  const status = `lower(trim(split_part(g, ':', 2)))`;
  const statusWords = Object.entries(GOAL_STATUS_WORDS)
    .map(([word, value]) => `WHEN ${lit(word)} THEN ${lit(value)}`)
    .join(' ');
  const parts = `list_filter(list_transform(string_split(${x}, '|'), g -> trim(g)), g -> g <> '')`;
  return `list_transform(${parts}, g -> {'code': lower(trim(split_part(g, ':', 1))), 'status': CASE ${status} ${statusWords} ELSE ${status} END})`;
}

/** The reason for an unreadable value; names the offending code for lists. */
export function unreadable(c: ColumnSpec, source: SqlSource, x = v(c), written?: string): string {
  switch (c.type) {
    case 'date':
    case 'int':
    case 'decimal':
      return unreadableAs(c.type, source, x, written);
    case 'month':
      return lit(`not a month (YYYY-MM or MM.YYYY, years ${MIN_YEAR}-${MAX_YEAR})`);
    case 'bool':
      return lit('not a yes/no value (1/0, ja/nein, j/n, true/false, yes/no)');
    case 'exit_code':
      return lit('unknown exit reason code (01-12)');
    case 'enum':
      // the codes themselves: a clerk cannot look into the database's ref tables
      return c.refTable
        ? `${lit(`unknown ${c.name} code; allowed: `)} || array_to_string(list_sort(${refList(c)}), ', ')`
        : lit(`unknown value; allowed: ${allowedValues(c)}`);
    case 'reason_list': {
      const items = `list_filter(list_transform(string_split(${x}, '|'), r -> lower(trim(r))), r -> r <> '')`;
      return `'unknown dropout reason code ' || ${quotedCode(`list_filter(${items}, r -> NOT list_contains(${refList(c)}, r))[1]`)}`;
    }
    case 'goal_list': {
      const bad = `list_transform(list_filter(${goalItems(x)}, g -> NOT (list_contains(${refList(c)}, g.code) AND list_contains(${GOAL_STATUS_LIST}, g.status))), g -> g.code || ':' || g.status)[1]`;
      return `'unknown goal code or status ' || ${quotedCode(bad)} || ' (statuses: ${GOAL_STATUSES.join(', ')})'`;
    }
    default:
      return lit('unreadable value');
  }
}

/**
 * The reason for a text no date or number can be read from, by the type alone, over its text
 * read `x` and its text as written `written` (SQL that may be NULL; undefined: none). Written
 * once per statement for all columns of a type (validation-sql.ts finalReason).
 */
export function unreadableAs(type: 'date' | 'int' | 'decimal', source: SqlSource, x: string, written?: string): string {
  switch (type) {
    case 'int': {
      const own =
        source.decimalMark === '.'
          ? `CASE WHEN regexp_full_match(${x}, ${lit(AMBIGUOUS_POINT)}) THEN ${lit('not a whole number: with a decimal point ')} || ${x} || ${lit(' is ')} || split_part(${x}, '.', 1) || ${lit(', with a German thousands dot ')} || replace(${x}, '.', '') || ${lit('; write the number without the dot')} ELSE 'not a whole number' END`
          : `CASE WHEN regexp_full_match(${x}, ${lit(AMBIGUOUS_COMMA)}) THEN ${lit('not a whole number: with a decimal comma ')} || ${x} || ${lit(' is ')} || split_part(${x}, ',', 1) || ${lit(', with a thousands comma ')} || replace(${x}, ',', '') || ${lit('; write the number without the comma')} ELSE 'not a whole number' END`;
      return firstOf(commaWritten(written, 'not a whole number: with a decimal comma ', ' is ', ', with a thousands comma ', '; write the number without the comma'), own);
    }
    case 'decimal': {
      const ambiguous =
        source.decimalMark === '.'
          ? `WHEN regexp_full_match(b, ${lit(AMBIGUOUS_POINT_DECIMAL)}) THEN ${lit('ambiguous: with a decimal point ')} || b || ${lit(' has three decimals (a sum in euros has two), with a German thousands dot it is ')} || replace(b, '.', '') || ${lit('; write it without the dot, or with two decimals (1234.00)')}`
          : `WHEN regexp_full_match(b, ${lit(AMBIGUOUS_COMMA_DECIMAL)}) THEN ${lit('ambiguous: with a decimal comma ')} || b || ${lit(' has three decimals (a sum in euros has two), with a thousands comma it is ')} || replace(b, ',', '') || ${lit('; write it without the comma, or with two decimals (1.234,00)')}`;
      // trailing zeros are not the fault (and a spreadsheet number's text has one: numberText)
      const subCentReason = `${lit('more than 2 decimal places for an amount in euros: ')} || ${written ? `coalesce(trim(${written}), regexp_replace(b, '0+$', ''))` : `regexp_replace(b, '0+$', '')`} || ${lit(' — check whether a thousands separator was meant')}`;
      const comma = commaWritten(written, 'ambiguous: with a decimal comma ', ' has three decimals (a sum in euros has two), with a thousands comma it is ', '', '; write it without the comma, or with two decimals (1.234,00)', false);
      // the amount without its euro sign (bareAmountSql: six regular expressions) named once
      const own = named(bareAmountSql(x), 'b', `CASE ${ambiguous} WHEN regexp_full_match(b, ${lit(subCent(source.decimalMark))}) THEN ${subCentReason} ELSE ${lit(numberFormatReason(source))} END`);
      return firstOf(comma, own);
    }
    case 'date':
      return unreadableDate(x);
  }
}

/**
 * SQL of `body` over `expr` named `name`: the expression is planned once, however often the
 * body names it (a one-element list's lambda). For reasons only, which rejected rows alone
 * compute: every row would pay for the list.
 */
function named(expr: string, name: string, body: string): string {
  return `list_transform([${expr}], ${name} -> ${body})[1]`;
}

/** SQL: the first reason, where it has one (NULL: none), else the second. */
function firstOf(first: string | undefined, second: string): string {
  return first ? `coalesce(${first}, ${second})` : second;
}

/** The reason for a text no date can be read from, over its text `x`. */
function unreadableDate(x: string): string {
  const reason = `not a date (DD.MM.YYYY or YYYY-MM-DD, years ${MIN_YEAR}-${MAX_YEAR})`;
  // Excel's serial number of a date in a cell formatted as a number: days since
  // 1899-12-30 (https://learn.microsoft.com/en-us/office/troubleshoot/excel/1900-and-1904-date-system);
  // 5 digits are the years 1927-2173
  const serial = `strftime(DATE '1899-12-30' + TRY_CAST(${x} AS INTEGER), '%d.%m.%Y')`;
  // a date with a time of day other than midnight ('2024-02-01 08:30', '2024-01-31T23:00:00.000Z'):
  // a database or web export; the day is not cut off here, a UTC time may be the day before
  const withTime = `regexp_full_match(${x}, '[0-9]{1,4}[-.][0-9]{1,2}[-.][0-9]{1,4}[ T][0-9]{1,2}:[0-9]{2}.*')`;
  return `CASE WHEN regexp_full_match(${x}, '[1-9][0-9]{4}') THEN ${lit(`${reason}: Excel’s number for `)} || ${serial} || ${lit('? format the column as a date (TT.MM.JJJJ) and save again')}
      WHEN ${withTime} THEN CASE
        WHEN regexp_full_match(${x}, '.*[ T]2[23]:00(:00(\\.0+)?)?Z') THEN ${lit(`${reason}: a time in UTC (Z) that is midnight of the next day in German time — the date meant is probably that day; export the date alone`)}
        WHEN regexp_full_match(${x}, '.*[ T]00:00(:00(\\.0+)?)?[+-][0-9]{2}(:?[0-9]{2})?') THEN ${lit(`${reason}: midnight in another time zone, which is a time of day in German time; export the date alone`)}
        ELSE ${lit(`${reason}: it has a time of day other than 00:00; export the date alone`)} END
      WHEN regexp_full_match(${x}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN ${lit(`${reason}: `)} || ${slashedDate(x)}
      ELSE ${lit(reason)} END`;
}

/**
 * SQL of the reason for a number written with a comma before exactly three digits in a text
 * cell ('2,000', '12,345'), NULL for any other; undefined without a text as written. Read as
 * German text it is 2 or 12.345, with an English thousands comma 2000 or 12345. Its text read
 * is '2.000' (node-records.ts), and the reason for that spoke of a decimal point and a
 * thousands dot the sender never wrote.
 */
function commaWritten(written: string | undefined, before: string, asDecimal: string, asThousands: string, after: string, wholePart = true): string | undefined {
  if (!written) return undefined;
  // without a euro sign ('€ 12,345', '2,000 €'), as the number is read
  const decimal = wholePart ? `split_part(t, ',', 1)` : '';
  return named(bareAmountSql(`trim(${written})`), 't', `CASE WHEN regexp_full_match(t, '[+-]?[1-9][0-9]{0,2},[0-9]{3}') THEN ${lit(before)} || t || ${lit(asDecimal)} || ${decimal ? `${decimal} || ${lit(asThousands)} || ` : ''}replace(t, ',', '') || ${lit(after)} END`);
}

const SEND_DATE = '; write it as DD.MM.YYYY or YYYY-MM-DD and save again';

/**
 * SQL: why a date written with slashes ('01/02/2025') is not read, and the date it would be.
 * Day/month/year is how a British or French Excel writes it, month/day/year an English-language
 * one; no date is ever guessed, but where only one order gives a date (21/10/2024, 7/31/2023)
 * the reason names it, and where both do (01/02/2025: 1 February or 2 January) it names both.
 */
function slashedDate(x: string): string {
  // each reading named once: d and m
  const dayFirst = 's.d';
  const monthFirst = 's.m';
  const readings = `{'d': strftime(try_strptime(${x}, '%d/%m/%Y'), '%d.%m.%Y'), 'm': strftime(try_strptime(${x}, '%m/%d/%Y'), '%d.%m.%Y')}`;
  return named(readings, 's', `CASE WHEN ${dayFirst} IS NOT NULL AND ${monthFirst} IS NOT NULL AND ${dayFirst} <> ${monthFirst}
      THEN 'ambiguous with slashes — day/month/year (a British or French Excel) gives ' || ${dayFirst} || ', month/day/year (an English-language Excel) ' || ${monthFirst}
    WHEN ${dayFirst} IS NOT NULL AND ${monthFirst} IS NOT NULL THEN 'written with slashes (' || ${dayFirst} || '?)'
    WHEN ${dayFirst} IS NOT NULL THEN 'day/month/year with slashes, as a British or French Excel writes it (' || ${dayFirst} || '?)'
    WHEN ${monthFirst} IS NOT NULL THEN 'month/day/year, as an English-language Excel writes it (' || ${monthFirst} || '?)'
    ELSE 'with slashes, and no date either as day/month/year or as month/day/year' END || ${lit(SEND_DATE)}`);
}

/**
 * An amount with a digit other than 0 after the cents ('12,345', '0.125', in the file's
 * decimal mark: a thousands group is not decimals). Amounts are stored in cents
 * (DECIMAL(18,2)); rounding such a value would change it without a word.
 */
export function subCent(mark: DecimalMark): string {
  return mark === '.' ? '[+-]?[0-9,]*\\.[0-9]{2}0*[1-9][0-9]*' : '[+-]?[0-9.]*,[0-9]{2}0*[1-9][0-9]*';
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
  // named once: the tests below name it four times, and DuckDB planned each copy of a goal
  // list's filter (33 of 173 ms for a file of final reports)
  return named(code, 'q', `CASE WHEN ${holdsKundennummerSql('q')} THEN 'that looks like a Kundennummer (not shown)' ELSE '''' || ${xmlSafeSql('q')} || '''' END`);
}

/** SQL of the code list a column's values must come from (a bound parameter). */
export function refList(c: ColumnSpec): string {
  return refCodes(c.refTable);
}

/**
 * '2.000' in a file read with a decimal point: 2 with a zero fraction, or 2000 written the
 * German way — the decimal mark is guessed from the first records, and a count of 2000 in
 * row 50 of a comma-separated file loaded as 2. Neither reading is taken.
 */
export const AMBIGUOUS_POINT = '[+-]?[1-9][0-9]{0,2}\\.000';

/** The same for an amount: exactly three digits after the point ('1.234', '45.000'; a sum in euros has two). A leading 0 is no thousands group ('0.125'). */
export const AMBIGUOUS_POINT_DECIMAL = '[+-]?[1-9][0-9]{0,2}\\.[0-9]{3}';

/**
 * The same the other way round in a file read with a decimal comma: '12,000' is 12 with a zero
 * fraction, or 12000 with an English thousands comma (a stock of 12,000 benefit recipients
 * loaded as 12, a contract of 48,000 € as 48,00 €: an ingest audit).
 */
export const AMBIGUOUS_COMMA = '[+-]?[1-9][0-9]{0,2},000';
export const AMBIGUOUS_COMMA_DECIMAL = '[+-]?[1-9][0-9]{0,2},[0-9]{3}';

/**
 * The values a sender may write: the codes, then the words normalised to them ("allowed: m,
 * f, d" rejected nobody's "w", yet named only three). Case variants of a code are not repeated.
 */
function allowedValues(c: ColumnSpec): string {
  const codes = c.values ?? [];
  const words = Object.entries(c.normalise ?? {}).filter(([word, code]) => word !== code.toLowerCase()).map(([word]) => word);
  return words.length > 0 ? `${codes.join(', ')} (or ${words.join(', ')})` : codes.join(', ');
}
