/** Administration verbs: export for federation, restore a snapshot, doctor. */
import { Option, type Command } from 'commander';
import { basename, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { readForgetIds } from './forget-ids.ts';
import { scheduleFileOption, scheduleSettingsOf } from './schedule-file.ts';
import { parsePositiveInt } from './parsers.ts';
import { ifInterrupted } from '../interruption.ts';
import { CliError } from '../errors.ts';

type Context = () => { config: Config; effects: Effects };

export function registerAdminCommands(program: Command, context: Context): void {
  program
    .command('export')
    .description('write core and mart tables (and current pseudonymised records) for other tools and for a state instance')
    .addOption(new Option('--format <format>', 'parquet: Hive-partitioned by year and Jobcenter; arrow: Arrow IPC files').choices(['parquet', 'arrow']).default('parquet'))
    .requiredOption('--out <dir>', 'output folder: new, empty, or an earlier export, whose files it replaces (required)')
    .addHelpText('after', '\nExamples:\n  almp export --out /srv/exchange/almp-06411       Parquet for the state instance (almp ingest <folder> there)\n  almp export --format arrow --out analysis/       Arrow IPC files for R, pandas or Polars')
    .action(async (opts: { format: 'parquet' | 'arrow'; out: string }) => {
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { exportData } = await import('../federation/export.ts');
      const { loadKey } = await import('../ingest/pseudonym.ts');
      const { refuseNewKeyForFilledDb } = await import('../ingest/key-guard.ts');
      const { config, effects } = context();
      requireDatabase(config);
      const { key, source } = loadKey(config);
      ifInterrupted(`the database is unchanged; the export in ${resolve(opts.out)} is incomplete — run \`almp export\` again`);
      const results = await withDb(config, async (db) => {
        if (source === 'created') await refuseNewKeyForFilledDb(db, config.keyFile);
        return exportData(db, { format: opts.format, outDir: resolve(opts.out), key }, effects);
      }, { effects });
      process.exitCode = results.some((r) => r.status === 'error') ? 1 : 0;
    });

  program
    .command('restore')
    .description('bring back a published snapshot as the live database (default: the current one)')
    .argument('[snapshot]', 'snapshot file name, see --list')
    .option('--list', 'list the snapshots and exit')
    .addHelpText('after', '\nExamples:\n  almp restore --list\n  almp restore 20261205T174600163Z.duckdb         stop the scheduler first; the old file is kept as <db>.before-restore')
    .addOption(scheduleFileOption())
    .action(async (snapshot: string | undefined, opts: { list?: boolean; config?: string }) => {
      const { describeSnapshot, listSnapshots, restoreSnapshot } = await import('../ops/restore.ts');
      const { currentSnapshot } = await import('../ops/snapshot.ts');
      const { config, effects } = context();
      const snapshotDir = scheduleSettingsOf(config, opts.config).snapshots;
      // `restore --list NAME` listed and ignored the name: one who meant to restore it learnt nothing
      if (opts.list && snapshot !== undefined) throw new CliError(`--list lists the snapshots and restores none: '${snapshot}' was given too.`, `Run almp restore --list, then almp restore ${snapshot} to restore that one.`);
      if (opts.list) {
        const names = listSnapshots(snapshotDir);
        const current = currentSnapshot(snapshotDir);
        const timezone = scheduleSettingsOf(config, opts.config).timezone;
        for (const name of names) {
          const line = await describeSnapshot(snapshotDir, name, timezone);
          effects.out(current && basename(current) === name ? `${line}  (current: readers use it; restore without a name brings it back)` : line);
        }
        if (names.length === 0) effects.warn(`No snapshots in ${snapshotDir} yet: almp run publishes one after a successful build.`);
        return;
      }
      await restoreSnapshot({ dbPath: config.dbPath, snapshotDir, snapshot, waitMs: 30_000, timezone: scheduleSettingsOf(config, opts.config).timezone }, effects);
    });

  program
    .command('forget')
    .description('erase persons (Art. 17 GDPR): every version of their records, then rebuild the models and replace the snapshots')
    .argument('[kundennummer...]', "the persons' raw ids (Kundennummer), one per line on standard input (none or '-'; typed at the prompt, or < ids.txt); as arguments they show in ps and the shell history")
    .option('--ids-file <file>', 'read the ids from this file, one per line')
    .option('--yes', 'erase for real (without it: count what would be erased and change nothing)')
    .addOption(scheduleFileOption())
    .addHelpText('after', '\nExamples:\n  almp forget --yes < ids.txt          ids one per line\n  almp forget --yes                    type the ids, end with Ctrl-D')
    .action(async (args: string[], opts: { yes?: boolean; config?: string; idsFile?: string }) => {
      const { requireDatabase, withDb } = await import('../commands/open-db.ts');
      const { loadKey } = await import('../ingest/pseudonym.ts');
      const { refuseNewKeyForFilledDb } = await import('../ingest/key-guard.ts');
      const { publishSnapshot } = await import('../ops/snapshot.ts');
      const { forgetPersons, printForget } = await import('../ops/forget.ts');
      const { buildModels } = await import('../models/build.ts');
      const { config, effects } = context();
      requireDatabase(config);
      const ids = await readForgetIds({ args, idsFile: opts.idsFile, stdin: process.stdin, warn: effects.warn });
      const { key, source } = loadKey(config);
      if (source === 'created') await withDb(config, (db) => refuseNewKeyForFilledDb(db, config.keyFile), { effects });
      const places = scheduleSettingsOf(config, opts.config);
      ifInterrupted(opts.yes ? 'nothing was erased (rolled back) — run the command again' : 'nothing was erased (a dry run)');
      const result = await withDb(
        config,
        (db) =>
          forgetPersons(
            db,
            {
              ids,
              key,
              dryRun: !opts.yes,
              keptFiles: [places.archive, places.quarantine],
              rebuild: async (d) => {
                ifInterrupted(`the persons' records are erased, but the marts and the snapshots in ${places.snapshots} still hold them — run \`almp run\`, then remove the snapshots published before it`);
                // the as-of of the last build, so the figures move only by the erased records
                const last = await d.json<{ as_of: string | null }>('SELECT CAST(max(as_of) AS VARCHAR) AS as_of FROM mart.indicator_values').catch(() => []);
                const built = await buildModels(d, { asOf: last[0]?.as_of ?? undefined, suppressionThreshold: config.suppressionThreshold }, effects);
                return !built.models.some((m) => m.status === 'error');
              },
              replaceSnapshots: async (d) => void (await publishSnapshot(d, { dir: places.snapshots, keep: 1 }, effects)),
            },
            effects,
          ),
        { effects },
      );
      printForget(result, ids.length, !opts.yes, effects);
    });

  program
    .command('purge')
    .description('delete input files archived or quarantined more than <days> ago, with their reasons files (the retention period); the database is not touched; dry run without --yes')
    .requiredOption('--older-than <days>', 'whole days, at least 1 (the schedule file\'s retentionDays makes the scheduler do this daily)', parsePositiveInt)
    .option('--yes', 'delete for real (without it: list what would go and change nothing)')
    .addOption(scheduleFileOption())
    .action(async (opts: { olderThan: number; yes?: boolean; config?: string }) => {
      const { purgeCommand } = await import('../ops/purge-command.ts');
      const { config, effects } = context();
      const places = scheduleSettingsOf(config, opts.config);
      process.exitCode = await purgeCommand(config, { places, olderThanDays: opts.olderThan, yes: Boolean(opts.yes), waitMs: 30_000 }, effects);
    });

  program
    .command('rotate-key')
    .summary('after a key leak: a new database under a new pseudonym key, loaded from the archive and compared with the old one')
    .description(
      'load the archived input files, in the order the old database (--db) loaded them, into a new database under a new key, build the models, and compare records per kind and the indicators with the old database; records of persons erased with almp forget stay out. The scheduler must be stopped. Dry run without --yes',
    )
    .requiredOption('--new-db <file>', 'the new database file: must not exist yet or be empty (required)')
    .requiredOption('--new-key-file <file>', 'the new key file: created owner-only if missing; the old key is refused (required)')
    .option('--yes', 'rotate for real (without it: show what would be loaded and change nothing)')
    .addOption(scheduleFileOption())
    .addHelpText('after', '\nExample:\n  almp rotate-key --new-db /srv/almp/data-new/almp.duckdb --new-key-file /srv/almp/secret/almp-new.key --yes\nExit code 1 when the new database differs from the old one (named); the old one is left as it was.')
    .action(async (opts: { newDb: string; newKeyFile: string; yes?: boolean; config?: string }) => {
      const { requireDatabase } = await import('../commands/open-db.ts');
      const { buildModels } = await import('../models/build.ts');
      const { rotateKey } = await import('../ops/rotate-key.ts');
      const { config, effects } = context();
      requireDatabase(config);
      const places = scheduleSettingsOf(config, opts.config);
      // folders no schedule file names follow the database: with the new one they move
      const newPlaces = scheduleSettingsOf({ ...config, dbPath: resolve(opts.newDb) }, opts.config);
      const moves = (['inbox', 'archive', 'quarantine', 'logFile'] as const).map((k) => ({ from: places[k], to: newPlaces[k] })).filter((m) => m.from !== m.to);
      process.exitCode = await rotateKey(
        config,
        {
          newDb: resolve(opts.newDb),
          newKeyFile: resolve(opts.newKeyFile),
          yes: Boolean(opts.yes),
          archive: places.archive,
          snapshots: places.snapshots,
          moves,
          waitMs: 30_000,
          // the model table and check list would push the plan off the screen; warnings stay
          build: async (db, asOf) => !(await buildModels(db, { asOf, suppressionThreshold: config.suppressionThreshold }, { ...effects, out: () => undefined })).models.some((m) => m.status === 'error'),
        },
        effects,
      );
    });

  program
    .command('doctor')
    .description('check the configuration: pseudonym key and its permissions, writer lock, database, snapshot, free disk space, the folders the scheduler writes, the retention period of archive and quarantine')
    .addOption(scheduleFileOption())
    .action(async (opts: { config?: string }) => {
      const { doctor } = await import('../ops/doctor.ts');
      const { config, effects } = context();
      const settings = scheduleSettingsOf(config, opts.config);
      const findings = await doctor(config, { snapshotDir: settings.snapshots, folders: settings, retention: settings }, effects);
      process.exitCode = findings.some((f) => f.severity === 'error') ? 1 : 0;
    });
}
