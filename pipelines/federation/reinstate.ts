/**
 * A record an instance's new export no longer holds is retired at the state (import.ts). Its
 * key may be held by another source too: a person's status event (outcomes are keyed by
 * person and date) that the Jobcenters of both of a person's stays deliver. The version the
 * retired one had replaced then counts again. Before, a person erased at one Jobcenter lost
 * the state the status event another Jobcenter still delivers, and with it that Jobcenter's
 * integration figures for the person's exit.
 */
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';

/**
 * After the import of `fileId` (instance `instance`) retired records: for each retired key,
 * the latest version still in force where it came from — an ingested file, or the latest
 * loaded file of this kind of another instance — is current again. Returns how many.
 */
export async function reinstateHeldElsewhere(db: Db, kind: Kind, fileId: number, instance: string): Promise<number> {
  const table = `raw.${ident(kind)}`;
  const keys = KIND_SPECS[kind].key.map(ident);
  const match = (a: string, b: string) => keys.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');
  return (await db.connection.run(
    `UPDATE ${table} AS r SET _current = true, _superseded_by = NULL
     FROM (
       SELECT o._file_id, o._row
       FROM ${table} AS o
       JOIN (SELECT ${keys.map((k) => `t.${k}`).join(', ')} FROM ${table} AS t
             WHERE t._superseded_by = $fileId AND t._file_id <> $fileId
               AND NOT EXISTS (SELECT 1 FROM ${table} AS n WHERE n._file_id = $fileId AND ${match('n', 't')})) AS retired
         ON ${match('o', 'retired')}
       WHERE o._file_id NOT IN (SELECT file_id FROM meta.export_files WHERE instance_id = $instance)
         AND o._file_id IN (
           SELECT file_id FROM meta.files WHERE kind = $kind AND file_id NOT IN (SELECT file_id FROM meta.export_files)
           UNION ALL
           SELECT max(e.file_id) FROM meta.export_files AS e JOIN meta.files AS f USING (file_id) WHERE f.kind = $kind GROUP BY e.instance_id)
       QUALIFY row_number() OVER (PARTITION BY ${keys.map((k) => `o.${k}`).join(', ')} ORDER BY o._file_id DESC, o._row DESC) = 1
     ) AS held
     WHERE r._file_id = held._file_id AND r._row = held._row`,
    { fileId, instance, kind },
  )).rowsChanged;
}
