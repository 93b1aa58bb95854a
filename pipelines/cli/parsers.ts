/** Argument parsers: a wrong value is refused at the prompt with a message that says why. */
import { InvalidArgumentError, Option } from 'commander';
import { KINDS, isKind, type Kind } from '../schema/kinds.ts';
import { CliError } from '../errors.ts';
import { foldName } from '../ingest/kind-inference.ts';
import { DASHBOARD_FORMATS, type DashboardFormat } from '../../dashboards/formats.ts';

/** Spelt as the folder names are matched: 'Participations' and 'final-reports' are kinds too (an audit). */
export function parseKind(value: string): Kind {
  const kind = foldName(value);
  if (!isKind(kind)) throw new InvalidArgumentError(`unknown kind '${value}'. Use one of: ${KINDS.join(', ')}`);
  return kind;
}

/** A day as YYYY-MM-DD or as Germans write it (DD.MM.YYYY, as the outputs show it); returns YYYY-MM-DD. */
export function parseDate(value: string): string {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim());
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value.trim();
  // a real calendar day (Date.parse takes 2026-02-30 for 2 March)
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new InvalidArgumentError(`'${value}' is not a day in the form YYYY-MM-DD or DD.MM.YYYY`);
  // in the form, but no day of the calendar: said so ('2026-02-30' was "not in the form YYYY-MM-DD")
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) throw new InvalidArgumentError(`'${value}' is no date of the calendar`);
  return iso;
}

/**
 * A whole number, with thousands grouped as a German or English reader writes them:
 * `--participations 10.000` made 10 participations (Number('10.000') is 10).
 */
export function parsePositiveInt(value: string): number {
  const grouped = /^\d{1,3}([._,]\d{3})+$/.test(value);
  const n = grouped ? Number(value.replace(/[._,]/g, '')) : /[.,]/.test(value) ? NaN : Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive whole number`);
  return n;
}

/** A whole number of 0 or more (a random seed: 0 is one like any other). */
export function parseWholeNumber(value: string): number {
  if (value === '0') return 0;
  return parsePositiveInt(value);
}

export function parsePeriod(value: string): string {
  if (!/^\d{4}(-Q[1-4])?$/.test(value)) throw new InvalidArgumentError(`'${value}' is not a period like 2024 or 2024-Q3`);
  return value;
}

/** `html,svg`: the dashboard files to write, each named once. */
export function parseDashboardFormats(value: string): DashboardFormat[] {
  const names = value.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const unknown = names.filter((f) => !(DASHBOARD_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`${unknown.length ? `unknown format '${unknown[0]}'` : 'no format given'}. Use one or more of ${DASHBOARD_FORMATS.join(', ')}, comma-separated (e.g. html or html,svg)`);
  }
  return [...new Set(names)] as DashboardFormat[];
}

/**
 * The pages alone take a fifth of the time of pages with every chart also as SVG and PNG
 * (for slides and Word): a look in the browser does not need the static files.
 */
export const dashboardFormatsOption = () =>
  new Option('--formats <list>', 'dashboard files to write: html, svg, png, comma-separated (default: all three; html alone skips the SVG and PNG of every chart: about 40 % less time on the samples, 25 % at 10^6 participations)').argParser(parseDashboardFormats);

export const kindOption = () => new Option('--kind <kind>', `input kind (${KINDS.join(' | ')}); default: from folder or file name`).argParser(parseKind);
export const asOfOption = () => new Option('--as-of <date>', 'data cut-off, YYYY-MM-DD or DD.MM.YYYY (default: the latest date in the data up to today)').argParser(parseDate);

/**
 * --as-of given to an output verb (returns, dashboards), which writes the last build's
 * figures: commander answered "unknown option '--as-of'", and the user learnt neither why
 * nor how to get the figures of another date. Hidden from the help; refused with the way.
 */
export const builtAsOfOption = (verb: string) =>
  new Option('--as-of <date>').hideHelp().argParser((value: string): never => {
    throw new CliError(
      `almp ${verb} writes the figures of the last build, as of its date: --as-of is an option of almp run.`,
      `Run almp run --as-of ${value}: it builds the figures as of that date and writes the dashboards and returns from them.`,
    );
  });

/**
 * --format of `query` and `check --show`. csv is for programs (RFC 4180: comma, UTF-8
 * without BOM, ISO dates, decimal point); a list someone opens in Excel is xlsx: a German
 * Excel splits a double-clicked CSV at ';', reads it as Windows-1252 and strips the
 * leading zeros of ids (pipelines/ops/rows-xlsx-stream.ts).
 */
export const formatOption = (what: string) =>
  new Option('--format <format>', `${what}: table; csv (comma, UTF-8 without BOM, ISO dates, decimal point: for scripts and BI tools); json; xlsx (a workbook for Excel or LibreOffice, written to standard output: redirect it into a file). Times: table, csv and json as stored, in UTC; xlsx in the schedule's timezone (Europe/Berlin), named in the column header`)
    .choices(['table', 'csv', 'json', 'xlsx'])
    .default('table');

/** A workbook is bytes: written to a terminal it would garble the screen. */
export function refuseWorkbookOnTerminal(format: string, example: string, stdoutIsTty = Boolean(process.stdout.isTTY)): void {
  if (format === 'xlsx' && stdoutIsTty) throw new CliError('--format xlsx writes a workbook to standard output, which is a terminal here.', `Redirect it into a file, e.g. ${example}`);
}
