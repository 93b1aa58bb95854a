/**
 * Which Jobcenter a check's failing row belongs to, so that a Jobcenter's controlling return
 * can show its own data-quality findings instead of the whole Land's. Read from the columns
 * the check already selects (the checks and their `almp check --show` output stay as they
 * are): a `jobcenter_id`; else the Jobcenter of the `measure_id`'s measure; else of the
 * participation a `participation_key` names. A check without any of them (duplicate keys
 * across files), a row whose measure is unknown and a row whose Jobcenter is not in the
 * Jobcenter list stay unattributed (jobcenter_id NULL): the returns are written for the
 * Jobcenters of the list, so a row counted for 06499 (a measure naming an unknown
 * Jobcenter) showed on no return at all; unattributed, it counts in every return's
 * Land-wide column.
 */
import type { Db } from '../db/database.ts';

export interface JobcenterCount {
  readonly jobcenter_id: string | null;
  readonly failing: number;
}

function attribution(columns: readonly string[]): { expr: string; join: string } {
  if (columns.includes('jobcenter_id')) return { expr: 'f.jobcenter_id', join: '' };
  if (columns.includes('measure_id')) {
    return { expr: 'm.jobcenter_id', join: 'left join staging.measures as m on m.measure_id = f.measure_id' };
  }
  if (columns.includes('participation_key')) {
    return {
      expr: 'p.jobcenter_id',
      join: `left join (select core.participation_key(participant_id, measure_id, referral_date) as k, jobcenter_id from core.participations) as p
               on p.k = f.participation_key`,
    };
  }
  return { expr: 'null::varchar', join: '' };
}

/** The check's failing rows counted per Jobcenter (one query: the check runs once). */
export async function failingByJobcenter(db: Db, checkSql: string): Promise<JobcenterCount[]> {
  const described = await db.all<{ column_name: string }>(`describe select * from (${checkSql}) as f`);
  const { expr, join } = attribution(described.map((d) => d.column_name));
  // IN, not a join: a Jobcenter listed twice (keys_unique's finding) must not count a row twice
  const known = `case when ${expr} in (select jobcenter_id from staging.jobcenters) then ${expr} end`;
  const rows = await db.all<{ jobcenter_id: string | null; n: number }>(
    `select ${known} as jobcenter_id, count(*)::integer as n from (${checkSql}) as f ${join} group by all order by all`,
  );
  return rows.map((r) => ({ jobcenter_id: r.jobcenter_id, failing: Number(r.n) }));
}
