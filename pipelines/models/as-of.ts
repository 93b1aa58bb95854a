/**
 * The data cut-off. Given: validated. Not given: the latest event date in the data in
 * force — the maximum of referral, entry, exit, final-report and outcome-status dates.
 * Planned and contract dates are plans, not events, and are left out; month-stamped
 * kinds (attendance, stocks) only say which month, not which day, and are left out too.
 */
import type { Db } from '../db/database.ts';
import { AlmpError } from '../errors.ts';
import { DEFAULT_TIMEZONE, localDay } from '../schedule/working-days.ts';

const LATEST_EVENT_SQL = `
  select max(d) as latest from (
    select greatest(max(referral_date), max(entry_date), max(exit_date)) as d from raw.participations where _current
    union all select max(report_date) from raw.final_reports where _current
    union all select max(status_date) from raw.outcomes where _current
  )`;

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
  return (await latestEvent(db)) ?? localDay(today, DEFAULT_TIMEZONE);
}

async function latestEvent(db: Db): Promise<string | null> {
  const [row] = await db.json<{ latest: string | null }>(LATEST_EVENT_SQL);
  return row?.latest ?? null;
}

/**
 * A given as-of after the latest event in the data is allowed (a cut-off announced ahead)
 * but changes figures silently: participations without an exit count as active up to it,
 * and windows (14, 28, 42, 182 days) close without anything having been observed.
 */
export async function asOfBeyondData(db: Db, asOf: string): Promise<string | undefined> {
  const latest = await latestEvent(db);
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
export async function checkGivenAsOf(db: Db, given: string | undefined, asOf: string, nothingDone?: string): Promise<string | undefined> {
  if (given === undefined) return undefined;
  await refuseAsOfBeforeData(db, asOf, nothingDone);
  return asOfBeyondData(db, asOf);
}
