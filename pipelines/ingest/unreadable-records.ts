/**
 * What a CSV read leaves to the ingest's own checks when DuckDB cannot parse a record (load-file.ts
 * prepareAndParse): the records it skipped, as rejects by line, and whether the file is UTF-8 at all.
 */
import { createReadStream } from 'node:fs';
import { type Db, ident } from '../db/database.ts';
import { LIMITS } from './limits.ts';

/**
 * Records DuckDB skipped become rejects, by DuckDB's line number (line and error type only:
 * the line text may hold a raw id). The rows after a skipped record move down by one: the
 * k-th skipped line (k from 0) shifts every row whose position is at least line - k.
 */
export async function rejectUnreadable(db: Db, parsedTable: string, table: string, rowOffset: number | undefined): Promise<void> {
  // DuckDB stores one reject per error, so a record with 10^5 extra fields appears 10^5
  // times: reduce to one entry per line first (else the renumbering below is quadratic).
  const lines = `(SELECT line, min(error_type) AS error_type FROM temp.${ident(table)} GROUP BY line)`;
  const skipped = `(SELECT line::INTEGER - (row_number() OVER (ORDER BY line) - 1)::INTEGER AS shifts_from FROM ${lines})`;
  if (rowOffset !== undefined) {
    await db.run(
      `UPDATE temp.${ident(parsedTable)} SET _row = (rowid + ${Number(rowOffset)} + (SELECT count(*) FROM ${skipped} WHERE shifts_from <= rowid + ${Number(rowOffset)}))::INTEGER`,
    );
  }
  await db.run(
    `INSERT INTO temp.${ident(parsedTable)} (_row, _blank, _errs)
     SELECT line::INTEGER, false, [{'column': NULL::VARCHAR, 'value': NULL::VARCHAR,
       'reason': CASE WHEN error_type::VARCHAR ILIKE '%line size%'
         THEN 'record longer than the limit of ${Math.round(LIMITS.maxLineBytes / 1024)} KB (raise ALMP_MAX_ROW_KB if it is genuine)'
         ELSE 'record cannot be read (' || lower(error_type::VARCHAR) || '): a quote that is never closed (file cut off?) or too many fields' END}]
     FROM ${lines}`,
  );
  await db.run(`DROP TABLE IF EXISTS temp.${ident(table)}; DROP TABLE IF EXISTS temp.${ident(`${table}_scan`)}`);
}

export async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
