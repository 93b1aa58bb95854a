/**
 * A requested period must lie within the data: one that begins after the as-of has no
 * figures yet, one that ends before the participation data begin has none at all — both
 * would be written as returns of zeros (and the latter marked final), which a funder reads
 * as "no one took part". Refused as a CliError (exit 2, no failed run in the ledger).
 */
import { germanDate } from '../pipelines/models/as-of.ts';
import type { Db } from '../pipelines/db/database.ts';
import { CliError } from '../pipelines/errors.ts';
import { periodLastDay } from './period.ts';

export function periodFirstDay(period: string): string {
  const month = period.length === 4 ? 1 : Number(period.slice(-1)) * 3 - 2;
  return `${period.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

/** The first month of participation data (mart.data_begin): of one Jobcenter, or the earliest of all. */
async function dataBegin(db: Db, jobcenterId: string | undefined): Promise<string | null> {
  const rows = await db.json<{ d: string | null }>(
    `select min(covered_from)::varchar as d from mart.data_begin
     where jobcenter_id <> '*' and provider_id = '*' and instrument = '*'
       and ($jobcenter::varchar is null or jobcenter_id = $jobcenter)`,
    { jobcenter: jobcenterId ?? null },
  );
  return rows[0]?.d ?? null;
}

/** The half of the check that needs no marts: `almp run` asks it before the build. */
export function refusePeriodAfterAsOf(period: string | undefined, asOf: string): void {
  if (period && periodFirstDay(period) > asOf) {
    throw new CliError(`The period ${period} begins after the data's as-of date ${germanDate(asOf)}.`, `Choose a period up to ${asOf.slice(0, 4)}, or leave --period out for the latest complete one.`);
  }
}

export async function refusePeriodOutsideData(db: Db, period: string | undefined, asOf: string, jobcenterId?: string): Promise<void> {
  if (!period) return;
  refusePeriodAfterAsOf(period, asOf);
  const begin = await dataBegin(db, jobcenterId);
  if (begin && periodLastDay(period) < begin) {
    const whose = jobcenterId ? `Jobcenter ${jobcenterId}'s participation data begin` : 'the participation data begin';
    throw new CliError(`The period ${period} ends before ${whose} (${begin}): its return would show zeros for a time the data do not cover.`, `Choose a period from ${begin.slice(0, 4)} on, or leave --period out for the latest complete one.`);
  }
}
