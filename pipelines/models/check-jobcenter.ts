/**
 * Which Jobcenter a check's failing row belongs to, so that a Jobcenter's controlling return
 * can show its own data-quality findings instead of the whole Land's. Read from the columns
 * the check already selects (the checks and their `almp check --show` output stay as they
 * are): a `jobcenter_id` (a check of participations selects the participation's own); else
 * the Jobcenter of the `measure_id`'s measure. A check without either (duplicate keys
 * across files), a row whose measure is unknown and a row whose Jobcenter is not in the
 * Jobcenter list and gets no return stay unattributed (jobcenter_id NULL): a row counted
 * for 06499 (a measure naming an unknown Jobcenter) showed on no return at all;
 * unattributed, it counts in every return's Land-wide column.
 */
import { DuckDBListValue } from '@duckdb/node-api';
import type { Db } from '../db/database.ts';

export interface JobcenterCount {
  readonly jobcenter_id: string | null;
  readonly failing: number;
}

function attribution(columns: readonly string[]): { expr: string; join: string } {
  if (columns.includes('jobcenter_id')) return { expr: 'f.jobcenter_id', join: '' };
  if (columns.includes('measure_id')) {
    // one row per measure id: a measure listed twice (keys_unique's finding) counted each row twice (an audit)
    return { expr: 'm.jobcenter_id', join: 'left join (select measure_id, min(jobcenter_id) as jobcenter_id from staging.measures group by measure_id) as m on m.measure_id = f.measure_id' };
  }
  return { expr: 'null::varchar', join: '' };
}

/**
 * The Jobcenters that get a controlling return: those of the list, and those a measure's
 * participations mostly belong to (mart.return_measures plans the returns by that rule, so
 * 06488, missing from the list but holding its own measure, gets a return — which showed 0
 * for its own findings while they counted Land-wide). Read once per run of the checks.
 */
export async function jobcentersWithReturns(db: Db): Promise<string[]> {
  const rows = await db.all<{ jobcenter_id: string }>(
    `select jobcenter_id from staging.jobcenters where jobcenter_id is not null
     union
     select jobcenter_id from (
       select measure_id, jobcenter_id, count(*) as n from core.participations where jobcenter_id is not null group by measure_id, jobcenter_id
       qualify row_number() over (partition by measure_id order by n desc, jobcenter_id) = 1)
     order by 1`,
  );
  return rows.map((r) => r.jobcenter_id);
}

/**
 * The columns a check selects, by its SQL text: the same in every database of this layout
 * (bootstrap brings each to it before a build). Asked of DuckDB once per process, not at
 * every build: the 19 DESCRIBEs were 40 ms of a 1.1 s build of the samples.
 */
const checkColumns = new Map<string, readonly string[]>();

async function columnsOf(db: Db, checkSql: string): Promise<readonly string[]> {
  let columns = checkColumns.get(checkSql);
  if (!columns) {
    columns = (await db.all<{ column_name: string }>(`describe select * from (${checkSql}) as f`)).map((d) => d.column_name);
    checkColumns.set(checkSql, columns);
  }
  return columns;
}

/** The check's failing rows counted per Jobcenter (one query: the check runs once); `known`: jobcentersWithReturns. */
export async function failingByJobcenter(db: Db, checkSql: string, known?: readonly string[]): Promise<JobcenterCount[]> {
  const { expr, join } = attribution(await columnsOf(db, checkSql));
  const ids = known ?? (await jobcentersWithReturns(db));
  // a list, not a join: a Jobcenter listed twice (keys_unique's finding) must not count a row twice
  const attributed = `case when list_contains($known::VARCHAR[], ${expr}) then ${expr} end`;
  const rows = await db.all<{ jobcenter_id: string | null; n: number }>(
    `select ${attributed} as jobcenter_id, count(*)::integer as n from (${checkSql}) as f ${join} group by all order by all`,
    { known: new DuckDBListValue(ids.length > 0 ? [...ids] : ['']) },
  );
  return rows.map((r) => ({ jobcenter_id: r.jobcenter_id, failing: Number(r.n) }));
}
