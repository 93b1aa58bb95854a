/**
 * The returns the scheduler writes by a due day (n-th working day after the period): which one
 * fell due last, whether it was written since, and what was built into the marts after it.
 */
import type { Db } from '../db/database.ts';
import { type DueReturn, latestAnnualDue, latestQuarterlyDue, localDay } from '../schedule/working-days.ts';
import type { JobStatus } from './status.ts';

export const RETURN_CADENCE: Partial<Record<string, 'quarterly' | 'annual'>> = { quarterly_return: 'quarterly', annual_return: 'annual' };

/** The return that fell due last (n-th working day after its period) and when it was written since. */
export function latestDue(job: string, workingDay: number, timezone: string, now: Date): DueReturn | undefined {
  const cadence = RETURN_CADENCE[job];
  if (!cadence) return undefined;
  const today = localDay(now, timezone);
  return cadence === 'quarterly' ? latestQuarterlyDue(today, workingDay) : latestAnnualDue(today, workingDay);
}

export function dueReturn(job: string, workingDay: number, produced: string | undefined, timezone: string, now: Date, builtSince?: { files: number; at: string }): Pick<JobStatus, 'due'> {
  const due = latestDue(job, workingDay, timezone, now);
  if (!due) return {};
  const written = produced !== undefined && localDay(new Date(produced), timezone) >= due.due ? produced : null;
  return { due: { period: due.period, day: due.due, writtenAt: written, ...(written && builtSince ? { builtSince } : {}) } };
}

/**
 * Files loaded after `written` that a later build took into the marts. The scheduler writes a
 * due return once: one written from a delivery loaded in part (the rest arrived minutes
 * later) stayed as it was, without a Jobcenter's workbook, while status said "written" (a review).
 */
export async function builtSinceWritten(db: Db, written: string | undefined): Promise<{ files: number; at: string } | undefined> {
  if (written === undefined) return undefined;
  if (!(await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'marts_built'"))) return undefined;
  const [row] = await db.json<{ files: number; at: string | null }>(
    `SELECT count(*)::INTEGER AS files, strftime(b.built, '%Y-%m-%dT%H:%M:%S.%gZ') AS at
     FROM (SELECT max(built_at) AS built FROM meta.marts_built) AS b
     LEFT JOIN meta.files AS f ON f.loaded_at > $written::TIMESTAMP AND f.loaded_at <= b.built
     WHERE f.file_id IS NOT NULL
     GROUP BY b.built`,
    { written: written.replace('T', ' ').replace('Z', '') },
  );
  return row && row.files > 0 && row.at ? { files: row.files, at: row.at } : undefined;
}
