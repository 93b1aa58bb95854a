/**
 * Columns of the files loaded in the last days that were not read although their header
 * looks like a contract column ('Eintritt (geplant)' beside entry_date): the ingest summary
 * names them, but under the scheduler nobody reads it — a file that lost its entry dates that
 * way loaded with status green (an ingest audit). almp status names them too.
 */
import type { Db } from '../db/database.ts';
import { lookalikeColumn } from '../ingest/header-mapping.ts';
import { isKind } from '../schema/kinds.ts';

export interface UnreadColumn extends Record<string, unknown> {
  readonly file_id: number;
  readonly kind: string;
  readonly name: string;
  /** The header as the file wrote it. */
  readonly header: string;
  /** The contract column it looks like, and the accepted name that would load it. */
  readonly looksLike: string;
  readonly alias: string;
}

export async function recentUnreadColumns(db: Db, since: Date): Promise<UnreadColumn[]> {
  // columns_read is NULL for files loaded before almp kept it (their hints stay as they were);
  // a file a later one of its kind and name replaced (the corrected delivery) is done with
  const readColumns = (await db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'files' AND column_name = 'columns_read'")) > 0;
  const files = await db.json<{ file_id: number; kind: string; name: string; extra: string[] | null; read: string[] | null }>(
    `SELECT file_id::INTEGER AS file_id, kind, name, extra_columns AS extra, ${readColumns ? 'columns_read' : 'NULL::VARCHAR[]'} AS read FROM meta.files AS f
     WHERE loaded_at >= $since::TIMESTAMP AND len(extra_columns) > 0
       AND NOT EXISTS (SELECT 1 FROM meta.files AS later WHERE later.kind = f.kind AND later.name = f.name AND later.file_id > f.file_id)
     ORDER BY file_id DESC`,
    { since: since.toISOString().slice(0, 19).replace('T', ' ') },
  );
  return files.flatMap((f) =>
    isKind(f.kind)
      ? (f.extra ?? []).flatMap((header) => {
          const like = lookalikeColumn(f.kind as never, header);
          return like && !f.read?.includes(like.name) ? [{ file_id: f.file_id, kind: f.kind, name: f.name, header, looksLike: like.name, alias: like.alias }] : [];
        })
      : [],
  );
}
