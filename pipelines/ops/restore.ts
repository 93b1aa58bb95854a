/**
 * `almp restore`: bring back a published snapshot as the live database. Taken under the
 * writer lock; the old file is kept beside it (`<db>.before-restore`, then `.2`, `.3` …:
 * a second restore never replaces the first one's backup) so a restore can be undone, with its WAL (`<db>.before-restore.wal`: committed data not yet checkpointed into
 * the file). Files loaded after the snapshot are named, so they can be loaded again.
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Effects } from '../effects.ts';
import { AlmpError, CliError } from '../errors.ts';
import { Db } from '../db/database.ts';
import { acquireWriterLock, describeHolder, isStale, readLockHolder } from './writer-lock.ts';
import { currentSnapshot, pointCurrentAt } from './snapshot.ts';
import { DEFAULT_TIMEZONE, localWallClock } from '../schedule/working-days.ts';
import { files } from '../counts.ts';
import { ifInterrupted, onInterrupt } from '../interruption.ts';

export function listSnapshots(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{8}T\d{9}Z(-\d+)?\.duckdb$/.test(f)).sort();
}

/**
 * One line of `almp restore --list`: when the snapshot was published (wall clock of
 * `timezone`: the names are UTC, so a snapshot of 18:28 in Berlin reads 172808), its as-of
 * and how many files it holds. To go back to before a wrong file, a controller had to
 * reckon the hour and guess which name held what.
 */
export async function describeSnapshot(dir: string, name: string, timezone: string): Promise<string> {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(name);
  const parts = m ? [`published ${germanMinute(localWallClock(new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`), timezone))}`] : [];
  try {
    const db = await Db.open(join(dir, name), { readOnly: true });
    try {
      const files = await db.scalar('SELECT count(*) FROM meta.files');
      const asOf = await db.json<{ d: string | null }>('SELECT CAST(max(as_of) AS VARCHAR) AS d FROM mart.indicator_values').catch(() => []);
      if (asOf[0]?.d) parts.push(`as of ${asOf[0].d.split('-').reverse().join('.')}`);
      parts.push(`${files} file${files === 1 ? '' : 's'} loaded`);
    } finally {
      db.close();
    }
  } catch {
    // a snapshot that does not open (damaged, another version) is listed by its time only
  }
  return parts.length > 0 ? `${name}  ${parts.join(', ')}` : name;
}

export async function restoreSnapshot(
  options: { dbPath: string; snapshotDir: string; snapshot?: string; waitMs: number; timezone?: string },
  effects: Effects,
): Promise<string> {
  const available = listSnapshots(options.snapshotDir);
  if (available.length === 0) throw new CliError(`No snapshots in ${options.snapshotDir}.`, 'Snapshots are published after each successful build (almp run, almp start, almp schedule).');
  const name = options.snapshot ?? basename(currentSnapshot(options.snapshotDir) ?? available.at(-1)!);
  // The name comes from the command line: accept only a listed snapshot, never a path.
  if (!available.includes(name)) {
    throw new CliError(`Snapshot '${name}' does not exist.`, `Choose one of: ${available.join(', ')}`);
  }
  // as rotate-key: under a running scheduler the restored file lost the ledger rows of the runs
  // since the snapshot — a dashboards run that had failed vanished and status turned green
  const scheduler = readLockHolder(`${options.dbPath}.scheduler.lock`);
  if (scheduler && !isStale(scheduler)) {
    throw new AlmpError(
      `The scheduler runs on ${options.dbPath} (${describeHolder(scheduler)}): a restore under it would drop the record of its runs since the snapshot, failures included.`,
      'Stop it first (systemctl stop almp, or Ctrl-C where it runs), restore, then start it again: it catches up on what the restored database lacks.',
    );
  }
  const lock = await acquireWriterLock(options.dbPath, {
    waitMs: options.waitMs,
    onWait: (holder) => effects.warn(`Waiting for ${describeHolder(holder)} to finish writing before the restore …`),
  });
  let lost: LoadedFile[] = [];
  let kept: string | undefined;
  let carried = 0;
  const temp = `${options.dbPath}.restore.tmp`;
  // the live file is replaced only by the renames below, which no signal cuts short
  ifInterrupted('nothing was restored, the live database is unchanged — run the command again');
  const forgetTemp = onInterrupt(() => rmSync(temp, { force: true }));
  try {
    copyFileSync(join(options.snapshotDir, name), temp);
    await closeRunThatPublished(temp, name);
    if (existsSync(options.dbPath)) {
      lost = await filesMissingFrom(options.dbPath, temp, options.timezone ?? DEFAULT_TIMEZONE);
      carried = await carryReturnVersions(options.dbPath, temp);
      const before = freeBackupName(options.dbPath);
      renameSync(options.dbPath, before);
      kept = before;
      // the WAL holds committed data not yet in the file: it goes with it
      if (existsSync(`${options.dbPath}.wal`)) renameSync(`${options.dbPath}.wal`, `${before}.wal`);
    }
    renameSync(temp, options.dbPath);
    // readers (almp query, BI) read `current`: it must show what the live database now holds
    pointCurrentAt(options.snapshotDir, name, options.dbPath);
  } catch (error) {
    // a failure before the swap (a damaged snapshot, a full disk) leaves the live database as
    // it was and no copy behind (a 1.5 GB '.restore.tmp' stayed beside it)
    if (kept !== undefined && !existsSync(options.dbPath) && existsSync(temp)) {
      renameSync(kept, options.dbPath);
      if (existsSync(`${kept}.wal`)) renameSync(`${kept}.wal`, `${options.dbPath}.wal`);
    }
    rmSync(temp, { force: true });
    rmSync(`${temp}.wal`, { force: true });
    throw error;
  } finally {
    forgetTemp();
    lock.release();
  }
  effects.out(`Restored ${name} as ${options.dbPath}${kept ? ` (the previous file is ${kept})` : ''}.`);
  if (carried > 0) {
    effects.out(`Kept the record of ${carried === 1 ? '1 return version' : `${carried} return versions`} written after this snapshot (meta.return_versions): a return written again is compared with what was sent.`);
  }
  if (lost.length > 0) {
    const [is, them] = lost.length === 1 ? ['is', 'it'] : ['are', 'them'];
    // where each came from: a file loaded by hand was never archived ("from the archive" sent
    // the operator to a folder that did not exist); one the inbox job loaded was moved there
    effects.warn(`${files(lost.length)} loaded after this snapshot ${is} not in the restored database; ingest ${them} again to get ${them} back (a file the inbox job loaded is in its archive folder, archive/<day>/<kind>/):`);
    for (const f of lost) effects.warn(`  ${f.kind}/${f.name} (loaded ${f.loaded_at} from ${f.path}${existsSync(f.path) ? '' : ', no longer there'})`);
  }
  return name;
}

/**
 * The returns written after the snapshot was taken (it is published after the build, before
 * the returns) went out to the funders whatever the database now holds: their versions
 * (meta.return_versions, with the figures they showed) are carried into the restored file.
 * Dropped, the next workbook called itself "1 (erste Fassung dieser Meldung)" with no sheet
 * of changes, though its figures differed from those sent. A ledger that cannot be read
 * carries nothing.
 */
async function carryReturnVersions(from: string, to: string): Promise<number> {
  try {
    const db = await Db.open(to);
    try {
      await db.run(`ATTACH '${from.replaceAll("'", "''")}' AS previous (READ_ONLY)`);
      const tables = await db.scalar(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'meta' AND table_name = 'return_versions' AND database_name IN (current_database(), 'previous')",
      );
      let carried = 0;
      if (tables === 2) {
        const result = await db.connection.run(
          `INSERT INTO meta.return_versions BY NAME
           SELECT * FROM previous.meta.return_versions AS p
           WHERE NOT EXISTS (SELECT 1 FROM meta.return_versions AS r WHERE r.return_key = p.return_key AND r.version = p.version)`,
        );
        carried = result.rowsChanged;
      }
      await db.run('DETACH previous');
      // into the file itself: it is renamed into place, a WAL beside it would stay behind
      await db.run('CHECKPOINT');
      return carried;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** The copies restores set aside beside the database (`<db>.before-restore`, `.2` …, their WALs): every person in each. */
