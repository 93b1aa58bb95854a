/**
 * Earlier versions of the records in an export. `staging.final_reports` reads the versions a
 * correction replaced: the first one dates the report's delivery (`report_on_time_rate`),
 * and a build at an earlier as-of takes the version in force then. An export of the current
 * versions alone made the state date a corrected report by its correction: 191/321 reports
 * on time at the state against 192/321 in the union of the Jobcenters' data.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';

/** The kinds whose models read earlier versions (the only one: final reports). */
export const HISTORY_KINDS: readonly Kind[] = ['final_reports'];

/** The export's table (and file stem) holding a kind's earlier versions. */
export function historyName(kind: Kind): string {
  return `${kind}_history`;
}

/** The kind whose history a table name of the manifest (without `raw.`) names, if it does. */
export function historyKind(name: string): Kind | undefined {
  return HISTORY_KINDS.find((kind) => historyName(kind) === name);
}

const keyMatch = (kind: Kind, a: string, b: string) =>
  KIND_SPECS[kind].key.map((k) => `${a}.${ident(k)} IS NOT DISTINCT FROM ${b}.${ident(k)}`).join(' AND ');

/**
 * The versions no longer in force of the records still in force, oldest first (the order
 * they were loaded in: the import keeps it), each only where it differs from the version
 * before it and from the one in force: a provider's monthly file repeats every report it
 * sent before, and each repetition supersedes the last — exported whole, 3 deliveries of
 * one file put 207 earlier versions beside 280 reports, 71 of them different. The first
 * version stays (it dates the delivery) unless it is the version in force. Versions of
 * records no longer current are no one's history; nor, at a state that exports on, is a
 * version its own instance retired (a person erased at one Jobcenter whose record another
 * still delivers): it went to the federal level as an earlier version. With each version's
 * `_file_id` and `_row`, in that order (source.ts names them).
 */
export function historySource(kind: Kind, columns: string): string {
  const table = `raw.${ident(kind)}`;
  const key = KIND_SPECS[kind].key.map((k) => ident(k)).join(', ');
  return `WITH corrected AS (
            SELECT DISTINCT ${key} FROM ${table} WHERE NOT _current
          ),
          versions AS (
            SELECT r.*, hash(${columns.split(', ').map((c) => `r.${c}`).join(', ')}) AS _h
            FROM ${table} AS r SEMI JOIN corrected AS k ON ${keyMatch(kind, 'r', 'k')}
            WHERE NOT EXISTS (
              SELECT 1 FROM meta.export_files AS own JOIN meta.export_files AS later USING (instance_id)
              WHERE own.file_id = r._file_id AND later.file_id = r._superseded_by
                AND NOT EXISTS (SELECT 1 FROM ${table} AS n WHERE n._file_id = r._superseded_by AND ${keyMatch(kind, 'n', 'r')}))
          ),
          ordered AS (
            SELECT *,
              lag(_h) OVER (PARTITION BY ${key} ORDER BY _file_id, _row) AS _before,
              max(CASE WHEN _current THEN _h END) OVER (PARTITION BY ${key}) AS _in_force
            FROM versions
          )
          SELECT ${columns}, _file_id, _row FROM ordered
          WHERE NOT _current AND _in_force IS NOT NULL AND _h IS DISTINCT FROM _before AND _h <> _in_force
          ORDER BY _file_id, _row`;
}

/**
 * Stores the checked history rows of an imported file (`staged`) as versions no longer in
 * force, superseded within the file: rows numbered below the file's records (−n … −1, in
 * their order), so that wherever the latest version of a file is taken, its record in force
 * is, and among the versions the latest replaced one. Returns how many.
 */
export async function storeHistory(db: Db, kind: Kind, staged: string, fileId: number): Promise<number> {
  const columns = KIND_SPECS[kind].columns.map((c) => ident(c.name)).join(', ');
  return (await db.connection.run(
    `INSERT INTO raw.${ident(kind)} (${columns}, _file_id, _row, _current, _superseded_by)
     SELECT ${columns}, $fileId, _row - (SELECT max(_row) + 1 FROM ${staged}), false, $fileId
     FROM ${staged} WHERE NOT _blank AND _errs IS NULL`,
    { fileId },
  )).rowsChanged;
}
