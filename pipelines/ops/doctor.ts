/**
 * `almp doctor`: finds misconfiguration before it bites — a missing or readable-by-others
 * pseudonym key, a writer lock left by a dead process, a database that does not open, no
 * snapshot for readers, raw ids a killed run left beside the database (or an earlier version
 * in the temporary folder), a folder the writer cannot write or too little free disk. It
 * never prints the key.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { diskFindings, leftoversFinding, oldTempCopiesFinding, type DiskProbe } from './doctor-disk.ts';
import { findLeftovers } from './crash-leftovers.ts';
import { findOldTempCopies } from './old-temp-copies.ts';
import { folderFindings, type ScheduleFolders } from './doctor-folders.ts';
import type { Config } from '../config.ts';
import { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { keyFileTooOpen, loadKey, readKeyFile } from '../ingest/pseudonym.ts';
import { AlmpError, PermissionError, permissionError } from '../errors.ts';
import { keyFingerprint, storedKeyFingerprint } from '../ingest/key-guard.ts';
import { describeHolder, isStale, lockPathFor, readLockHolder } from './writer-lock.ts';
import { beforeRestoreCopies } from './restore.ts';
import { currentSnapshot } from './snapshot.ts';
import { martsOutdated } from '../models/marts-version.ts';
import { retentionFinding, type RetentionPlaces } from './doctor-retention.ts';
import { hasDictFsst, STORAGE_VERSION, storageVersionOf } from '../db/storage-format.ts';
import { refusedIdsFinding } from './doctor-ids.ts';
import { shutFolderAbove } from '../folders.ts';

/** 'hint': worth knowing, nothing wrong (a setting left at a default that keeps personal data). */
export type Severity = 'ok' | 'hint' | 'warning' | 'error';
export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: string;
}

export async function doctor(config: Config, options: { snapshotDir: string; disk?: DiskProbe; folders?: ScheduleFolders; retention?: RetentionPlaces }, effects: Effects): Promise<Finding[]> {
  const keyMatch = await keyMatchFinding(config);
  // a live writer's spill files are its own, not leftovers
  const holder = readLockHolder(lockPathFor(config.dbPath));
  const leftovers = findLeftovers(config.dbPath, { spillInUse: holder !== undefined && !isStale(holder) });
  const findings: Finding[] = [
    keyMatch ?? keyFinding(config),
    lockFinding(config),
    ...(await databaseFindings(config)),
    snapshotFinding(options.snapshotDir),
    ...restoreCopiesFinding(config.dbPath),
    ...leftoversFinding(leftovers),
    ...(config.tempDir ? oldTempCopiesFinding(findOldTempCopies(config.tempDir), effects.now()) : []),
    ...diskFindings(config.dbPath, options.snapshotDir, options.disk, leftovers.reduce((sum, l) => sum + l.bytes, 0)),
    ...(options.folders ? folderFindings(options.folders, options.disk) : []),
    ...(options.retention ? [retentionFinding(config, options.retention, effects.now())] : []),
  ];
  const mark: Record<Severity, string> = { ok: 'ok     ', hint: 'hint   ', warning: 'WARNING', error: 'ERROR  ' };
  for (const f of findings) {
    effects.out(`${mark[f.severity]} ${f.check.padEnd(10)} ${f.message}`);
    if (f.fix) effects.out(`${' '.repeat(19)}→ ${f.fix}`);
  }
  return findings;
}

/** A file that seems missing because its folder is shut to this user: said as such, not as "does not exist yet". */
function shutFinding(check: string, path: string): Finding | undefined {
  const folder = existsSync(path) ? undefined : shutFolderAbove(path);
  if (folder === undefined) return undefined;
  return {
    check,
    severity: 'error',
    message: `cannot look into ${folder}: no permission for this user, so whether ${basename(path)} is there cannot be told`,
    fix: `run almp doctor as the user almp runs as, or let this user into the folder (search permission: chmod o+x or a group); almp needs read and write access there`,
  };
}

