/**
 * The few typed errors of the project. Each carries its context and a hint that says
 * what to do next; only the CLI entry point turns them into an exit code.
 */
export class AlmpError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong command-line use or configuration. */
export class CliError extends AlmpError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
  }
}

/** A file (or a row/column of it) that cannot be ingested. */
export class IngestError extends AlmpError {
  constructor(
    message: string,
    readonly file: string,
    readonly row?: number,
    readonly column?: string,
    hint?: string,
    /** The file's header, where it was read before the refusal: status matches a refusal to the file that later fixed it by it. */
    readonly header?: readonly string[],
  ) {
    super(message, hint);
  }
}

/** A SQL model that failed to build. */
export class ModelError extends AlmpError {
  constructor(
    message: string,
    readonly model: string,
    readonly file: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** Error texts of the machine, not of an input file (Node's codes and DuckDB's messages): full disk, read-only folder, memory, file handles. */
const MACHINE_TROUBLE = /ENOSPC|No space left on device|EROFS|read-only file system|Out of Memory|could not allocate|failed to allocate|EMFILE|ENFILE/i;

export function isMachineTrouble(message: string): boolean {
  return MACHINE_TROUBLE.test(message);
}

const REFUSED_WRITE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * An output folder the user may not write to (read-only share, folder of a colleague) in
 * the user's words, naming the folder and not the hidden temp file: the terminal said
 * "EACCES: permission denied, open '…/.landesprogramm-jahresmeldung-2025.xlsx.18665.tmp'",
 * or for the dashboards "Unexpected error … report it". Other errors are returned as they are.
 */
export function outputWriteError(error: unknown): unknown {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code || !REFUSED_WRITE.has(code) || !path) return error;
  const folder = path.replace(/[\\/][^\\/]*$/, '') || path;
  const why = code === 'EROFS' ? 'the file system is read-only' : 'no permission to write there';
  return new AlmpError(
    `Cannot write into ${folder}: ${why} — choose an output folder you can write to (--out), or ask for write access to this one`,
    'Choose an output folder you can write to (--out), or ask whoever manages this folder for write access.',
  );
}

const DENIED_ACTS: Record<string, string> = { access: 'write into', mkdir: 'create the folder', open: 'open', rename: 'move', unlink: 'remove', copyfile: 'copy', scandir: 'read the folder' };

/** A file or folder the user almp runs as may not use: doctor tells it from a damaged file by this class (restoring a snapshot does not mend a permission). */
export class PermissionError extends AlmpError {
  constructor(
    message: string,
    hint: string,
    readonly path: string,
  ) {
    super(message, hint);
  }
}

/**
 * A full disk met outside a job that handles it (the writer lock of a scheduler restarted on a
 * full disk): "Unexpected error: ENOSPC … report it" (a review). Says which file and what to do.
 */
export function diskFullError(error: unknown): AlmpError | undefined {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
  const what = code === 'EDQUOT' ? "the user's disk quota is used up" : 'no space left on the disk';
  return new AlmpError(`Cannot write ${path ?? 'a file'}: ${what}.`, 'Free disk space there (almp doctor shows how much is free where almp writes), then run the command again.');
}

/**
 * A refused file operation anywhere else (the database's folder, the key, an inbox), for the
 * CLI's last word: as an unprivileged service user in a read-only installation `almp start`
 * said "Unexpected error: EACCES: permission denied, mkdir '/opt/almp-monitor/data' … report
 * it", as if almp were broken. Undefined for any other error. `need` 'read' for a file almp
 * only reads (the key, a database opened read-only): the hint said 'a user who may write
 * there' to someone who had only to be let read it.
 */
export function permissionError(error: unknown, need: 'read' | 'write' = 'write'): PermissionError | undefined {
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code || !REFUSED_WRITE.has(code) || !path) return undefined;
  const act = need === 'read' && syscall === 'open' ? 'read' : DENIED_ACTS[syscall ?? ''] ?? 'use';
  const why = code === 'EROFS' ? 'the file system is read-only' : `no permission for the user almp runs as (${code})`;
  if (need === 'read') {
    return new PermissionError(
      `Cannot ${act} ${path}: ${why}.`,
      `Run almp as the user the data belong to (the service's user, the owner in ls -l ${path}), or let this user read the file (and enter its folders); almp needs no write access to read it.`,
      path,
    );
  }
  return new PermissionError(
    `Cannot ${act} ${path}: ${why}.`,
    'Run almp as a user who may write there, or give it places it may write: --db / ALMP_DB for the database (key, snapshots, inbox, archive and logs lie beside it by default), --key-file / ALMP_KEY_FILE, --out for the outputs, the folders of the schedule file. almp doctor checks them.',
    path,
  );
}
