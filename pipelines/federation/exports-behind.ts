/**
 * The run's note on instance exports whose cut-off lies before the build's as-of
 * (mart.export_cutoffs, the one definition; the outputs say it in German:
 * pipelines/publish/cutoff-note.ts).
 */
import type { Db } from '../db/database.ts';
import { germanDate } from '../models/as-of.ts';

export interface ExportBehind extends Record<string, unknown> {
  readonly export_name: string;
  readonly cutoff: string;
  readonly jobcenters: string | null;
  readonly as_of: string;
}

/** The rows of the last build (none when it has no such table). */
export async function exportsBehind(db: Db): Promise<ExportBehind[]> {
  return db
    .json<ExportBehind>('SELECT export_name, CAST(cutoff AS VARCHAR) AS cutoff, jobcenters, CAST(as_of AS VARCHAR) AS as_of FROM mart.export_cutoffs ORDER BY cutoff, export_name')
    .catch(() => []);
}

/** The warning of the last build, if any export is behind its as-of. */
export async function exportsBehindNote(db: Db): Promise<string | undefined> {
  const behind = await exportsBehind(db);
  if (behind.length === 0) return undefined;
  const list = behind
    .map((b) => `${b.jobcenters ? `Jobcenter ${b.jobcenters}` : 'no participations'} from export ${b.export_name} as of ${germanDate(b.cutoff)}`)
    .join('; ');
  const one = behind.length === 1;
  return (
    `the as-of ${germanDate(behind[0]!.as_of)} is after the cut-off of ${one ? 'an instance export' : `${behind.length} instance exports`} loaded here (${list}): ` +
    `${one ? 'its' : 'their'} events after that day are missing, so figures of later periods undercount ${one ? 'it' : 'them'} and the totals mix cut-offs — ` +
    `ingest a current export of ${one ? 'that Jobcenter' : 'those Jobcenters'}, or build with --as-of ${behind[0]!.cutoff}`
  );
}