function keyFinding(config: Config): Finding {
  if (config.pseudonymKey) return { check: 'key', severity: 'ok', message: 'pseudonym key given in ALMP_PSEUDONYM_KEY' };
  const shut = shutFinding('key', config.keyFile);
  if (shut) return shut;
  if (!existsSync(config.keyFile)) {
    return {
      check: 'key',
      severity: 'warning',
      message: `no pseudonym key (${config.keyFile} does not exist)`,
      fix: 'the first ingest creates one; if data were loaded before, restore the original key file instead',
    };
  }
  const unreadable = keyFileProblem(config.keyFile);
  if (unreadable) return unreadable;
  if (keyFileTooOpen(config.keyFile)) {
    const mode = (statSync(config.keyFile).mode & 0o777).toString(8);
    return { check: 'key', severity: 'error', message: `key file ${config.keyFile} is readable by others (mode ${mode})`, fix: `chmod 600 ${config.keyFile}` };
  }
  if (process.platform === 'win32') {
    return { check: 'key', severity: 'ok', message: `key file ${config.keyFile} (access not checked on Windows: let only the account almp runs as read its folder, e.g. icacls)` };
  }
  return { check: 'key', severity: 'ok', message: `key file ${config.keyFile} (owner-only)` };
}

/**
 * A key file doctor cannot use: one this user may not read (a root-owned 0600 key was
 * 'ok … (owner-only)', and with --key-file doctor stopped with no report at all) or one too
 * short to be a key.
 */
function keyFileProblem(keyFile: string): Finding | undefined {
  try {
    readKeyFile(keyFile);
    return undefined;
  } catch (error) {
    if (error instanceof PermissionError) {
      return {
        check: 'key',
        severity: 'error',
        message: `cannot read the key file ${keyFile}: no permission for this user (ingest, export and the scheduler stop without it)`,
        fix: `run almp as the user the key belongs to (ls -l ${keyFile}), or let this user read it — read access is all it needs`,
      };
    }
    if (error instanceof AlmpError) return { check: 'key', severity: 'error', message: error.message.replace(/\.$/, ''), fix: error.hint };
    throw error;
  }
}

function lockFinding(config: Config): Finding {
  const holder = readLockHolder(lockPathFor(config.dbPath));
  if (!holder) return { check: 'lock', severity: 'ok', message: 'no writer holds the database' };
  if (isStale(holder)) {
    return {
      check: 'lock',
      severity: 'warning',
      message: `lock left by a process that no longer runs (${describeHolder(holder)})`,
      fix: 'the next writer takes it over; or remove ' + lockPathFor(config.dbPath),
    };
  }
  return { check: 'lock', severity: 'ok', message: `being written by ${describeHolder(holder)}` };
}

/**
 * Whether the key at hand is the one the database's ids were made with (its fingerprint is
 * stored at the first ingest); undefined when there is no database or no fingerprint yet.
 */
async function keyMatchFinding(config: Config): Promise<Finding | undefined> {
  if (!existsSync(config.dbPath) || statSync(config.dbPath).isDirectory()) return undefined;
  let stored: string | undefined;
  let files = 0;
  try {
    const db = await Db.open(config.dbPath, { readOnly: true });
    try {
      stored = await storedKeyFingerprint(db);
      files = await db.scalar('SELECT count(*) FROM meta.files');
    } finally {
      db.close();
    }
  } catch {
    return undefined; // the database finding reports why it does not open
  }
  if (stored === undefined) return undefined;
  const where = config.pseudonymKey ? 'ALMP_PSEUDONYM_KEY' : config.keyFile;
  if (!config.pseudonymKey && !existsSync(config.keyFile)) {
    // An ingest that loaded nothing (every file refused) records its key all the same, and
    // ingest refuses a new one: 'filled with one' and 'restore from your backup' were wrong there.
    if (files === 0) {
      return {
        check: 'key',
        severity: 'error',
        message: `no pseudonym key at ${where}; the database holds no loaded file, but recorded the key of its first ingest (fingerprint ${stored}) and refuses a new one`,
        fix: `put that key file back; or, as nothing is loaded, start afresh: delete ${config.dbPath} (the next ingest creates it and a new key)`,
      };
    }
    return { check: 'key', severity: 'error', message: `no pseudonym key at ${where}, but the database was filled with one (fingerprint ${stored})`, fix: 'put the original key file back from your backup before the next ingest' };
  }
  const finding = keyFinding(config);
  if (finding.severity === 'error') return finding;
  const given = keyFingerprint(loadKey(config).key);
  return given === stored
    ? finding
    : { check: 'key', severity: 'error', message: `the key at ${where} (fingerprint ${given}) is not the one the database was filled with (${stored})`, fix: 'put the original key back; ingest refuses this key' };
}

/** The database finding, and the ids it holds that an ingest now refuses (doctor-ids.ts). */
async function databaseFindings(config: Config): Promise<Finding[]> {
  const finding = await databaseFinding(config);
  if (finding.severity === 'error' || !existsSync(config.dbPath)) return [finding];
  try {
    const db = await Db.open(config.dbPath, { readOnly: true });
    try {
      const ids = await refusedIdsFinding(db);
      return ids ? [finding, ids] : [finding];
    } finally {
      db.close();
    }
  } catch {
    return [finding]; // held by a writer: said by the database finding
  }
}

