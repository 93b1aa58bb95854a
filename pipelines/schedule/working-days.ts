/**
 * Due dates of the returns. The quarterly workbook is due on the n-th working day
 * (default 10) after the quarter ends, the annual return on the n-th working day of
 * January. Working days are Monday to Friday; public holidays are ignored on purpose
 * (they differ by Land and would only move the date by a day or two; a return written a
 * day early is harmless, because it is re-written with the data of that day).
 * Dates are local calendar days ('YYYY-MM-DD') in the schedule's timezone.
 */

/** The timezone of the schedule and of every time a reader sees (stored times are UTC). */
export const DEFAULT_TIMEZONE = 'Europe/Berlin';

/**
 * `at` as the wall clock of `timezone`, in a Date whose UTC fields carry it: a spreadsheet
 * shows a date's UTC fields, and a cover saying 06:51 for a file loaded at 07:51 in Berlin
 * disagreed with `almp status`.
 */
export function localWallClock(at: Date, timezone: string): Date {
  const parts = Object.fromEntries(
    wallClockFormat(timezone)
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return new Date(Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!, at.getUTCMilliseconds()));
}

const WALL_CLOCK_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: making one costs ~0.1 ms, and each return's cover lists every loaded file's time. */
function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  let format = WALL_CLOCK_FORMATS.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    WALL_CLOCK_FORMATS.set(timezone, format);
  }
  return format;
}

/** The calendar day of `at` in `timezone`, as 'YYYY-MM-DD'. */
export function localDay(at: Date, timezone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The n-th Monday-to-Friday day of a month (month 1..12), as 'YYYY-MM-DD'. */
export function nthWorkingDay(year: number, month: number, n: number): string {
  let count = 0;
  for (let day = 1; day <= 31; day++) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1) break;
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && ++count === n) return date.toISOString().slice(0, 10);
  }
  throw new RangeError(`a month has no ${n}th working day`);
}

export interface DueReturn {
  /** Period of the return: '2026-Q1' or '2025'. */
  readonly period: string;
  /** Local day it is due. */
  readonly due: string;
}

/** The latest quarter whose return is due on or before `day`. */
export function latestQuarterlyDue(day: string, n: number): DueReturn {
  let year = Number(day.slice(0, 4));
  // Quarters end in Mar, Jun, Sep, Dec; their returns fall due in Apr, Jul, Oct, Jan.
  let quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3); // quarter that ended before this one (0 = Q4 of last year)
  for (;;) {
    const periodYear = quarter === 0 ? year - 1 : year;
    const periodQuarter = quarter === 0 ? 4 : quarter;
    const dueMonth = periodQuarter === 4 ? 1 : periodQuarter * 3 + 1;
    const dueYear = periodQuarter === 4 ? periodYear + 1 : periodYear;
    const due = nthWorkingDay(dueYear, dueMonth, n);
    if (due <= day) return { period: `${periodYear}-Q${periodQuarter}`, due };
    // Not yet due this quarter: the one before.
    quarter -= 1;
    if (quarter < 0) {
      quarter = 3;
      year -= 1;
    }
  }
}

/** The latest year whose annual return is due on or before `day`. */
export function latestAnnualDue(day: string, n: number): DueReturn {
  const year = Number(day.slice(0, 4));
  const dueThisYear = nthWorkingDay(year, 1, n);
  return dueThisYear <= day ? { period: String(year - 1), due: dueThisYear } : { period: String(year - 2), due: nthWorkingDay(year - 1, 1, n) };
}
