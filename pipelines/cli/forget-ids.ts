/**
 * Where `almp forget` takes the Kundennummern from. An argument stays in the process list
 * (`ps`, /proc/<pid>/cmdline) for every local user while the models rebuild, in the shell
 * history and in process-accounting or audit logs; standard input and a file leave none of
 * these. The argument form still works, with a warning.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CliError } from '../errors.ts';

export interface ForgetIdSources {
  /** Arguments as given; `-` (or none) means standard input. */
  readonly args: readonly string[];
  readonly idsFile?: string;
  readonly stdin: Readable & { isTTY?: boolean };
  readonly warn: (line: string) => void;
}

export const ARGUMENT_WARNING =
  'warning: a Kundennummer given as an argument is visible to every local user in ps while almp forget runs and stays in the shell history; give it on standard input instead (almp forget --yes, then type it; or almp forget --yes < ids.txt) or with --ids-file ids.txt, one per line';

/** The distinct ids, each as given but for a line's end (CR of a Windows file, spaces). */
export async function readForgetIds(sources: ForgetIdSources): Promise<string[]> {
  const fromStdin = sources.args.length === 0 || (sources.args.length === 1 && sources.args[0] === '-');
  if (sources.args.includes('-') && !fromStdin) throw new CliError("'-' (read the ids from standard input) cannot stand beside ids given as arguments.");
  if (sources.idsFile !== undefined && sources.args.length > 0) throw new CliError('Give the ids either with --ids-file or as arguments, not both.');
  let lines: string[];
  if (sources.idsFile !== undefined) lines = readIdsFile(sources.idsFile);
  else if (fromStdin) lines = await readLines(sources.stdin, sources.warn);
  else {
    sources.warn(ARGUMENT_WARNING);
    lines = [...sources.args];
  }
  // a file saved on Windows ends each line with CR; a BOM from Notepad stands before the first
  const ids = lines.map((line, i) => (i === 0 ? line.replace(/^\ufeff/, '') : line).replace(/\r$/, '').replace(/^ +| +$/g, '')).filter((id) => id !== '');
  if (ids.length === 0) throw new CliError('No Kundennummer given: one per line on standard input, in the --ids-file, or as arguments.');
  return [...new Set(ids)];
}

function readIdsFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`Cannot read the --ids-file ${path}: ${why}. Nothing was erased.`, 'Give the path of a text file with one Kundennummer per line.');
  }
}

async function readLines(stdin: ForgetIdSources['stdin'], warn: (line: string) => void): Promise<string[]> {
  if (stdin.isTTY) warn('Kundennummern to erase, one per line; end with Ctrl-D:');
  const lines: string[] = [];
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity, terminal: false })) lines.push(line);
  return lines;
}