async function databaseFinding(config: Config): Promise<Finding> {
  const shut = shutFinding('database', config.dbPath);
  if (shut) return shut;
  if (!existsSync(config.dbPath)) return { check: 'database', severity: 'warning', message: `${config.dbPath} does not exist yet`, fix: 'almp ingest <files> creates it' };
  try {
    const db = await Db.open(config.dbPath, { readOnly: true });
    try {
      const files = await db.scalar('SELECT count(*) FROM meta.files').catch(() => 0);
      const marts = await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mart' AND table_name = 'indicator_values'");
      const outdated = marts > 0 ? await martsOutdated(db) : undefined;
      if (outdated) return { check: 'database', severity: 'warning', message: `${config.dbPath}: ${files} files loaded; ${outdated.split(';')[0]}`, fix: 'almp run rebuilds them (dashboards and returns refuse them until then)' };
      const format = await storageVersionOf(db);
      return {
        check: 'database',
        severity: marts > 0 ? 'ok' : 'warning',
        message: `${config.dbPath}: ${files} files loaded, marts ${marts > 0 ? 'built' : 'not built yet'}; ${formatNote(format)}`,
        fix: marts > 0 ? undefined : 'almp run builds the models',
      };
    } finally {
      db.close();
    }
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    if (/lock/i.test(text)) return { check: 'database', severity: 'ok', message: 'open for writing by another process (not checked further)' };
    // a permission, not damage: a restore would replace a sound database with an older copy
    if (error instanceof PermissionError) {
      return {
        check: 'database',
        severity: 'error',
        message: `cannot read ${error.path}: no permission for this user`,
        fix: `run almp as the user the database belongs to (ls -l ${error.path}), or let this user read it (and enter its folder); the file itself may be sound — do not restore a snapshot over it`,
      };
    }
    return { check: 'database', severity: 'error', message: `cannot open ${config.dbPath}: ${text}`, fix: 'almp restore brings back the last snapshot' };
  }
}

/** What `almp restore` set aside stays until deleted: a whole database, every person's records (forget names it too). */
function restoreCopiesFinding(dbPath: string): Finding[] {
  let copies: string[];
  try {
    copies = beforeRestoreCopies(dbPath).filter((f) => !f.endsWith('.wal'));
  } catch (error) {
    // a folder this user may not read: the database finding says so; the report goes on
    if (permissionError(error)) return [];
    throw error;
  }
  if (copies.length === 0) return [];
  return [{
    check: 'restore',
    severity: 'warning',
    message: `${copies.length === 1 ? 'a copy' : `${copies.length} copies`} of the database set aside by almp restore, with every person's records: ${copies.join(', ')}`,
    fix: 'delete once the restore is confirmed (with its .wal beside it); a restore can then no longer be undone',
  }];
}

function snapshotFinding(dir: string): Finding {
  const current = currentSnapshot(dir);
  // an older version wrote its snapshots 0644: every person's records, readable by any user of
  // the machine, beside the new 0640 ones, and doctor said 'ok' (an upgrade audit)
  const open = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.duckdb') && (statSync(join(dir, name)).mode & 0o007) !== 0) : [];
  if (open.length > 0) {
    const paths = open.map((name) => join(dir, name));
    return { check: 'snapshot', severity: 'warning', message: `${open.length === 1 ? 'a snapshot' : `${open.length} snapshots`} readable by every user of this machine (written so by an older almp): ${paths.join(', ')}`, fix: `chmod o-rwx ${paths.join(' ')} — or delete those taken before the upgrade` };
  }
  return current
    ? { check: 'snapshot', severity: 'ok', message: `readers use ${current}` }
    : { check: 'snapshot', severity: 'warning', message: `no snapshot for readers in ${dir}`, fix: 'almp run publishes one after a successful build' };
}

/** Which DuckDB opens the file (a BI tool reading a snapshot), and why an older format stays. */
function formatNote(version: string): string {
  return hasDictFsst(version)
    ? `storage format ${version} (readers need DuckDB ${version.replace(/^v(\d+\.\d+).*/, '$1')} or later)`
    : `storage format ${version}, as an earlier almp created it (kept; a database created now uses ${STORAGE_VERSION}, which builds the models ~7 % faster)`;
}
