/**
 * The files with rejected rows, or refused whole, in the last days (almp status), and which
 * of them a later delivery or the same content loaded otherwise has resolved.
 */
import type { Db } from '../db/database.ts';
import { UNKNOWN_KIND } from '../ingest/ledger.ts';

/** Rows (or whole files) rejected in the last days, per file: an ingest 'success' loaded only the good rows. */
export interface RecentRejects extends Record<string, unknown> {
  readonly file_id: number;
  readonly kind: string;
  readonly name: string;
  /** Rows rejected; 0 with `refused`: the whole file was not loaded. */
  readonly rows: number;
  readonly refused: boolean;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'. */
  readonly at: string;
  /**
   * The first later file of the same kind and name that loaded (the corrected delivery the
   * reasons file asks for): its rows replaced these by their keys. Null: still open.
   */
  readonly replaced_by: number | null;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'; null with replaced_by. */
  readonly replaced_at: string | null;
  /**
   * A file refused whole whose bytes are loaded all the same, as this file id (of the same
   * kind, at any time): refused as given (a mistyped --sheet), nothing is missing. Null:
   * not so, or not known (a refusal recorded before the hash was kept, an unreadable file).
   */
  readonly content_loaded_as: number | null;
}

/** A reject no later file of its name replaced and whose content is not loaded otherwise. */
export function isOpen(r: RecentRejects): boolean {
  return r.replaced_by === null && r.content_loaded_as === null;
}

export async function recentRejects(db: Db, since: Date): Promise<RecentRejects[]> {
  // A corrected re-delivery under the same name was loaded after these rejects: status went
  // on listing them for 7 days ("5 rows in 2 files" where 1 row was still open) and the
  // clerk chased a sender who had already sent the fix. Matched by kind and name, as the
  // ledger knows a delivery; file ids grow with every file, refused ones included.
  // A refusal's bytes (and sheet) are matched against the ledger's hashes (load-file.ts:
  // '<sha256>#sheet=…'); status reads read-only, so a database or snapshot of a version
  // before migration 7 has no such column.
  const hashKept = (await db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'rejects' AND column_name = 'content_hash'")) > 0;
  return db.json<RecentRejects>(
    `WITH by_file AS (
       SELECT r.file_id, r.kind, r.file_name AS name, count(DISTINCT r."row")::INTEGER AS "rows",
              f.file_id IS NULL AS refused, min(r.rejected_at) AS rejected_at,
              ${hashKept ? 'max(r.content_hash)' : 'NULL::VARCHAR'} AS content_hash,
              bool_or(r.reason LIKE '% has no sheet ''%') AS no_such_sheet
       FROM meta.rejects AS r LEFT JOIN meta.files AS f USING (file_id)
       WHERE r.rejected_at >= $since::TIMESTAMP
       GROUP BY r.file_id, r.kind, r.file_name, f.file_id),
     later AS (
       SELECT b.file_id, min(l.file_id) AS by_id FROM by_file AS b
       -- a file refused as of no known kind is resolved by a later file of its name of any kind
       JOIN meta.files AS l ON (l.kind = b.kind OR b.kind = '${UNKNOWN_KIND}') AND l.name = b.name AND l.file_id > b.file_id
       GROUP BY b.file_id),
     same_content AS (
       SELECT b.file_id, min(c.file_id) AS by_id FROM by_file AS b
       -- the same bytes, and the same sheet where one was named ('<sha256>#sheet=…'): another
       -- sheet of a workbook loaded does not load a refused one; a sheet the workbook does
       -- not have (a mistyped --sheet) refused nothing of its content. Of another kind: a
       -- participations file refused in jobcenters/ and moved as the refusal said is in the
       -- figures, its remark column ignored or not, and so is a providers' list refused in
       -- participations/ and loaded from providers/ (status called each 'not loaded at all' for
       -- 7 days). But the two lists need their id column alone: a participations or stock file
       -- loaded as one holds its figures in nothing, so a list's load counts only where it
       -- ignored no column of the file (a review: 4 of 7 stock columns read as the list)
       JOIN meta.files AS c ON (c.kind = b.kind OR b.kind = '${UNKNOWN_KIND}'
           OR c.kind NOT IN ('jobcenters', 'providers') OR coalesce(len(c.extra_columns), 0) = 0)
         AND (c.content_hash = b.content_hash OR (b.no_such_sheet AND split_part(c.content_hash, '#sheet=', 1) = split_part(b.content_hash, '#sheet=', 1)))
       WHERE b.refused
       GROUP BY b.file_id)
     SELECT b.file_id::INTEGER AS file_id, b.kind, b.name, b."rows", b.refused,
            strftime(b.rejected_at, '%Y-%m-%d %H:%M:%S') AS "at",
            later.by_id::INTEGER AS replaced_by, strftime(l.loaded_at, '%Y-%m-%d %H:%M:%S') AS replaced_at,
            same_content.by_id::INTEGER AS content_loaded_as
     FROM by_file AS b LEFT JOIN later USING (file_id) LEFT JOIN meta.files AS l ON l.file_id = later.by_id
       LEFT JOIN same_content USING (file_id)
     ORDER BY "at" DESC, b.file_id DESC`,
    { since: since.toISOString().slice(0, 19).replace('T', ' ') },
  );
}
