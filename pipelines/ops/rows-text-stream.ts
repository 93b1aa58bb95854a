/**
 * csv or json written a chunk at a time, the same text `render` (query.ts) gives for all
 * rows at once: a result of millions of rows never sits in Node whole (all 10^6
 * participations as csv took 5.8 GB, read into Node first).
 */
import { csvHead, csvLine } from './query.ts';

export async function streamRowsAsText(
  batches: AsyncIterable<Record<string, unknown>[]>,
  format: 'csv' | 'json',
  out: (text: string) => void,
  /** The result's columns: a csv of no rows still has its header. */
  columnNames?: readonly string[],
): Promise<void> {
  let columns: readonly string[] | undefined;
  let pending: string | undefined;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    if (format === 'csv') {
      const head = columns ? [] : [csvHead((columns = columnNames ?? Object.keys(batch[0]!)))];
      const cols = columns;
      out([...head, ...batch.map((row) => csvLine(row, cols))].join('\n'));
      continue;
    }
    // JSON.stringify(rows, null, 2), one element at a time: the comma goes after all but the last
    const lines: string[] = [];
    for (const row of batch) {
      lines.push(pending === undefined ? '[' : `${pending},`);
      pending = `  ${JSON.stringify(row, null, 2).replaceAll('\n', '\n  ')}`;
    }
    out(lines.join('\n'));
  }
  if (format === 'csv' && !columns && columnNames) out(csvHead(columnNames));
  if (format === 'json') out(pending === undefined ? '[]' : `${pending}\n]`);
}
