/**
 * `almp rotate-key`: a new database under a new pseudonym key, loaded from the archived input
 * files (pseudonyms of one key cannot be turned into another's without the raw ids), then
 * compared with the old database record by record. The old database is the reference: what
 * it no longer holds (persons erased with almp forget) stays out (rotate-compare.ts).
 * The scheduler lock and the writer lock of the old database are held throughout, so no file
 * reaches the old database that the new one would miss.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Config } from '../config.ts';
import { Db } from '../db/database.ts';
import { bootstrap } from '../db/bootstrap.ts';
import { withDb } from '../commands/open-db.ts';
import type { Effects } from '../effects.ts';
import { AlmpError, isMachineTrouble, permissionError } from '../errors.ts';
import { ingestPaths, type FileIngestResult } from '../ingest/ingest.ts';
import { storedKeyFingerprint } from '../ingest/key-guard.ts';
import { loadKey } from '../ingest/pseudonym.ts';
import { filesSinceBuild, martsOutdated } from '../models/marts-version.ts';
import { acquireWriterLock, describeHolder, rotationLockPath, tryAcquire, withLockOrRefuse, type WriterLock } from './writer-lock.ts';
import { partialFiles, partialPath, refuseNewDatabase, refuseNewKeyFile } from './rotate-refuse.ts';
import { holdInterruptNote, onInterrupt } from '../interruption.ts';
import { oldLedger, planRotation, type RotationPlan } from './rotate-plan.ts';
import { compareIndicators, compareKinds, kindDiffers, leaveOutErased, OLD } from './rotate-compare.ts';
import { printComparison, printNextSteps, printPlan, type RotationOutcome } from './rotate-print.ts';

export interface RotateOptions {
  readonly newDb: string;
  readonly newKeyFile: string;
  /** Rotate for real; without it: show the plan, change nothing. */
  readonly yes: boolean;
  readonly archive: string;
  readonly snapshots: string;
  /** The scheduler's folders that lie elsewhere for the new database (beside it, as no schedule file names them). */
  readonly moves?: readonly { from: string; to: string }[];
  readonly waitMs: number;
  /** Builds the models of the new database (false: the build failed). */
  readonly build: (db: Db, asOf: string | undefined) => Promise<boolean>;
}

interface OldState {
  readonly plan: RotationPlan & { archived: number };
  readonly fingerprint: string | undefined;
  readonly asOf: string | undefined;
  /** Why the old indicators cannot be compared, if they cannot. */
  readonly martsNote: string | undefined;
}

export async function rotateKey(config: Config, options: RotateOptions, effects: Effects): Promise<number> {
  // held first: a second rotation (another terminal, a lost SSH session) found the first one's scheduler lock and said 'The scheduler runs … systemctl stop almp'
  return withLockOrRefuse(
    rotationLockPath(config.dbPath),
    (holder) =>
      new AlmpError(
        `Another almp rotate-key runs on ${config.dbPath} (${describeHolder(holder)}).`,
        'Let it finish and read what it prints (or end it: kill with its pid); a rotation it stopped leaves files the next attempt names.',
      ),
    () => rotateHoldingLock(config, options, effects),
  );
}

