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

/**
 * The first sheet with the columns, read as the contract has it ('first sheet unless a sheet
 * is named'), holds no rows, and a later visible one does (a workbook per year whose sheet
 * 'Q1' is the empty template and 'Q2' holds the rows): the load reported success with 0 rows
 * and exit 0, naming 'Q2' in a note. Neither sheet is taken for the other: the sender says which.
 */
export function emptySheetRefusal(path: string, kind: Kind, empty: string, withRows: string): IngestError {
  const file = basename(path);
  return new IngestError(
    `${file}: sheet '${empty}', the first with the '${kind}' columns, holds no rows, and sheet '${withRows}' does. Not loaded: which one is meant?`,
    path,
    undefined,
    undefined,
    `Load the sheet by name: almp ingest --sheet "${withRows}" ${file} (without --sheet the first sheet with the columns is read), or delete the empty sheet '${empty}' and save the file again.`,
  );
}
