/**
 * A state instance builds on the exports of several Jobcenter instances. One whose latest
 * export declares a cut-off (its manifest's as-of) before the build's as-of holds none of
 * that Jobcenter's events after it: the state's figures for later periods undercount it and
 * the totals mix two cut-offs. In a trial (three Jobcenters, one export a quarter older) the
 * state's exits of Q3 2026 were 1,869 instead of 2,869, with no word at ingest or build.
 */
import type { Db } from '../db/database.ts';
import { germanDate } from '../models/as-of.ts';

/** The warning for instances whose latest export is as of a day before `asOf`, if any. */
export async function exportsBehindAsOf(db: Db, asOf: string): Promise<string | undefined> {
  const behind = await db.json<{ export: string; as_of: string; jobcenters: string | null }>(
    `WITH latest AS (
       SELECT e.instance_id, arg_max(e.as_of, e.exported_at) AS as_of, arg_max(split_part(f.name, '/', 1), e.exported_at) AS export
       FROM meta.export_files AS e JOIN meta.files AS f USING (file_id)
       GROUP BY ALL
     )
     SELECT l.export, CAST(l.as_of AS VARCHAR) AS as_of,
       (SELECT string_agg(DISTINCT p.jobcenter_id, ', ' ORDER BY p.jobcenter_id) FROM raw.participations AS p
        WHERE p._current AND p._file_id IN (SELECT file_id FROM meta.export_files WHERE instance_id = l.instance_id)) AS jobcenters
     FROM latest AS l
     WHERE l.as_of < CAST($asOf AS DATE)
     ORDER BY l.as_of, l.export`,
    { asOf },
  );
  if (behind.length === 0) return undefined;
  const list = behind
    .map((b) => `${b.jobcenters ? `Jobcenter ${b.jobcenters}` : 'no participations'} from export ${b.export} as of ${germanDate(b.as_of)}`)
    .join('; ');
  const earliest = behind[0]!.as_of;
  const one = behind.length === 1;
  return (
    `the as-of ${germanDate(asOf)} is after the cut-off of ${one ? 'an instance export' : `${behind.length} instance exports`} loaded here (${list}): ` +
    `${one ? 'its' : 'their'} events after that day are missing, so figures of later periods undercount ${one ? 'it' : 'them'} and the totals mix cut-offs — ` +
    `ingest a current export of ${one ? 'that Jobcenter' : 'those Jobcenters'}, or build with --as-of ${earliest}`
  );
}
