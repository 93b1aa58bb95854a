/** Operating verbs: schedule (long-running), status, query. Each action maps options to one verb. */
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { formatOption, parsePositiveInt, refuseWorkbookOnTerminal } from './parsers.ts';
import { scheduleFileOption as configOption, scheduleSettingsOf as settingsOf } from './schedule-file.ts';
import type { QueryFormat } from '../ops/query.ts';

export type Context = () => { config: Config; effects: Effects };

export function registerOpsCommands(program: Command, context: Context): void {
  program
    .command('schedule')
    .description('keep running: ingest the inbox, build models, publish a snapshot, write dashboards and returns on a schedule (stop: Ctrl-C / SIGTERM)')
    .addOption(configOption())
    .addHelpText('after', '\nExit code: 0 after Ctrl-C or SIGTERM (the job in work finishes first; not 130/143 as for the other commands); 2 for an error in the schedule file or configuration; 1 when another scheduler already runs on this database (almp status shows its jobs).')
    .action(async (opts: { config?: string }) => {
      const { scheduleCommand } = await import('../schedule/schedule-command.ts');
      const { stopOnSignals } = await import('../ops/stop-signal.ts');
      const { config, effects } = context();
      process.exitCode = await scheduleCommand(config, { configFile: opts.config && resolve(opts.config), signal: stopOnSignals(effects), cwd: process.cwd() }, effects);
    });

  program
    .command('status')
    .description('last run of every job, next fire times, inbox and quarantine, overdue final reports, data-quality findings')
    .addOption(configOption())
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit code: 0 when the last run of every enabled job went through; 1 when one failed, failed in part or was interrupted, when one missed its fire time by over an hour (no scheduler runs it), when the disk has too little room, when a file refused whole in the last 7 days has no later file of its name loaded (and its content is not loaded otherwise), when a file lies in the inbox outside its kind folders, when the marts were built by another version, when a writer has held the database for over 3 hours or a program that is not almp holds it open, or when there is no database at --db (for a monitor to alert on).')
    .action(async (opts: { config?: string; json?: boolean }) => {
      const { statusExitCode, statusReport } = await import('../ops/status.ts');
      const { statusJson } = await import('../ops/status-json.ts');
      const { printStatus } = await import('../ops/status-print.ts');
      const { config, effects } = context();
      const settings = settingsOf(config, opts.config);
      const report = await statusReport(config.dbPath, settings, effects.now());
      if (opts.json) effects.out(JSON.stringify(statusJson(report), null, 2));
      else printStatus(report, settings.timezone, effects);
      process.exitCode = statusExitCode(report);
    });

  program
    .command('query')
    .description('run SQL read-only on the published snapshot (never waits for the writer)')
    .argument('<sql>', 'e.g. "SELECT * FROM mart.data_quality"')
    .addHelpText('after', '\nExamples:\n  almp query "SELECT indicator, numerator, denominator, value FROM mart.indicator_values WHERE period = \'2025\' AND jobcenter_id = \'06411\' AND instrument = \'*\' AND provider_id = \'*\' AND measure_id = \'*\' AND breakdown = \'*\'"\n  almp query --format xlsx "SELECT * FROM mart.data_quality" > datenqualitaet.xlsx')
    .addOption(configOption())
    .addOption(formatOption('output format'))
    .option('--max-rows <n>', 'rows shown in table format', parsePositiveInt, 200)
    .action(async (sql: string, opts: { config?: string; format: QueryFormat; maxRows: number }) => {
      const { queryCommand } = await import('../ops/query.ts');
      refuseWorkbookOnTerminal(opts.format, 'almp query "SELECT * FROM mart.data_quality" --format xlsx > datenqualitaet.xlsx');
      const { config, effects } = context();
      const { snapshots, timezone } = settingsOf(config, opts.config);
      await queryCommand({ sql, snapshots, timezone, db: config.dbPath, format: opts.format, maxRows: opts.maxRows }, effects);
    });

  program
    .command('rejects')
    .summary('the rejected rows of one file, to send back to whoever delivered it')
    .description('the rejected rows of one file (row number as in the file, column, value, reason) in row order, from the live database — also for a file loaded since the last build; the table counts them by column and reason and shows the first --max-rows, csv, json and xlsx hold all; `almp status` lists the files with rejected rows and their numbers')
    .argument('<file-id>', 'the file\'s number, as `almp status` shows it', parsePositiveInt)
    .addOption(configOption())
    .addOption(formatOption('output format'))
    .option('--max-rows <n>', 'rows shown in table format', parsePositiveInt, 1000)
    .action(async (fileId: number, opts: { config?: string; format: QueryFormat; maxRows: number }) => {
      const { rejectsCommand } = await import('../ops/rejects.ts');
      refuseWorkbookOnTerminal(opts.format, 'almp rejects 12 --format xlsx > abgelehnt.xlsx');
      const { config, effects } = context();
      await rejectsCommand({ dbPath: config.dbPath, snapshots: settingsOf(config, opts.config).snapshots, fileId, format: opts.format, maxRows: opts.maxRows }, effects);
    });
}
