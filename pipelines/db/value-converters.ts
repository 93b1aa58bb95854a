/**
 * How the values of a result reach the outputs a person or a script reads (`almp query`,
 * `check --show`, `rejects`): as @duckdb/node-api converts them, with the types it gives in
 * its own internal form written as DuckDB writes them. An INTERVAL (`ended_at - started_at`)
 * came out as {"months":0,"days":0,"micros":"3486000"} in every format, a TIME in a workbook
 * as a count of microseconds, a BLOB as a Node Buffer's JSON; a DATE 'infinity' as the year
 * 5881580, and in a workbook it stopped the output part-way (no JS Date holds it).
 */
import { DuckDBTypeId, JSDuckDBValueConverter, JsonDuckDBValueConverter, type DuckDBValueConverter, type JS, type Json } from '@duckdb/node-api';

/** DuckDB's days of DATE 'infinity' and '-infinity'; a TIMESTAMP of any unit holds ±(2^63 − 1) of it. */
const INFINITE_DAYS = 2_147_483_647;
const INFINITE_TICKS = 9_223_372_036_854_775_807n;

/** Types a spreadsheet cell or JSON has no value for: DuckDB's own text ('00:00:03.486', '\xAA'). */
const AS_TEXT = new Set<DuckDBTypeId>([DuckDBTypeId.INTERVAL, DuckDBTypeId.TIME, DuckDBTypeId.TIME_TZ, DuckDBTypeId.TIME_NS, DuckDBTypeId.BLOB, DuckDBTypeId.BIT]);
const DATES = new Set<DuckDBTypeId>([DuckDBTypeId.DATE, DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ]);

/**
 * 'infinity' or '-infinity' for such a date or time, else undefined: node-api writes them for
 * DATE and TIMESTAMP in microseconds only (TIMESTAMP_S 'infinity' came out as the year
 * 292277026596, TIMESTAMP_NS as 2262-04-11).
 */
function infinity(value: unknown): string | undefined {
  const v = value as { days?: number; micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  const ticks = v.micros ?? v.millis ?? v.seconds ?? v.nanos;
  if (v.days === INFINITE_DAYS || ticks === INFINITE_TICKS) return 'infinity';
  if (v.days === -INFINITE_DAYS || ticks === -INFINITE_TICKS) return '-infinity';
  return undefined;
}

const dateText = (value: unknown): string => infinity(value) ?? String(value);

/** As JsonDuckDBValueConverter (BIGINT and DECIMAL as strings, dates as ISO text), INTERVAL as text. */
export const textConverter: DuckDBValueConverter<Json> = (value, type) => {
  if (value === null || value === undefined) return null;
  if (AS_TEXT.has(type.typeId)) return String(value);
  if (DATES.has(type.typeId)) return dateText(value);
  return JsonDuckDBValueConverter(value, type, textConverter);
};

/**
 * As JSDuckDBValueConverter (numbers, bigints, Dates), with the types above as text, and a
 * date no JS Date holds (infinity, beyond year 275760) as DuckDB's text.
 */
export const typedConverter: DuckDBValueConverter<JS> = (value, type) => {
  if (value === null || value === undefined) return null;
  if (AS_TEXT.has(type.typeId)) return String(value);
  if (DATES.has(type.typeId)) {
    const endless = infinity(value);
    if (endless) return endless;
    try {
      const date = JSDuckDBValueConverter(value, type, typedConverter);
      return date instanceof Date && Number.isNaN(date.getTime()) ? dateText(value) : date;
    } catch {
      return dateText(value);
    }
  }
  return JSDuckDBValueConverter(value, type, typedConverter);
};
