/**
 * The `almp` command line. It parses arguments, reads the configuration once, calls one
 * verb, and turns typed errors into messages and exit codes. It holds no logic of its own.
 */
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { Command } from 'commander';
import { ZodError } from 'zod';
import { DEFAULT_DB, loadConfig, type ConfigInput } from '../config.ts';
import { setDefaultThreads } from '../db/database.ts';
import { consoleEffects } from '../effects.ts';
import { AlmpError, CliError, diskFullError, permissionError } from '../errors.ts';
import { KINDS } from '../schema/kinds.ts';
import { registerCommands } from './commands.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { isWriting } from '../commands/writing.ts';
import { exitOnSignals } from '../ops/exit-on-signal.ts';

export interface GlobalOptions extends ConfigInput {
  debug?: boolean;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

// Everything the pipeline writes (database, snapshots, archive, logs, outputs) holds
// pseudonymised personal data or figures from it: owner and group only, never the world
// (a privacy audit found 0644 files under umask 022). Bits the operator's umask takes away
// stay away: a service run with UMask=0077 wrote 0640 files, readable by the group.
process.umask(process.umask(0o077) | 0o027);

const EXIT_CODES = `
Exit codes: 0 done; 1 something was not done and needs someone (named above it); 2 wrong
usage or configuration; 75 the writer lock stayed busy; 130/143 stopped by Ctrl-C/SIGTERM
(the line before it says what the database holds). Details: docs/operations.md.`;

const program = new Command('almp')
  .version(version, '-V, --version', 'print the version')
  // a wrong argument or option is a usage error: exit code 2, as for CliError
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .description('almp-monitor: dropout and success monitoring for active labour market policy (SGB II/III).\nIngest Jobcenter and provider files into DuckDB, build the indicators, write dashboards and Excel returns.')
  .option('--db <path>', `DuckDB database file (env ALMP_DB; default: ${DEFAULT_DB}, from the folder you are in)`, undefined)
  .option('--key-file <path>', 'pseudonym key file (env ALMP_KEY_FILE; default: almp.key beside the database; or give the key in ALMP_PSEUDONYM_KEY)')
  .option('--debug', 'show stack traces and debug logs')
  .showHelpAfterError('(almp --help lists the commands; almp <command> --help shows its options)')
  // `almp ingest --help` listed neither --db nor --key-file, which every example of the
  // README and contracts.md writes after the command
  .configureHelp({ showGlobalOptions: true })
  .addHelpText(
    'after',
    `
Examples:
  almp generate --participations 10000 --out /tmp/gen     make a consistent test dataset
  almp ingest data-samples/inbox                          kinds are taken from folder names
  almp ingest reports.xlsx --kind final_reports
  almp run --as-of 2026-09-30 --out out                   models, dashboards, returns
  almp check                                              data-quality findings

Input kinds: ${KINDS.join(', ')}`,
  )
  .addHelpText('after', EXIT_CODES);

function context() {
  const globals = program.opts<GlobalOptions>();
  // the temporary folder old versions left an ingest's copies in (ops/old-temp-copies.ts)
  const config = loadConfig({ ...globals, tempDir: tmpdir() }, process.env);
  setDefaultThreads(config.threads);
  return { config, effects: consoleEffects({ debug: globals.debug }) };
}

registerCommands(program, context);
registerOpsCommands(program, context);
registerAdminCommands(program, context);
// every command's --help ends with them, where a script writer looks for them; the scheduler
// says its own (a signal is its clean stop: 0, not 130/143)
for (const command of program.commands) if (command.name() !== 'schedule') command.addHelpText('after', EXIT_CODES);

// `almp status | head`: the reader closed the pipe, which is not an error of ours. A reading
// command stops there; one that writes the database (`almp run | head`, `| less` left with q)
// goes on without its terminal: it stopped halfway with exit code 0 and no return written.
// Standard error too: under `almp run 2>&1 | head` its first warning died of EPIPE, exit
// code 1, the build rolled back and the writer lock left behind.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (!isWriting()) process.exit(0);
    stream.write = (() => true) as typeof stream.write;
  });
}

// Ctrl-C and SIGTERM: the terminal restored, the writer lock released, one line on what the
// database holds, then exit 130/143 (`almp schedule` replaces this with its graceful stop)
exitOnSignals();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error, program.opts<GlobalOptions>().debug ?? false);
}

function report(caught: unknown, debug: boolean): number {
  const error = permissionError(caught) ?? diskFullError(caught) ?? caught;
  if (error instanceof ZodError) {
    process.stderr.write(`Configuration error: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
    return 2;
  }
  if (error instanceof AlmpError) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`What to do: ${error.hint}\n`);
    if (debug) process.stderr.write(`${caught instanceof Error ? caught.stack : error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write(debug && error instanceof Error ? `${error.stack}\n` : 'Run again with --debug for details, and report it with the output.\n');
  return error instanceof CliError ? 2 : 1;
}
