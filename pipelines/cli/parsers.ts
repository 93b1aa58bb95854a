/** Argument parsers: a wrong value is refused at the prompt with a message that says why. */
import { InvalidArgumentError, Option } from 'commander';
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';

export function parseKind(value: string): Kind {
  if (!isKind(value)) throw new InvalidArgumentError(`unknown kind '${value}'. Use one of: ${KINDS.join(', ')}`);
  return value;
}

export function parseDate(value: string): string {
  // a real calendar day (Date.parse takes 2026-02-30 for 2 March)
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`'${value}' is not a date in the form YYYY-MM-DD`);
  }
  return value;
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
export const asOfOption = () => new Option('--as-of <date>', 'data cut-off YYYY-MM-DD (default: latest date in the data)').argParser(parseDate);