export function beforeRestoreCopies(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.before-restore`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.startsWith(prefix))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** `<db>.before-restore`, or the first of `.2`, `.3` … for which neither the file nor its WAL exists. */
function freeBackupName(dbPath: string): string {
  const base = `${dbPath}.before-restore`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}.${n}`;
    if (!existsSync(name) && !existsSync(`${name}.wal`)) return name;
  }
}

type LoadedFile = {
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly loaded_at: string;
};

/**
 * Files in the ledger of `from` that the ledger of `to` lacks (by content hash). The ledger
 * keeps loaded_at in UTC; it is shown in `timezone`, as `almp status` and the returns' cover
 * show it (a file loaded at 00:30 in Berlin on 01.07 read "loaded 30.06.… 22:30").
 */
async function filesMissingFrom(from: string, to: string, timezone: string): Promise<LoadedFile[]> {
  const ledger = async (path: string) => {
    const db = await Db.open(path, { readOnly: true });
    try {
      const rows = await db.json<LoadedFile & { content_hash: string }>(
        "SELECT kind, name, path, strftime(loaded_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS loaded_at, content_hash FROM meta.files ORDER BY file_id",
      );
      return rows.map((r) => ({ ...r, loaded_at: germanMinute(localWallClock(new Date(r.loaded_at), timezone)) }));
    } finally {
      db.close();
    }
  };
  try {
    const kept = new Set((await ledger(to)).map((f) => f.content_hash));
    return (await ledger(from)).filter((f) => !kept.has(f.content_hash)).map(({ kind, name, path, loaded_at }) => ({ kind, name, path, loaded_at }));
  } catch {
    return []; // a ledger that cannot be read (an old or damaged file) names nothing
  }
}

/** DD.MM.YYYY HH:MM of a wall clock carried in a Date's UTC fields. */
function germanMinute(wall: Date): string {
  const iso = wall.toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/**
 * A snapshot is taken by the run that built it, before that run is recorded as ended (the
 * writer lock lets no other run be going): restored, it said "models interrupted" and
 * `almp status` exited 1 until the next build. That run built what the snapshot holds, so
 * in the restored file it ends as a success at the snapshot's time.
 */
async function closeRunThatPublished(path: string, snapshot: string): Promise<void> {
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(snapshot);
  if (!stamp) return;
  const [, y, mo, d, h, mi, sec, ms] = stamp;
  const db = await Db.open(path);
  try {
    const ledger = await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'job_runs'");
    if (!ledger) return;
    await db.run("UPDATE meta.job_runs SET status = 'success', ended_at = CAST($at AS TIMESTAMP) WHERE status = 'running'", {
      at: `${y}-${mo}-${d} ${h}:${mi}:${sec}.${ms}`,
    });
    // into the file itself: it is renamed into place, a WAL beside it would stay behind
    await db.run('CHECKPOINT');
  } finally {
    db.close();
  }
}
