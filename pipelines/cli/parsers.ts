/** Argument parsers: a wrong value is refused at the prompt with a message that says why. */
import { InvalidArgumentError, Option } from 'commander';
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';

export function parseKind(value: string): Kind {
  if (!isKind(value)) throw new InvalidArgumentError(`unknown kind '${value}'. Use one of: ${KINDS.join(', ')}`);
  return value;
}

/** A day as YYYY-MM-DD or as Germans write it (DD.MM.YYYY, as the outputs show it); returns YYYY-MM-DD. */
export function parseDate(value: string): string {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim());
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value.trim();
  // a real calendar day (Date.parse takes 2026-02-30 for 2 March)
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new InvalidArgumentError(`'${value}' is not a day in the form YYYY-MM-DD or DD.MM.YYYY`);
  }
  return iso;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive whole number`);
  return n;
}

export function parsePeriod(value: string): string {
  if (!/^\d{4}(-Q[1-4])?$/.test(value)) throw new InvalidArgumentError(`'${value}' is not a period like 2024 or 2024-Q3`);
  return value;
}

export const kindOption = () => new Option('--kind <kind>', `input kind (${KINDS.join(' | ')}); default: from folder or file name`).argParser(parseKind);
export const asOfOption = () => new Option('--as-of <date>', 'data cut-off, YYYY-MM-DD or DD.MM.YYYY (default: latest date in the data)').argParser(parseDate);
