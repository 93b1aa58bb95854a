/**
 * The data cut-off. Given: validated. Not given: the latest event date in the data in
 * force — the maximum of referral, entry, exit, final-report and outcome-status dates —
 * up to today. Planned and contract dates are plans, not events, and are left out;
 * month-stamped kinds (attendance, stocks) only say which month, not which day, and are
 * left out too. An event dated after today is a typing error (one outcome of 12.05.2052 for
 * 2025 made a run as of 2052: 2026 figures final, no-show rate 17.2 % instead of 13.2 %,
 * returns for 2029): it is left out of the default and named (futureEvents).
 */
import type { Db } from '../db/database.ts';
import { AlmpError } from '../errors.ts';
import { DEFAULT_TIMEZONE, localDay } from '../schedule/working-days.ts';

/** The latest event date in force; `$today` given: the latest up to it. */
const latestEventSql = (upToToday: boolean): string => {
  const upTo = (column: string) => (upToToday ? `max(${column}) filter (where ${column} <= $today::DATE)` : `max(${column})`);
  return `
  select max(d) as latest from (
    select greatest(${upTo('referral_date')}, ${upTo('entry_date')}, ${upTo('exit_date')}) as d from raw.participations where _current
    union all select ${upTo('report_date')} from raw.final_reports where _current
    union all select ${upTo('status_date')} from raw.outcomes where _current
  )`;
};

const LATEST_EVENT_SQL = latestEventSql(false);

/** Every event date in force after `$today`, with where it stands (kind, column, file, row). */
const FUTURE_EVENTS_SQL = `
  select 'participations' as kind, 'referral_date' as col, _file_id, _row, referral_date as d from raw.participations where _current and referral_date > $today::DATE
  union all select 'participations', 'entry_date', _file_id, _row, entry_date from raw.participations where _current and entry_date > $today::DATE
  union all select 'participations', 'exit_date', _file_id, _row, exit_date from raw.participations where _current and exit_date > $today::DATE
  union all select 'final_reports', 'report_date', _file_id, _row, report_date from raw.final_reports where _current and report_date > $today::DATE
  union all select 'outcomes', 'status_date', _file_id, _row, status_date from raw.outcomes where _current and status_date > $today::DATE`;

/** An ISO day as the terminal shows it: 2025-03-31 → 31.03.2025. */
export const germanDate = (iso: string): string => iso.split('-').reverse().join('.');

export function parseAsOf(value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  if (!ok || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new AlmpError(`--as-of '${value}' is not a date`, 'Give the data cut-off as YYYY-MM-DD, e.g. --as-of 2025-06-30.', 2);
  }
  return value;
}

/**
 * The as-of date to use; `today` (from the injected clock) only when there is no data at all,
 * as the day in Germany: the UTC date was the day before until 01:00/02:00 Berlin time.
 */
export async function resolveAsOf(db: Db, asOf: string | undefined, today: Date): Promise<string> {
  if (asOf !== undefined) return parseAsOf(asOf);
  const day = localDay(today, DEFAULT_TIMEZONE);
  return (await latestEvent(db, day)) ?? day;
}

/** The latest event date up to `today` (ISO), or of all when `today` is not given; null: no dated record. */
export async function latestEvent(db: Db, today?: string): Promise<string | null> {
  const [row] = await db.json<{ latest: string | null }>(
    today === undefined ? LATEST_EVENT_SQL : latestEventSql(true),
    today === undefined ? {} : { today },
  );
  return row?.latest ?? null;
}

/**
 * Events dated after today, left out of the default as-of: the warning naming how many and
 * the latest with its file, row and column, or undefined.
 */
export async function futureEvents(db: Db, now: Date): Promise<string | undefined> {
  const today = localDay(now, DEFAULT_TIMEZONE);
  // the usual case, nothing after today, costs what the default as-of cost already
  const latest = await latestEvent(db);
  if (latest === null || latest <= today) return undefined;
  const rows = await db.json<{ n: number; kind: string; col: string; file: string | null; row: number; d: string }>(
    `with future as (${FUTURE_EVENTS_SQL})
     select (select count(*) from future)::INTEGER as n, f.kind, f.col, m.name as file, f._row::INTEGER as row, f.d::VARCHAR as d
     from future f left join meta.files m on m.file_id = f._file_id
     order by f.d desc, f.kind, f._row limit 1`,
    { today },
  );
  const first = rows[0];
  if (!first) return undefined;
  const where = `${first.file ?? first.kind}, row ${first.row}, ${first.col} ${germanDate(first.d)}`;
  const count = first.n === 1 ? '1 date' : `${first.n.toLocaleString('de-DE')} dates`;
  return `${count} in the data ${first.n === 1 ? 'lies' : 'lie'} after today (${germanDate(today)}), the latest ${where}: left out of the default as-of (a typing error? correct the file and ingest it again; records dated after the as-of are not counted)`;
}

/**
 * A given as-of after the latest event in the data is allowed (a cut-off announced ahead)
 * but changes figures silently: participations without an exit count as active up to it,
 * and windows (14, 28, 42, 182 days) close without anything having been observed.
 */
export async function asOfBeyondData(db: Db, asOf: string, now?: Date): Promise<string | undefined> {
  // the latest up to today: a 2052 typo let a cut-off past the real data go without the warning
  const latest = await latestEvent(db, now === undefined ? undefined : localDay(now, DEFAULT_TIMEZONE));
  if (!latest || asOf <= latest) return undefined;
  const de = germanDate;
  return `--as-of ${de(asOf)} is after the latest date in the data (${de(latest)}): participations without an exit count as active up to ${de(asOf)} and follow-up windows close unobserved — omit --as-of to use the data's own date`;
}

/**
 * A given as-of before the first referral in the data leaves nothing in force: the build
 * replaced every mart with empty ones and the run published them (`--as-of 1990-01-01`, or
 * 2016 typed for 2026, exited 0). Refused before the build; the marts stay as they are.
 */
export async function refuseAsOfBeforeData(db: Db, asOf: string, nothingDone = 'Nothing was built.'): Promise<void> {
  const [row] = await db.json<{ first: string | null; latest: string | null }>(
    `select cast(min(referral_date) as varchar) as first, cast((${LATEST_EVENT_SQL}) as varchar) as latest from raw.participations where _current`,
  );
  if (!row?.first || asOf >= row.first) return;
  throw new AlmpError(
    `--as-of ${germanDate(asOf)} is before the first referral in the data (${germanDate(row.first)}): no participation would be in force and every figure would be empty. ${nothingDone}`,
    `Give a cut-off on or after ${germanDate(row.first)}, or omit --as-of to use the data's latest date${row.latest ? ` (${germanDate(row.latest)})` : ''}.`,
    2,
  );
}

/**
 * A given --as-of checked the one way for `almp run` and `almp check`: before the data it is
 * refused (exit 2), after the latest date the warning is returned. `almp check --as-of
 * 2020-01-01` showed every check green with exit 0 where run refused the date, and check
 * --as-of 2099-01-01 said nothing of the windows closing unobserved. Not given: nothing to say.
 */
export async function checkGivenAsOf(db: Db, given: string | undefined, asOf: string, nothingDone?: string, now?: Date): Promise<string | undefined> {
  if (given === undefined) return undefined;
  await refuseAsOfBeforeData(db, asOf, nothingDone);
  return asOfBeyondData(db, asOf, now);
}
