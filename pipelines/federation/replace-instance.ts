/**
 * `almp ingest <export> --replaces <instance>`: a Jobcenter database moved to another path
 * exports as a new instance (instance.ts), and the old instance's records never left the
 * state — a person erased after the move still counted there (dropout rate 31/113 instead of
 * 30/112, an audit). Said by the state's operator, the old instance's loaded exports become
 * the new one's: its export then replaces them as a later export of the same instance does,
 * retiring what it no longer holds.
 */
import type { Db } from '../db/database.ts';
import { IngestError } from '../errors.ts';
import type { Effects } from '../effects.ts';

/** The instance ids loaded here that `given` (a whole id, or a prefix of 8 characters or more) names. */
async function matching(db: Db, given: string): Promise<string[]> {
  const rows = await db.json<{ id: string }>(
    'SELECT DISTINCT instance_id AS id FROM meta.export_files WHERE starts_with(instance_id, $given) ORDER BY 1',
    { given: given.trim().toLowerCase() },
  );
  return rows.map((r) => r.id);
}

/** The instances loaded here, one line each, for a refusal. */
export async function loadedInstances(db: Db): Promise<string> {
  const rows = await db.json<{ id: string; folders: string; last: string }>(
    `SELECT e.instance_id AS id, string_agg(DISTINCT split_part(f.name, ' [instance', 1), ', ') AS folders, max(e.exported_at)::VARCHAR AS last
     FROM meta.export_files AS e JOIN meta.files AS f USING (file_id) GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => `${r.id} (${r.folders}, last export ${r.last.slice(0, 16)} UTC)`).join('; ') || 'none';
}

/**
 * Makes the loaded exports of instance `given` those of `instance`, the export being ingested
 * (`exportedAt`; its participations staged in `staged`). Refused before anything changes when
 * the old instance exported after this export was written (the import would then refuse this
 * export as older, with the old instance's files already relabelled), or holds a Jobcenter
 * this export does not (its records would all be retired: a mistyped id wiped a Jobcenter).
 */
export async function replaceInstance(db: Db, given: string, export_: { instance?: string; exportedAt?: string; staged?: string }, dir: string, effects: Effects): Promise<void> {
  const instance = export_.instance;
  if (instance === undefined) {
    throw new IngestError(`The export in ${dir} names no instance (written before 2026-12-03): --replaces needs one.`, dir, undefined, undefined, 'Export again at the Jobcenter with a current almp, then ingest that folder with --replaces.');
  }
  const found = given.trim().length >= 8 ? await matching(db, given) : [];
  if (found.length !== 1 || found[0] === instance) {
    const why = found.length > 1 ? 'names several instances' : found[0] === instance ? 'is the instance of this export itself' : 'names no instance loaded here';
    throw new IngestError(
      `--replaces ${given} ${why}. Nothing of ${dir} was loaded.`,
      dir,
      undefined,
      undefined,
      `Give the old instance's id (8 characters or more) as the warning at ingest names it (if an earlier --replaces of it went through, there is nothing left to do); loaded here: ${await loadedInstances(db)}.`,
    );
  }
  const old = found[0]!;
  // both ISO times in UTC as exportSource stores them (toISOString): compared as text
  const last = await db.json<{ at: string | null }>('SELECT max(exported_at) AS at FROM meta.export_files WHERE instance_id = $old', { old });
  if (export_.exportedAt !== undefined && last[0]?.at && last[0].at > export_.exportedAt) {
    throw new IngestError(
      `Instance ${old.slice(0, 8)} exported after this export was written (${last[0].at} against ${export_.exportedAt}): it cannot be the database this one was moved from then. Nothing of ${dir} was loaded.`,
      dir,
      undefined,
      undefined,
      'Export again from the moved database (its newest state), then ingest that folder with --replaces.',
    );
  }
  if (export_.staged !== undefined) {
    const lost = await db.json<{ id: string }>(
      `SELECT DISTINCT p.jobcenter_id AS id FROM raw.participations AS p JOIN meta.export_files AS e ON e.file_id = p._file_id
       WHERE e.instance_id = $old AND p._current AND p.jobcenter_id NOT IN (SELECT jobcenter_id FROM ${export_.staged} WHERE jobcenter_id IS NOT NULL)
       ORDER BY 1`,
      { old },
    );
    if (lost.length > 0) {
      throw new IngestError(
        `Instance ${old.slice(0, 8)} holds participations of Jobcenter${lost.length > 1 ? 's' : ''} ${lost.map((l) => l.id).join(', ')}, which this export has none of: replaced, they would all stop counting. Nothing of ${dir} was loaded.`,
        dir,
        undefined,
        undefined,
        'Check the id: --replaces is for the instance this database was moved from. A Jobcenter that left that instance for another one needs the other one\'s export, not this one.',
      );
    }
  }
  const files = await db.transaction(async () => (await db.connection.run('UPDATE meta.export_files SET instance_id = $instance WHERE instance_id = $old', { instance, old })).rowsChanged);
  effects.out(`Instance ${old.slice(0, 8)} replaced by ${instance.slice(0, 8)}: its ${files} loaded file${files === 1 ? '' : 's'} count as this instance's earlier export, whose records the export replaces.`);
}
