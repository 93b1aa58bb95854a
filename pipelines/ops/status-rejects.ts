/**
 * The files with rejected rows, or refused whole, in the last days (almp status), and which
 * of them a later delivery or the same content loaded otherwise has resolved.
 */
import type { Db } from '../db/database.ts';
import { UNKNOWN_KIND } from '../ingest/ledger.ts';
import { mapHeader } from '../ingest/header-mapping.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';

/** Rows (or whole files) rejected in the last days, per file: an ingest 'success' loaded only the good rows. */
export interface RecentRejects extends Record<string, unknown> {
  readonly file_id: number;
  readonly kind: string;
  readonly name: string;
  /** Rows rejected; 0 with `refused`: the whole file was not loaded. */
  readonly rows: number;
  readonly refused: boolean;
  /** Read, but every row rejected: like a refused file, its data are in no figure. */
  readonly none_loaded: boolean;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'. */
  readonly at: string;
  /**
   * The first later file of the same kind and name that loaded (the corrected delivery the
   * reasons file asks for): its rows replaced these by their keys. Null: still open.
   */
  readonly replaced_by: number | null;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'; null with replaced_by. */
  readonly replaced_at: string | null;
  /** The kind replaced_by loaded as (a refused file moved into its kind's folder: another); null with replaced_by. */
  readonly replaced_kind: string | null;
  /**
   * A file refused whole whose bytes are loaded all the same, as this file id (of the same
   * kind, at any time): refused as given (a mistyped --sheet), nothing is missing. Null:
   * not so, or not known (a refusal recorded before the hash was kept, an unreadable file).
   */
  readonly content_loaded_as: number | null;
  /** The kind content_loaded_as loaded as (absent when null). */
  readonly content_kind?: string;
  /** A load of the same bytes as the Jobcenter or provider list that ignored columns the file's data may be in: the refusal stays open. */
  readonly content_list_load?: { readonly id: number; readonly kind: string; readonly ignored: readonly string[] };
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
  const kept = new Set(
    (await db.json<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'rejects' AND column_name IN ('content_hash', 'file_header')")).map((r) => r.c),
  );
  const rows = await db.json<RejectRow>(
    `WITH by_file AS (
       SELECT r.file_id, r.kind, r.file_name AS name, count(DISTINCT r."row")::INTEGER AS "rows",
              f.file_id IS NULL AS refused, coalesce(any_value(f.rows_loaded) = 0, false) AS none_loaded, min(r.rejected_at) AS rejected_at,
              ${kept.has('content_hash') ? 'max(r.content_hash)' : 'NULL::VARCHAR'} AS content_hash,
              ${kept.has('file_header') ? 'any_value(r.file_header)' : 'NULL::VARCHAR[]'} AS file_header,
              bool_or(r.reason LIKE '% has no sheet ''%') AS no_such_sheet
       FROM meta.rejects AS r LEFT JOIN meta.files AS f USING (file_id)
       WHERE r.rejected_at >= $since::TIMESTAMP
       GROUP BY r.file_id, r.kind, r.file_name, f.file_id),
     later AS (
       SELECT b.file_id, min(l.file_id) AS by_id FROM by_file AS b
       -- a file refused whole as of no known kind, or in a list's folder (a data file dropped
       -- there), is resolved by a later file of its name of any kind — moved and corrected in its
       -- own kind's folder, it stayed red (a review; which kind is the sender's to know, the
       -- refusal's guess may be wrong: a second review) — as a list only where that load left at
       -- most one column unread (resolvesRefusal). Refused as a data kind, only by its own kind:
       -- an attendance file also named export.csv called missing participations resolved (a review).
       -- A refusal that kept the file's header is judged by it instead (other_kinds).
       JOIN meta.files AS l ON (l.kind = b.kind OR (b.refused AND b.file_header IS NULL AND b.kind IN ('${UNKNOWN_KIND}', 'jobcenters', 'providers', 'measures')
           AND (l.kind NOT IN ('jobcenters', 'providers') OR len(coalesce(l.extra_columns, [])) <= 1)))
         AND l.name = b.name AND l.file_id > b.file_id
       GROUP BY b.file_id),
     other_kinds AS (
       SELECT b.file_id, list({'id': l.file_id::INTEGER, 'kind': l.kind, 'at': strftime(l.loaded_at, '%Y-%m-%d %H:%M:%S')} ORDER BY l.file_id) AS fixes
       FROM by_file AS b JOIN meta.files AS l ON b.refused AND b.file_header IS NOT NULL AND l.kind <> b.kind AND l.name = b.name AND l.file_id > b.file_id
       GROUP BY b.file_id),
     same_content AS (
       -- the same bytes, and the same sheet where one was named ('<sha256>#sheet=…'): another
       -- sheet of a workbook loaded does not load a refused one; a sheet the workbook does
       -- not have (a mistyped --sheet) refused nothing of its content. Which of these loads
       -- resolves the refusal is judged below (resolvesRefusal).
       SELECT b.file_id, list({'id': c.file_id::INTEGER, 'kind': c.kind, 'ignored': c.extra_columns} ORDER BY c.file_id) AS candidates FROM by_file AS b
       JOIN meta.files AS c ON (c.content_hash = b.content_hash OR (b.no_such_sheet AND split_part(c.content_hash, '#sheet=', 1) = split_part(b.content_hash, '#sheet=', 1)))
       WHERE b.refused
       GROUP BY b.file_id)
     SELECT b.file_id::INTEGER AS file_id, b.kind, b.name, b."rows", b.refused, b.none_loaded,
            strftime(b.rejected_at, '%Y-%m-%d %H:%M:%S') AS "at",
            later.by_id::INTEGER AS replaced_by, strftime(l.loaded_at, '%Y-%m-%d %H:%M:%S') AS replaced_at, l.kind AS replaced_kind,
            same_content.candidates, b.file_header, other_kinds.fixes
     FROM by_file AS b LEFT JOIN later USING (file_id) LEFT JOIN meta.files AS l ON l.file_id = later.by_id
       LEFT JOIN same_content USING (file_id) LEFT JOIN other_kinds USING (file_id)
     ORDER BY "at" DESC, b.file_id DESC`,
    { since: since.toISOString().slice(0, 19).replace('T', ' ') },
  );
  return rows.map(({ candidates, file_header, fixes, ...row }): RecentRejects => {
    const r = withFix(row, file_header, (fixes ?? []).filter((f) => !(candidates ?? []).some((c) => c.id === f.id)));
    const resolving = (candidates ?? []).find((c) => resolvesRefusal(r.kind, c));
    const asList = resolving ? undefined : (candidates ?? [])[0];
    return { ...r, content_loaded_as: resolving?.id ?? null, ...(resolving ? { content_kind: resolving.kind } : {}), ...(asList ? { content_list_load: { ...asList, ignored: asList.ignored ?? [] } } : {}) };
  });
}

/** A row as the query gives it: the loads of the same bytes, and the later files of its name of other kinds, not yet judged. */
type Replaced = Pick<RecentRejects, 'file_id' | 'kind' | 'name' | 'rows' | 'refused' | 'none_loaded' | 'at' | 'replaced_by' | 'replaced_at' | 'replaced_kind'>;
type RejectRow = Replaced & {
  candidates: Candidate[] | null;
  file_header: string[] | null;
  fixes: { id: number; kind: string; at: string }[] | null;
};

/**
 * A refused file moved to its kind's folder and fixed there: a later file of its name (other
 * bytes; the same bytes are judged by resolvesRefusal) of the kind its own header reads as best,
 * better than as the kind it was refused as — as the Jobcenter or provider list only where that
 * leaves at most one column unread, as in
 * resolvesRefusal. By the name alone, any kind's file resolved a list folder's refusal (an
 * attendance export.csv a participations export.csv refused in measures/, a participations
 * export.csv a measures list lacking a column: status green, the data in no figure), and a data
 * kind's refusal none (a measures list refused in participations/ stayed red after its fix; a
 * review of 705e87e).
 */
function withFix(row: Replaced, header: readonly string[] | null, fixes: NonNullable<RejectRow['fixes']>): Replaced {
  const named = (header ?? []).filter((h) => h.trim() !== '');
  if (named.length === 0) return row;
  const best = Math.max(...KINDS.map((k) => mapHeader(k, named).columns.size));
  // where the refused kind reads it as well, it is that kind's file: attendance and final
  // reports share Träger-Nr, Maßnahme-Nr, Kundennummer and the day counts (a review)
  const own = isKind(row.kind) ? mapHeader(row.kind, named).columns.size : 0;
  const fix = fixes.find((f) => {
    if (!isKind(f.kind)) return false;
    const read = mapHeader(f.kind, named);
    return read.columns.size > own && read.columns.size === best && (!LISTS.has(f.kind) || read.extra.length <= 1);
  });
  if (!fix || (row.replaced_by !== null && row.replaced_by < fix.id)) return row;
  return { ...row, replaced_by: fix.id, replaced_at: fix.at, replaced_kind: fix.kind };
}

const isKind = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);