async function rotateHoldingLock(config: Config, options: RotateOptions, effects: Effects): Promise<number> {
  const scheduler = tryAcquire(`${config.dbPath}.scheduler.lock`);
  // the plan may be looked at while the service still runs; the rotation may not
  if ('busy' in scheduler && !options.yes) effects.warn(`The scheduler runs on ${config.dbPath} (${describeHolder(scheduler.busy)}): stop it before rotating with --yes.`);
  else if ('busy' in scheduler) {
    throw new AlmpError(
      `The scheduler runs on ${config.dbPath} (${describeHolder(scheduler.busy)}): a file it loaded during the rotation would reach the old database only.`,
      'Stop it first (systemctl stop almp, or Ctrl-C where it runs), then rotate; start it again on the new database afterwards.',
    );
  }
  let writer: WriterLock | undefined;
  try {
    writer = await acquireWriterLock(config.dbPath, {
      waitMs: options.waitMs,
      onWait: (holder) => effects.warn(`Waiting up to ${Math.round(options.waitMs / 1000)} s for ${describeHolder(holder)} to finish writing ${config.dbPath} …`),
    });
    // under the lock: a .partial found now is no rotation at work, but one that stopped
    refuseNewDatabase(config, options.newDb);
    const old = await readOld(config, options.archive, effects);
    refuseNewKeyFile(config, options.newKeyFile, old.fingerprint, effects);
    printPlan(old.plan, { archive: options.archive, newDb: options.newDb }, effects);
    if (!options.yes) {
      effects.out('Nothing changed: add --yes to rotate.');
      return 0;
    }
    if (old.plan.load.length === 0) {
      throw new AlmpError(`The archive ${options.archive} holds none of the files the old database loaded: there is nothing to build the new database from.`, 'Check --config (the schedule file names the archive) and that the scheduler archived the files it loaded; files loaded by hand with almp ingest are not archived.');
    }
    const outcome = await rotateIntoPartial(config, options, old, effects);
    printComparison(outcome, effects);
    printNextSteps(config, options, outcome, effects);
    effects.log.info(
      { event: 'key_rotated', files: outcome.loaded, failed: outcome.failed.length, leftOut: outcome.leftOut.reduce((n, l) => n + l.records, 0), equal: outcome.equal },
      'pseudonym key rotated into a new database',
    );
    return outcome.equal ? 0 : 1;
  } finally {
    writer?.release();
    if ('release' in scheduler) scheduler.release();
  }
}

async function readOld(config: Config, archive: string, effects: Effects): Promise<OldState> {
  const db = await Db.open(config.dbPath, { memoryLimit: config.memoryLimit, threads: config.threads });
  let ledger;
  let fingerprint;
  let asOf: string | undefined;
  let martsNote: string | undefined;
  try {
    await bootstrap(db);
    const imports = await db.scalar('SELECT count(*) FROM meta.export_files');
    if (imports > 0) {
      throw new AlmpError(
        `${config.dbPath} holds ${imports} imported exports of other instances: their records carry pseudonyms made elsewhere, with no raw ids in any archive.`,
        'A state instance rotates with its Jobcenter instances: each rotates and exports again, and the state builds a new database from the new exports (docs/operations.md, "The pseudonym key").',
      );
    }
    ledger = await oldLedger(db);
    fingerprint = await storedKeyFingerprint(db);
    const built = await db.json<{ as_of: string }>("SELECT CAST(as_of AS VARCHAR) AS as_of FROM meta.marts_built").catch(() => []);
    asOf = built[0]?.as_of;
    martsNote = asOf === undefined ? 'the old database has no built models' : ((await martsOutdated(db)) ?? (await filesSinceBuild(db)));
  } finally {
    db.close();
  }
  const plan = await planRotation(archive, ledger, (total) => effects.progress('Reading the archive', total));
  return { plan, fingerprint, asOf, martsNote };
}

/**
 * The new database is built under another name and takes its own only when complete: loaded
 * in full but stopped before the erased persons were left out, it holds them again, and a
 * service pointed at it would bring them back. A failure removes what was built; a kill
 * leaves it under that name, which the next attempt refuses (rotate-refuse.ts).
 */
