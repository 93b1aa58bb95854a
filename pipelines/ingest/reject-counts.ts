/**
 * A file's rejects counted by column and reason, for the ingest's terminal summary and the head
 * of `almp rejects`: a file of 10^6 rows each bad in the same two columns printed the same two
 * reasons over and over (row 2 gender, row 2 referral_date, row 3 gender, …), and said
 * nothing of how many there were of each. One line per column and reason with its count and
 * the first row it is in (and that row's value): what the sender has to fix, and where to look.
 */
import type { Db } from '../db/database.ts';
import { rows } from '../counts.ts';

export interface ReasonCount {
  /** The contract's column; null for a reason about the whole record or file. */
  readonly column: string | null;
  /** The column's header as the file wrote it, where it differs from the contract's name. */
  readonly header: string | null;
  readonly reason: string;
  readonly count: number;
  /** The first row with this reason (null for the file as a whole) and its value there. */
  readonly firstRow: number | null;
  readonly firstValue: string | null;
}

export interface ReasonCounts {
  /** The most frequent first, at most the limit asked for. */
  readonly groups: readonly ReasonCount[];
  /** How many columns and reasons there are in all. */
  readonly total: number;
}

/**
 * One aggregate over the file's rejects, however many: DuckDB counts them, Node gets `limit`
 * lines. `withHeader`: a database not yet upgraded by a writing command has no header column.
 */
export async function reasonCounts(db: Db, fileId: number, limit: number, withHeader = true): Promise<ReasonCounts> {
  const found = await db.json<{ column: string | null; header: string | null; reason: string; n: string; first_row: number | null; first_value: string | null; groups: string }>(
    `SELECT "column", ${withHeader ? 'any_value(header)' : 'NULL::VARCHAR'} AS header, reason, count(*) AS n, min("row") AS first_row,
       arg_min("value", coalesce("row", -1)) AS first_value, count(*) OVER () AS groups
     FROM meta.rejects WHERE file_id = $id
     GROUP BY "column", reason
     ORDER BY n DESC, first_row NULLS FIRST, "column" NULLS FIRST, reason
     LIMIT $limit`,
    { id: fileId, limit },
  );
  return {
    groups: found.map((g) => ({ column: g.column, header: g.header, reason: g.reason, count: Number(g.n), firstRow: g.first_row, firstValue: g.first_value })),
    total: Number(found[0]?.groups ?? 0),
  };
}

/** Whether counting says more than the rows themselves: some column and reason comes more than once. */
export function worthCounting(counts: ReasonCounts): boolean {
  return counts.groups.some((g) => g.count > 1);
}

/**
 * `gender ("Geschlecht"): 1.000.000 rows (first: row 2, 'q'): unknown value; allowed: …` — the
 * form the federation's import findings have; German digits as every count on the terminal.
 */
export function reasonCountLine(group: ReasonCount): string {
  const column = group.column === null ? (group.firstRow === null ? 'file' : 'whole row') : group.header && group.header !== group.column ? `${group.column} ("${group.header}")` : group.column;
  const value = group.firstValue === null ? '' : `, '${group.firstValue}'`;
  const first = group.firstRow === null ? '' : ` (${group.count === 1 ? '' : 'first: '}row ${group.firstRow}${value})`;
  return `${column}: ${rows(group.count)}${first}: ${group.reason}`;
}

/** The lines, and how many columns and reasons were left out. */
export function reasonCountLines(counts: ReasonCounts): string[] {
  const lines = counts.groups.map(reasonCountLine);
  const more = counts.total - counts.groups.length;
  if (more > 0) lines.push(`… and ${more.toLocaleString('de-DE')} more columns or reasons`);
  return lines;
}