/** A load of the same bytes as a refused file. */
export interface Candidate {
  readonly id: number;
  readonly kind: string;
  /** The header names that load ignored (meta.files.extra_columns). */
  readonly ignored: readonly string[] | null;
}

/**
 * Whether a load of a refused file's bytes puts its data in the figures. Of its own kind: yes.
 * Of a data kind: yes — a participations file refused in jobcenters/ and moved as the refusal
 * said, a providers' list refused in participations/ and loaded from providers/ (status
 * called each 'not loaded at all' for 7 days). As the Jobcenter or provider list, which needs
 * its id column alone, only where that load ignored at most one column (a remark, a
 * Dienststelle beside a provider): a file of a data kind has at least two columns no list
 * reads (its month or date, and its figures, status or Kundennummer). Judging the ignored
 * columns by the refused kind's names was circular — the file was refused because they are
 * not its names: a stock file headed 'Anzahl Arbeitslose' loaded as the list and status said
 * nothing was missing (a review of 9372b71).
 */
export function resolvesRefusal(refusedKind: string, load: Candidate): boolean {
  if (load.kind === refusedKind) return true;
  if (!LISTS.has(load.kind)) return true;
  return (load.ignored ?? []).length <= 1;
}

const LISTS: ReadonlySet<string> = new Set(['jobcenters', 'providers']);
