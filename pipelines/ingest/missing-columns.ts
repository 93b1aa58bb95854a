import { maskParticipantIds } from './value-shapes.ts';
import { mapHeader } from './header-mapping.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';

/** The refusal of a file that lacks required columns, for one column or several. */
export function missingColumnsText(names: readonly string[]): string {
  const quoted = names.map((c) => `'${c}'`).join(', ');
  return names.length === 1 ? `Required column ${quoted} is missing` : `Required columns ${quoted} are missing`;
}

/**
 * The file's own names that named no column, for a file refused for missing columns: a
 * portal's nested JSON ({"provider": {"id": …}}) was refused naming only what was missing.
 */
export function notReadText(extra: readonly string[], format: string): string {
  if (extra.length === 0) return '';
  // a key could be a raw id (a record keyed by Kundennummer): masked, as in every message
  const shown = maskParticipantIds(extra.slice(0, 8).map((k) => `'${k}'`).join(', '));
  const more = extra.length > 8 ? ` and ${extra.length - 8} more` : '';
  const nested = format === 'xlsx' ? '' : ' — a record nesting objects ({"provider": {"id": …}}) is not read: one key per column, e.g. "provider_id"';
  return ` (the file's ${format === 'xlsx' ? 'columns' : 'keys'} not read: ${shown}${more}${nested})`;
}


/**
 * The advice for a file refused as `kind` for missing columns: where its header is another
 * kind's whole, to move it — outcomes dropped into participations/ were told to add the
 * participations' columns (an operator's audit).
 */
export function missingColumnsHint(kind: Kind, header: readonly string[], otherwise: string): string {
  const read = mapHeader(kind, header).columns.size;
  const other = KINDS.find((k) => {
    if (k === kind) return false;
    const mapped = mapHeader(k, header);
    return mapped.missingRequired.length === 0 && mapped.columns.size > read;
  });
  return other === undefined ? otherwise : `Its header is that of ${other}: move it into the ${other}/ folder (or give --kind ${other}).`;
}
