/**
 * What a workbook's load tells beside its rows about the sheets and rows it read or passed
 * over (read-xlsx.ts decides which): the ledger's description and the notes of the load.
 */
import { basename } from 'node:path';

/** The hidden sheets that held the columns, for the ledger's description of the file. */
export function passedOver(hidden: readonly string[]): string {
  if (hidden.length === 0) return '';
  return ` (hidden sheet${hidden.length > 1 ? 's' : ''} ${hidden.map((h) => `'${h}'`).join(', ')} passed over)`;
}

/** Later visible sheets holding the columns too (a sheet per quarter): one load reads one sheet, and says which others it did not. */
export function otherDataSheetsNote(others: readonly string[], read: string, path: string): string {
  const list = others.map((n) => `'${n}'`).join(', ');
  const many = others.length > 1;
  return `sheet${many ? 's' : ''} ${list} also hold${many ? '' : 's'} these columns and ${many ? 'were' : 'was'} not read (one load reads one sheet, here '${read}'): to load ${many ? 'each' : 'it'}, almp ingest --sheet "${others[0]}" ${basename(path)}`;
}

/**
 * Rows hidden in the data sheet are read like the others: hiding is not deleting (a filter on
 * one measure left on when saving, rows folded away for printing), and passing them over
 * would drop delivered records without the sender knowing. But a row a clerk hid may be an
 * entry meant as withdrawn, which nobody opening the workbook sees: the load names them.
 * A later file cannot take a loaded record back (it adds or replaces), so the note asks for
 * a word with the sender rather than promising that a corrected file would.
 */
export function hiddenRowsNote(rows: readonly number[], sheet: string): string {
  const spans: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    spans.push(i === j ? `${rows[i]}` : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  const shown = spans.length > 10 ? `${spans.slice(0, 10).join(', ')} and ${spans.length - 10} more` : spans.join(', ');
  const one = rows.length === 1;
  return (
    `${one ? '1 row' : `${rows.length} rows`} of sheet '${sheet}' ${one ? 'is' : 'are'} hidden in Excel (by hand or by a filter) and ${one ? 'was' : 'were'} read like the visible ones: ` +
    `row${one ? '' : 's'} ${shown}. Hiding a row does not take it out of the delivery; if ${one ? 'it was' : 'they were'} meant as withdrawn, clear this with the sender.`
  );
}
