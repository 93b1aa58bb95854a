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

/** Makes the loaded exports of instance `given` those of `instance`, the export being ingested. */
export async function replaceInstance(db: Db, given: string, instance: string | undefined, dir: string, effects: Effects): Promise<void> {
  if (instance === undefined) {
    throw new IngestError(`The export in ${dir} names no instance (written before 2026-12-03): --replaces needs one.`, dir, undefined, undefined, 'Export again at the Jobcenter with a current almp, then ingest that folder with --replaces.');
  }
  const found = given.trim().length >= 8 ? await matching(db, given) : [];
  if (found.length !== 1 || found[0] === instance) {
    const why = found.length > 1 ? 'names several instances' : found[0] === instance ? 'is the instance of this export itself' : 'names no instance loaded here';
    throw new IngestError(`--replaces ${given} ${why}. Nothing of ${dir} was loaded.`, dir, undefined, undefined, `Give the old instance's id (8 characters or more) as the warning at ingest names it; loaded here: ${await loadedInstances(db)}.`);
  }
  const old = found[0]!;
  const files = await db.transaction(async () => (await db.connection.run('UPDATE meta.export_files SET instance_id = $instance WHERE instance_id = $old', { instance, old })).rowsChanged);
  effects.out(`Instance ${old.slice(0, 8)} replaced by ${instance.slice(0, 8)}: its ${files} loaded file${files === 1 ? '' : 's'} count as this instance's earlier export, whose records the export replaces.`);
}
