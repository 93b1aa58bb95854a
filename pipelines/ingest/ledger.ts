/**
 * The ingest ledger (meta.files): which file contents have been loaded, as what, with
 * which counts. A file is known by the SHA-256 of its bytes, so a renamed copy is still
 * "already loaded" and a corrected file with the same name is new.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { KINDS, type Kind } from '../schema/kinds.ts';
import { columnFor } from './header-mapping.ts';
import type { Db } from '../db/database.ts';
import { maskParticipantIds, shownFileName } from './value-shapes.ts';

/** UTC timestamp text DuckDB casts without a zone suffix. */
export function sqlTimestamp(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function findLoaded(db: Db, contentHash: string, kind: Kind): Promise<{ file_id: bigint; name: string } | undefined> {
  return db.one<{ file_id: bigint; name: string }>(
    'SELECT file_id, name FROM meta.files WHERE content_hash = $hash AND kind = $kind ORDER BY file_id LIMIT 1',
    { hash: contentHash, kind },
  );
}

export async function nextFileId(db: Db): Promise<number> {
  return db.scalar("SELECT nextval('meta.file_id_seq')");
}

export interface LedgerEntry {
  readonly fileId: number;
  readonly kind: Kind;
  readonly path: string;
  readonly contentHash: string;
  readonly format: string;
  readonly dialect: string;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsSuperseded: number;
  readonly rowsIgnored: number;
  readonly extraColumns: readonly string[];
  /** The contract columns the file was read for (its header named them). */
  readonly columnsRead: readonly string[];
  readonly loadedAt: Date;
}

export async function recordFile(db: Db, entry: LedgerEntry): Promise<void> {
  await db.run(
    `INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, dialect, rows_read, rows_loaded, rows_rejected,
       rows_superseded, rows_ignored, extra_columns, loaded_at, columns_read)
     VALUES ($id, $kind, $name, $path, $hash, $format, $dialect, $read, $loaded, $rejected, $superseded, $ignored,
       from_json($extra, '["VARCHAR"]'), $at::TIMESTAMP, from_json($read_columns, '["VARCHAR"]'))`,
    {
      id: entry.fileId,
      kind: entry.kind,
      // a Kundennummer in a file name is not stored (no raw id in the database: contracts.md)
      name: shownFileName(basename(entry.path)),
      path: maskParticipantIds(entry.path),
      hash: entry.contentHash,
      format: entry.format,
      // names the sheet read: a sheet named after a person ('Q1 909J000012') kept the raw id
      dialect: shownFileName(entry.dialect),
      read: entry.rowsRead,
      loaded: entry.rowsLoaded,
      rejected: entry.rowsRejected,
      superseded: entry.rowsSuperseded,
      ignored: entry.rowsIgnored,
      extra: JSON.stringify(entry.extraColumns.map(maskParticipantIds)),
      read_columns: JSON.stringify(entry.columnsRead),
      at: sqlTimestamp(entry.loadedAt),
    },
  );
}

/**
 * A whole file that could not be loaded (empty, binary, a required column missing) leaves
 * one reject line under a fresh file id, and no ledger entry: a fixed file is welcome later.
 * `contentHash` (the SHA-256 of its bytes, when they could be read) lets status tell a
 * refusal of content that is loaded all the same (a re-ingest with a mistyped --sheet)
 * from data missing from the figures.
 */
/** meta.rejects.kind of a file whose kind could not be told (no kind folder, no --kind, no telling name). */
export const UNKNOWN_KIND = 'unknown';

/** How many of a refused file's header names are kept (a JSON record of 10^6 keys is one header). */
const HEADER_KEPT = 200;

/**
 * A refused file's header as status needs it: the cells that name a column of some kind, the
 * others as '?' (counted, not kept). Kept whole, a file without a header line stored its first
 * data row — an id not shaped like a Kundennummer, a provider's free text about a person's
 * health — where `almp forget` does not reach (a review).
 */
export function keptHeader(header: readonly string[]): string[] {
  return header.slice(0, HEADER_KEPT).map((cell) => (cell.trim() === '' ? '' : KINDS.some((kind) => columnFor(kind, cell)) ? maskParticipantIds(cell.trim()) : '?'));
}

export async function recordFileReject(
  db: Db,
  file: { kind: Kind | typeof UNKNOWN_KIND; path: string; column?: string; header?: readonly string[]; reason: string; at: Date; contentHash?: string },
): Promise<void> {
  await db.transaction(async () => {
    const fileId = await nextFileId(db);
    await db.run(
      `INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at, content_hash, file_header)
       VALUES ($id, $kind, $name, NULL, $column, NULL, $reason, $at::TIMESTAMP, $hash, from_json($header, '["VARCHAR"]'))`,
      {
        header: file.header === undefined ? null : JSON.stringify(keptHeader(file.header)),
        id: fileId,
        kind: file.kind,
        name: shownFileName(basename(file.path)),
        column: file.column ?? null,
        reason: maskParticipantIds(file.reason),
        at: sqlTimestamp(file.at),
        hash: file.contentHash ?? null,
      },
    );
  });
}
