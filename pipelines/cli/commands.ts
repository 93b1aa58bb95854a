/** Registers every verb on the command line; each action only maps options to a verb call. */
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import type { Kind } from '../schema/kinds.ts';
import { asOfOption, builtAsOfOption, dashboardFormatsOption, formatOption, kindOption, parseDate, parsePeriod, parsePositiveInt, parseWholeNumber, refuseWorkbookOnTerminal } from './parsers.ts';
import type { QueryFormat } from '../ops/query.ts';
import type { DashboardFormat } from '../../dashboards/formats.ts';
import { outFolder, scheduleFileOption, scheduleSettingsOf } from './schedule-file.ts';
import { RUN_NOT_STARTED } from '../commands/run-notes.ts';
import { DEFAULT_AS_OF } from '../generate/days.ts';
import { ifInterrupted } from '../interruption.ts';
import { refuseUnwritableOut } from '../folders.ts';

type Context = () => { config: Config; effects: Effects };

export function registerCommands(program: Command, context: Context): void {
  program
    .command('ingest')
    .description('load input files (CSV, XLSX, JSON, NDJSON) into the database; folders are read in name order')
    .argument('<paths...>', 'files or folders (a folder named after a kind, e.g. inbox/participations/, sets the kind)')
    .addOption(kindOption())
    .option('--sheet <name>', 'XLSX: read this sheet (default: the first visible sheet holding the required columns)')
    .option('--replaces <instance>', "an export folder only: this export's instance replaces an earlier one (a Jobcenter database moved to another path): the old instance's records it no longer holds stop counting")
    .addHelpText('after', '\nExamples:\n  almp ingest inbox/                              every kind folder under inbox/\n  almp ingest --kind final_reports berichte.xlsx --sheet Berichte\n  almp rejects 12                                 the rejected rows of file 12, for the sender')
    .addHelpText('after', '\nExit code (docs/contracts.md: non-zero only if nothing could be done): 0 when a file loaded rows or every file was loaded before, also with rows rejected or other files refused beside it (each is listed; `almp status` exits 1 while a file refused whole is not loaded); 1 when nothing new loaded and a file was refused or had every row rejected, or the folders given hold no data file; 2 for a wrong option or value, or when no path given exists.')
    .action(async (paths: string[], opts: { kind?: Kind; sheet?: string; replaces?: string }) => {
      const { ingestCommand, ingestExitCode } = await import('../commands/ingest.ts');
      const { config, effects } = context();
      const results = await ingestCommand(config, { paths, kind: opts.kind, sheet: opts.sheet, replaces: opts.replaces }, effects);
      process.exitCode = ingestExitCode(results);
    });

  program
    .command('run')
    .description('build all models, then write dashboards and Excel returns into --out')
    .addHelpText('after', '\nExamples:\n  almp run                                        as of the latest date in the data, into out/\n  almp run --as-of 30.06.2026 --period 2026-Q2 --out /srv/almp/out')
    .addOption(asOfOption())
    .option('--out <dir>', "output folder (with --config: the schedule file's out)", 'out')
    .option('--period <period>', 'period of the returns: 2024 or 2024-Q3 (default: latest complete)', parsePeriod)
    .option('--jobcenter <id>', 'restrict the returns to one Jobcenter')
    .addOption(dashboardFormatsOption())
    .addOption(scheduleFileOption())
    .action(async (opts: { asOf?: string; out: string; period?: string; jobcenter?: string; formats?: DashboardFormat[]; config?: string }, command: Command) => {
      ifInterrupted(RUN_NOT_STARTED);
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { runPipeline } = await import('../commands/run.ts');
      const { publishSnapshot } = await import('../ops/snapshot.ts');
      const { runCompleteNote } = await import('../commands/run-notes.ts');
      const { config, effects } = context();
      requireDatabase(config);
      const settings = scheduleSettingsOf(config, opts.config);
      const outDir = outFolder(command, opts.out, settings);
      const result = await withDb(
        config,
        async (db) => {
          const run = await runPipeline(db, { asOf: opts.asOf, outDir, suppressionThreshold: config.suppressionThreshold, period: opts.period, jobcenterId: opts.jobcenter, dashboardFormats: opts.formats }, effects);
          // Readers (BI tools, almp query) get the new marts only through a published snapshot.
          if (!run.models.models.some((m) => m.status === 'error')) {
            const snapshot = await publishSnapshot(db, { dir: settings.snapshots, keep: settings.keepSnapshots }, effects);
            if (snapshot.status !== 'success') effects.warn(`The snapshot for readers could not be published: ${snapshot.error}`);
            else ifInterrupted(runCompleteNote(run.models.asOf));
          }
          return run;
        },
        { effects },
      );
      const failedModels = result.models.models.filter((m) => m.status === 'error').length;
      // a return or page that could not be written (read-only folder, full disk) fails the run too
      process.exitCode = failedModels > 0 || result.outputs.some((o) => o.status === 'error') ? 1 : 0;
    });

  program
    .command('check')
    .description('run the data-quality checks and print the findings per severity')
    .addOption(asOfOption())
    .option('--show <check>', 'also list the failing rows of one check (pseudonymised keys), e.g. exits_without_report')
    .addOption(formatOption('format of the rows of --show (csv, json and xlsx give the rows only, and need --show)'))
    .option('--max-rows <n>', 'rows of --show printed at most in table format', parsePositiveInt, 200)
    .addHelpText('after', '\nExample: almp check --show exits_without_report --format xlsx > berichte-fehlen.xlsx')
    .action(async (opts: { asOf?: string; show?: string; format: QueryFormat; maxRows: number }) => {
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { noParticipations, runChecks } = await import('../models/check.ts');
      refuseWorkbookOnTerminal(opts.format, 'almp check --show exits_without_report --format xlsx > berichte-fehlen.xlsx');
      const { config, effects } = context();
      requireDatabase(config);
      ifInterrupted('the checks only read, the database is unchanged');
      await withDb(
        config,
        async (db) => {
          await runChecks(db, { asOf: opts.asOf, show: opts.show, format: opts.format, maxRows: opts.maxRows }, effects);
          if (await noParticipations(db)) process.exitCode = 1;
        },
        { effects },
      );
    });

  program
    .command('dashboards')
    .description('write the dashboards (HTML, SVG, PNG) from the marts of the last build')
    .option('--out <dir>', 'output folder', 'out')
    .addOption(dashboardFormatsOption())
    .addOption(builtAsOfOption('dashboards'))
    .action(async (opts: { out: string; formats?: DashboardFormat[] }) => {
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { writeDashboards } = await import('../../dashboards/build.ts');
      const { filesSinceBuild, refuseOutdatedMarts } = await import('../models/marts-version.ts');
      const { refuseOtherThreshold } = await import('../models/threshold-guard.ts');
      const { printResults } = await import('../commands/print-results.ts');
      const { recordByHand } = await import('../commands/record-by-hand.ts');
      const { config, effects } = context();
      requireDatabase(config);
      // a file in the way ended as Node's 'ENOTDIR: not a directory, mkdir' with exit 1
      refuseUnwritableOut(resolve(opts.out), 'Nothing was written');
      ifInterrupted(`the marts are unchanged; the dashboards in ${resolve(opts.out)} may be partly written — run \`almp dashboards\` again`);
      const results = await withDb(config, async (db) => {
        const refused = (await refuseOutdatedMarts(db, 'dashboards')) ?? (await refuseOtherThreshold(db, config, 'dashboards'));
        if (refused) return refused;
        const stale = await filesSinceBuild(db);
        if (stale) effects.warn(`Note: ${stale}.`);
        const startedAt = effects.now();
        const written = await writeDashboards(db, { outDir: resolve(opts.out), formats: opts.formats }, effects);
        await recordByHand(db, 'dashboards', startedAt, effects.now(), written, opts.out);
        return written;
      }, { effects });
      printResults('Dashboards', results, effects);
      process.exitCode = results.some((r) => r.status === 'error') ? 1 : 0;
    });

  program
    .command('returns')
    .summary('write the Excel returns (Jobcenter quarterly, state annual, ESF+) from the last build')
    .description('write the Excel returns from the marts of the last build: the Jobcenter\'s quarterly controlling workbook (internal, one per Jobcenter), the state programme\'s annual return and the ESF+ participant return (both for funders); small cells are suppressed in all three')
    .option('--out <dir>', 'output folder', 'out')
    .option('--period <period>', 'period: 2024 or 2024-Q3 (default: latest complete)', parsePeriod)
    .option('--jobcenter <id>', 'restrict to one Jobcenter')
    .addOption(builtAsOfOption('returns'))
    .addHelpText(
      'after',
      '\nA quarter also writes the annual returns of its year: of a year still running, up to the Datenstand (their cover says so).' +
        '\nSmall cells: counts of 1 to threshold − 1 are hidden, the threshold of the last build (ALMP_SUPPRESSION_THRESHOLD at almp run, default 5; another value set for almp returns is refused).' +
        '\n\nExamples:\n  almp returns --period 2025                      the annual returns (state, ESF+) and the quarterlies of Q4 2025\n  almp returns --period 2026-Q3 --jobcenter 06411',
    )
    .action(async (opts: { out: string; period?: string; jobcenter?: string }) => {
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { writeReturns } = await import('../../reports/build.ts');
      const { filesSinceBuild, refuseOutdatedMarts } = await import('../models/marts-version.ts');
      const { refuseOtherThreshold } = await import('../models/threshold-guard.ts');
      const { printResults } = await import('../commands/print-results.ts');
      const { recordReturnsByHand } = await import('../commands/record-by-hand.ts');
      const { config, effects } = context();
      requireDatabase(config);
      // a file in the way ended as Node's 'ENOTDIR: not a directory, mkdir' with exit 1
      refuseUnwritableOut(resolve(opts.out), 'Nothing was written');
      ifInterrupted(`the marts are unchanged; the returns in ${resolve(opts.out)} may be partly written — run \`almp returns\` again`);
      const results = await withDb(config, async (db) => {
        const refused = (await refuseOutdatedMarts(db, 'returns')) ?? (await refuseOtherThreshold(db, config, 'returns'));
        if (refused) return refused;
        const stale = await filesSinceBuild(db);
        if (stale) effects.warn(`Note: ${stale}.`);
        const startedAt = effects.now();
        const written = await writeReturns(db, { outDir: resolve(opts.out), period: opts.period, jobcenterId: opts.jobcenter }, effects);
        await recordReturnsByHand(db, startedAt, effects.now(), written, opts.out);
        return written;
      }, { effects });
      printResults('Returns', results, effects);
      process.exitCode = results.some((r) => r.status === 'error') ? 1 : 0;
    });

  program
    .command('generate')
    .description('write a consistent synthetic dataset of every kind (seeded, any size)')
    .requiredOption('--participations <n>', 'number of participations, e.g. 100000 (required)', parsePositiveInt)
    .requiredOption('--out <dir>', 'output folder, one sub-folder per kind (required)')
    .option('--seed <n>', 'random seed, a whole number: the same seed writes the same data', parseWholeNumber, 42)
    .option('--as-of <date>', `data cut-off of the generated data, YYYY-MM-DD or DD.MM.YYYY (default: ${DEFAULT_AS_OF})`, parseDate)
    .action(async (opts: { participations: number; out: string; seed: number; asOf?: string }) => {
      const { generate } = await import('../generate/generate.ts');
      const { effects } = context();
      await generate({ participations: opts.participations, outDir: resolve(opts.out), seed: opts.seed, asOf: opts.asOf }, effects);
    });

  program
    .command('start')
    .description('the main job end to end on the bundled samples: ingest → models → dashboards → returns')
    .option('--inbox <dir>', 'input folder', 'data-samples/inbox')
    .option('--out <dir>', 'output folder', 'out')
    .option('--schedule', 'keep running on the default schedule afterwards')
    .action(async (opts: { inbox: string; out: string; schedule?: boolean }) => {
      ifInterrupted(RUN_NOT_STARTED);
      const { startCommand } = await import('../commands/start.ts');
      const { config, effects } = context();
      process.exitCode = await startCommand(config, { inbox: resolve(opts.inbox), outDir: resolve(opts.out), schedule: Boolean(opts.schedule) }, effects);
    });
}
