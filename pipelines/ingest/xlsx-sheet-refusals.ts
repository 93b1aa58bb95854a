/**
 * Refusals of a workbook for the sheet it would be read from (read-xlsx.ts decides which):
 * each names the sheets and what to do, where a refusal of the file as a whole ('no records
 * found (empty sheet or file)') sent the sender looking for rows that are there.
 */
import { basename } from 'node:path';
import { IngestError } from '../errors.ts';
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { missingColumnsHint } from './missing-columns.ts';

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * Visible sheets with rows, none of whose first `searched` rows names a column of `kind`: a
 * header further down (35 instruction rows above it), none at all (rows copied out of another
 * workbook), or another kind's file. `header`: the row taken for the header (never shown: in a
 * sheet without one it is a data row), for telling another kind's header.
 */
export function noHeaderRefusal(path: string, kind: Kind, sheets: readonly string[], searched: number, header: readonly string[]): IngestError {
  const required = KIND_SPECS[kind].columns
    .filter((c) => c.required)
    .map((c) => (c.aliases?.[0] ?? c.name).replace(/(^|-)(\p{Ll})/gu, (_, start: string, letter: string) => start + letter.toUpperCase()));
  return new IngestError(
    `Cannot read ${basename(path)}: no header naming the '${kind}' columns was found in the first ${searched} rows of ${sheets.length > 1 ? 'any of the sheets' : 'sheet'} ${quoted(sheets)}.`,
    path,
    undefined,
    undefined,
    missingColumnsHint(
      kind,
      header,
      `The header must stand within the first ${searched} rows, above the data: delete rows above it, or add one naming the columns (at least ${required.join(', ')}; every accepted name is in docs/contracts.md under '${kind}'). Then save the file and load it again.`,
    ),
  );
}
