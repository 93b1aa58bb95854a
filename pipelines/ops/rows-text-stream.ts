/**
 * csv or json written a chunk at a time, the same text `render` (query.ts) gives for all
 * rows at once: a result of millions of rows never sits in Node whole (all 10^6
 * participations as csv took 5.8 GB, read into Node first).
 */
import type { Db } from '../db/database.ts';
import { wholeStream } from '../db/whole-stream.ts';
import type { Progress } from '../effects.ts';
import { csvHead, csvLine, jsonObject, type ResultColumn } from './query.ts';

/** Up to this many rows a result is read in one run of the statement (no count beforehand): 10,001 rows of 48 columns probed cost ~0.15 GB, 100,001 took a csv of 10^6 participations from 0.44 to 1.57 GB. */
const WHOLE_ROWS = 10_000;

/**
 * The rows of `sql` as csv or json. A result of up to WHOLE_ROWS rows is read whole in one
 * run (an expensive aggregation of a few rows ran twice, counted and then streamed: 13.6 →
 * 24.6 s); a larger one is counted with every column evaluated, then streamed and checked
 * against the count (whole-stream.ts). A statement that cannot be a subquery is read whole.
 */
export async function writeRowsAsText(db: Db, sql: string, format: 'csv' | 'json', out: (text: string) => void, progress: (total: number) => Progress | undefined): Promise<number> {
  const inner = await db.asSubquery(sql);
  const first = await db.jsonTyped(inner === undefined ? sql : `SELECT * FROM (\n${inner}\n) LIMIT ${WHOLE_ROWS + 1}`);
  if (inner === undefined || first.rows.length <= WHOLE_ROWS) {
    await streamRowsAsText([first.rows], format, out, first.columns);
    return first.rows.length;
  }
  const total = await db.countRows(sql);
  // as a subquery, as the first rows were read: a repeated name is 'a_1' either way
  const { columns, batches } = await db.streamJson(`SELECT * FROM (\n${inner}\n)`);
  await streamRowsAsText(wholeStream(batches, total, progress(total)), format, out, columns);
  return total;
}

export async function streamRowsAsText(
  batches: AsyncIterable<Record<string, unknown>[]> | Iterable<Record<string, unknown>[]>,
  format: 'csv' | 'json',
  out: (text: string) => void,
  /** The result's columns in its order, with their types (a csv of no rows still has its header). */
  resultColumns?: readonly ResultColumn[],
): Promise<void> {
  let columns: readonly ResultColumn[] | undefined;
  let pending: string | undefined;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const cols = (columns ??= resultColumns ?? Object.keys(batch[0]!).map((name) => ({ name })));
    if (format === 'csv') {
      const head = pending === undefined ? [csvHead(cols)] : [];
      pending = '';
      out([...head, ...batch.map((row) => csvLine(row, cols))].join('\n'));
      continue;
    }
    // JSON.stringify(rows, null, 2), one element at a time: the comma goes after all but the last
    const lines: string[] = [];
    for (const row of batch) {
      lines.push(pending === undefined ? '[' : `${pending},`);
      pending = `  ${jsonObject(row, cols).replaceAll('\n', '\n  ')}`;
    }
    out(lines.join('\n'));
  }
  if (format === 'csv' && pending === undefined && resultColumns) out(csvHead(resultColumns));
  if (format === 'json') out(pending === undefined ? '[]' : `${pending}\n]`);
}