async function rotateIntoPartial(config: Config, options: RotateOptions, old: OldState, effects: Effects): Promise<RotationOutcome> {
  const { key, source } = loadKey({ keyFile: options.newKeyFile });
  if (source === 'created') effects.warn(`Created the new pseudonym key in ${options.newKeyFile} (owner-only). Back it up apart from the data: without it new files no longer link to the new database.`);
  let outcome: RotationOutcome;
  // ingest's own note ("run the command again") would not do: the partial database is in the way
  const releaseNote = holdInterruptNote(`the old database ${config.dbPath} was not changed and stays in service; the unfinished new database was removed — rotate again with the same options`);
  const forgetPartial = onInterrupt(() => {
    for (const path of partialFiles(options.newDb)) rmSync(path, { force: true });
  });
  try {
    outcome = await rotate(config, options, old, key, effects);
  } catch (caught) {
    for (const path of partialFiles(options.newDb)) rmSync(path, { force: true });
    // a refused folder in the user's words (and any hint of almp's own errors) as the CLI gives them
    const error = permissionError(caught) ?? caught;
    const message = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    const hint = error instanceof AlmpError ? error.hint : undefined;
    throw new AlmpError(
      `The rotation stopped: ${message}. The old database ${config.dbPath} was not changed and stays in service; the unfinished new database was removed.`,
      hint ??
        (isMachineTrouble(message)
          ? `Free disk space (or memory) where ${options.newDb} lies — the new database takes about as much as the old one — then rotate again with the same options.`
          : 'Fix the cause, then rotate again with the same options (the new key file can be given again); --debug shows where it stopped.'),
    );
  } finally {
    forgetPartial();
    releaseNote();
  }
  const partial = partialPath(options.newDb);
  if (existsSync(`${partial}.wal`)) renameSync(`${partial}.wal`, `${options.newDb}.wal`);
  renameSync(partial, options.newDb);
  return outcome;
}

async function rotate(config: Config, options: RotateOptions, old: OldState, key: Buffer, effects: Effects): Promise<RotationOutcome> {
  const newConfig: Config = { ...config, dbPath: partialPath(options.newDb), keyFile: options.newKeyFile, pseudonymKey: undefined };
  return withDb(
    newConfig,
    async (db) => {
      // the per-file lines of ingest, thousands for a year's archive, give way to a bar
      const quiet: Effects = { ...effects, out: () => undefined };
      const bar = effects.progress('Loading the archive', old.plan.load.length);
      const failed: FileIngestResult[] = [];
      for (const file of old.plan.load) {
        const [result] = await ingestPaths(db, { paths: [file.path], kind: file.kind, key, keyLocation: options.newKeyFile }, quiet);
        if (result && result.status === 'error') failed.push(result);
        // when the data arrived, not when the key changed: the returns' cover lists each source with it (mart.data_sources)
        else await db.run('UPDATE meta.files SET loaded_at = $at::TIMESTAMP WHERE content_hash = $hash AND kind = $kind', { at: file.loadedAt, hash: file.contentHash, kind: file.kind });
        bar.tick();
      }
      bar.stop();
      const leftOut = await attached(db, config.dbPath, () => leaveOutErased(db));
      // deleted rows keep their bytes in the file until it is rewritten (as after almp forget)
      if (leftOut.length > 0) await db.compact();
      const built = await options.build(db, old.asOf);
      return attached(db, config.dbPath, async () => {
        const kinds = await compareKinds(db);
        const indicators = built && old.martsNote === undefined ? await compareIndicators(db) : undefined;
        // the returns already written, so the next one is marked a revision of them (figures only, no persons)
        await db.run(`INSERT INTO meta.return_versions SELECT * FROM ${OLD}.meta.return_versions`);
        return outcomeOf({ loaded: old.plan.load.length - failed.length, failed, leftOut, kinds, indicators, built, plan: old.plan, martsNote: built ? old.martsNote : 'the models of the new database did not build' });
      });
    },
    { effects, waitMs: options.waitMs },
  );
}

async function attached<T>(db: Db, oldPath: string, work: () => Promise<T>): Promise<T> {
  // ATTACH takes no bound parameter: the path is the configured database, quoted as a literal
  await db.run(`ATTACH '${oldPath.replaceAll("'", "''")}' AS ${OLD} (READ_ONLY)`);
  try {
    return await work();
  } finally {
    await db.run(`DETACH ${OLD}`);
  }
}

function outcomeOf(parts: Omit<RotationOutcome, 'equal'>): RotationOutcome {
  const equal = parts.built && parts.failed.length === 0 && !parts.kinds.some(kindDiffers) && (parts.indicators === undefined || parts.indicators.onlyOld + parts.indicators.onlyNew === 0) && parts.leftOut.every((l) => l.linedUp);
  return { ...parts, equal };
}
