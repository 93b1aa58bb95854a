/** The lines a person reads after an ingest: one block per file, German number format. */
import { basename } from 'node:path';
import type { FileIngestResult } from './file-result.ts';
import { maskParticipantIds, shownFileName } from './value-shapes.ts';
import { KIND_SPECS } from '../schema/kinds.ts';
import { rows } from '../counts.ts';
import { columnFor, lookalikeColumn } from './header-mapping.ts';
import { reasonCountLines, worthCounting } from './reject-counts.ts';

const number = new Intl.NumberFormat('de-DE');
/** How many reject reasons a summary shows. */
export const FIRST_REASONS = 5;

/** ' (rows 3, 7)' — the first ten, '…' beyond. */
function supersededWhere(result: FileIngestResult): string {
  const rows = result.supersededRows ?? [];
  if (rows.length === 0) return '';
  const more = result.rowsSuperseded > rows.length ? ', …' : '';
  return ` (${rows.length === 1 && !more ? 'row' : 'rows'} ${rows.join(', ')}${more})`;
}

export function summaryLines(result: FileIngestResult): string[] {
  // a Kundennummer in a file name is not repeated on the terminal (ingest warns about it)
  const name = shownFileName(basename(result.file));
  const kind = result.kind ?? 'unknown kind';
  // a kind not settled (none found, or --kind against the file's name) is the reason's to say: '(unknown kind)' beside '--kind measures was given' read wrong
  if (result.status === 'error') return [`${name}${result.kind ? ` (${result.kind})` : ''}: not loaded — ${result.error ?? 'unknown error'}`];
  if (result.alreadyLoaded) return alreadyLoadedLines(name, kind, result);
  const parts = [`${rows(result.rowsLoaded)} loaded`, `${number.format(result.rowsRejected)} rejected`];
  if (result.rowsSuperseded > 0) parts.push(`${number.format(result.rowsSuperseded)} superseded by a later row of the same file${supersededWhere(result)}`);
  if (result.rowsReplaced > 0) {
    const changed = result.rowsReplaced - result.rowsReplacedUnchanged;
    parts.push(`${number.format(result.rowsReplaced)} earlier versions replaced (${number.format(changed)} changed, ${number.format(result.rowsReplacedUnchanged)} identical)`);
  }
  const lines = [`${name} (${kind}): ${rows(result.rowsRead)} read, ${parts.join(', ')}`];
  const datedLater = result.rowsReplacedDatedLater ?? 0;
  if (datedLater > 0) {
    const column = result.kind ? KIND_SPECS[result.kind].dateColumn : undefined;
    lines.push(
      `  ${number.format(datedLater)} of them had a later ${column ?? 'date'} than this file brings: an older delivery loaded after a newer one is now in force (the last file loaded wins)`,
    );
  }
  for (const note of result.notes ?? []) lines.push(`  note: ${note}`);
  if (result.extraColumns.length > 0) lines.push(`  ignored columns: ${listShort(result.extraColumns, 12)}`);
  let hints = 0;
  for (const extra of result.kind ? result.extraColumns : []) {
    // a second column of the same meaning ('Eintritt' twice, 'Austritt' beside 'Austrittsdatum'):
    // "ignored columns: Eintritt" read as if the entry date was not read at all
    const same = columnFor(result.kind!, extra);
    if (same && hints++ < FIRST_REASONS) {
      lines.push(`  '${extra}' was not read: an earlier column of the file already gives ${same.name}, and the first one is read; a row where the two differ is rejected`);
      continue;
    }
    const like = lookalikeColumn(result.kind!, extra);
    // beside the column itself ('Eintritt (geplant)' beside 'Eintrittsdatum'), renaming it as
    // advised made a second entry date, and every row where the two differ was rejected
    if (like && !result.columnsRead?.includes(like.name) && hints++ < FIRST_REASONS) {
      const names = like.alias === like.name ? `'${like.name}'` : `'${like.alias}' or '${like.name}'`;
      lines.push(`  '${extra}' was not read as ${like.name}: if it holds that, name the header ${names} (case does not matter) and load the file again`);
    }
  }
  // 10^6 rows bad in the same two columns showed the same two reasons five times: counted instead
  const counts = result.reasonCounts;
  const counted = counts !== undefined && worthCounting(counts);
  if (counted) lines.push('  rejected, by column and reason:', ...reasonCountLines(counts).map((line) => `    ${line}`));
  else for (const reason of result.firstReasons) lines.push(`  rejected ${reason}`);
  if (result.rowsRejected > 0 && (counted || result.firstReasons.length >= FIRST_REASONS)) {
    // almp rejects reads the live database (almp query reads the last build's snapshot)
    lines.push(
      `  … the reasons for all ${number.format(result.rowsRejected)} rejected rows: almp rejects ${result.fileId ?? '?'}`,
    );
  }
  return lines;
}

/**
 * Loading the same content again changes nothing (contracts.md). Say under which name it was
 * loaded, and whether later files have replaced some of its records since: loading it again
 * does not put them back in force.
 */
function alreadyLoadedLines(name: string, kind: string, result: FileIngestResult): string[] {
  const as = result.loadedAs === undefined ? '' : ` as ${maskParticipantIds(result.loadedAs)}`;
  const lines = [`${name} (${kind}): already loaded${as}, nothing changed`];
  if ((result.replacedSince ?? 0) > 0) {
    lines.push(`  ${number.format(result.replacedSince!)} of its records have since been replaced by a later file: to put them back in force, deliver them in a new file`);
  }
  return lines;
}

/**
 * One reject as a person reads it. The column is named as the contract names it and, where
 * the file's header says it otherwise, as the file does: `referral_date ("Zuweisung")`.
 */
export function reasonText(
  reject: { row: number | null; column: string | null; value: string | null; reason: string },
  written: ReadonlyMap<string, string> = new Map(),
): string {
  const asWritten = reject.column === null ? undefined : written.get(reject.column);
  const column = reject.column === null ? undefined : asWritten && asWritten !== reject.column ? `${reject.column} ("${asWritten}")` : reject.column;
  const where = [reject.row === null ? 'file' : `row ${reject.row}`, column].filter(Boolean).join(', ');
  const value = reject.value === null ? '' : ` '${reject.value}'`;
  return `${where}${value}: ${reject.reason}`;
}

/** The first `n` names, then how many more: a wide export does not flood the terminal. */
function listShort(names: readonly string[], n: number): string {
  return names.length <= n ? names.join(', ') : `${names.slice(0, n).join(', ')} … and ${names.length - n} more`;
}
