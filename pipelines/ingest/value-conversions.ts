/**
 * Per column type, the SQL that turns a value's trimmed text into its typed value (NULL when
 * empty or unreadable), for the validating SELECT (validation-sql.ts); why a value is not
 * read is value-reasons.ts's. Kept apart from the SELECT, which had grown to 270 lines.
 */
import type { ColumnSpec } from '../schema/kinds.ts';
import { pseudonymDigestSql } from './pseudonym.ts';
import { listPattern, refCodes, refCodesLower } from './reference-params.ts';
import type { DecimalMark } from './dialect.ts';
import { bareAmountSql, maskKundennummernSql } from './value-shapes.ts';
import { lit } from './sql-literal.ts';
import { AMBIGUOUS_COMMA, AMBIGUOUS_COMMA_DECIMAL, AMBIGUOUS_POINT, AMBIGUOUS_POINT_DECIMAL, GOAL_STATUS_LIST, goalItems, refList, subCent, v } from './value-reasons.ts';
import type { SqlSource } from './validation-sql.ts';

const TRUE_WORDS = ['1', 'true', 'ja', 'j', 'yes', 'y', 'wahr', 'x'];
const FALSE_WORDS = ['0', 'false', 'nein', 'n', 'no', 'falsch'];

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
  // midnight with a German offset (a portal's '2025-03-10T00:00:00+01:00', ISO's '+01') or in UTC
  // ('Z', '+00:00', which were a 'time of day other than 00:00': a calendar audit) is that day
  return `CASE WHEN length(${x}) > 10 THEN ${day(`regexp_replace(${x}, '[ T]00:00(:00(\\.0+)?)?(Z|\\+0[012](:?00)?)?$', '')`)} ELSE ${day(x)} END::DATE`;
}

/**
 * Typed value of column `c` from its trimmed text: NULL when empty or unreadable. Range
 * and plausibility checks live in the error expression only (a rejected row's typed
 * values are never stored), so no conversion is computed twice.
 */
export function conversion(c: ColumnSpec, source: SqlSource, x = v(c)): string {
  switch (c.type) {
    case 'pid':
      // CSV: the digest bytes, turned into hex text when the rows are written (load-file.ts).
      return source.pidHashed ? x : pseudonymDigestSql(x);
    case 'id':
      return x;
    case 'text':
      // names and titles too: a measure titled 'Einzelcoaching für TN 247G658486' went raw into
      // the dashboards and the federation export (a privacy audit)
      return maskKundennummernSql(x);
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
        WHEN regexp_full_match(${x}, ${lit(source.decimalMark === '.' ? AMBIGUOUS_POINT : AMBIGUOUS_COMMA)}) THEN NULL
        WHEN regexp_full_match(${x}, ${lit(pattern + zeroFraction)})
          THEN TRY_CAST(regexp_replace(replace(${x}, ${lit(thousands)}, ''), '[.,]0+$', '') AS INTEGER) END`;
    }
    case 'decimal': {
      const { pattern, thousands } = numberPattern(source.decimalMark, true);
      // '1.234,50 €', '€ 1.234,50', '1 234,50' (value-shapes.ts): the amount without sign and spaces
      const bare = bareAmountSql(x);
      // '1.234' read with a decimal point is 1.23 € once stored in cents — or 1234 € with a
      // German thousands dot: neither reading is taken (as for whole numbers); so '48,000' read
      // with a decimal comma (48 € or 48000 €)
      const ambiguous = `WHEN regexp_full_match(${bare}, ${lit(source.decimalMark === '.' ? AMBIGUOUS_POINT_DECIMAL : AMBIGUOUS_COMMA_DECIMAL)}) THEN NULL`;
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

function enumWords(c: ColumnSpec): [string, string][] {
  const words = new Map<string, string>();
  for (const value of c.values ?? []) words.set(value.toLowerCase(), value);
  for (const [word, value] of Object.entries(c.normalise ?? {})) words.set(word.toLowerCase(), value);
  return [...words];
}

