/**
 * The embedded DuckDB store: one file, one connection per process.
 * Everything engine-specific in the project goes through this folder.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { STORAGE_VERSION, storageVersionOf } from './storage-format.ts';
import { AlmpError, CliError, permissionError, type PermissionError } from '../errors.ts';
import { fileInTheWay, makeFolders, nearestExisting } from '../folders.ts';
import { textConverter, typedConverter } from './value-converters.ts';
import { rowObjectBatches, rowObjects } from './row-objects.ts';
import { withoutClosingSemicolon } from './statement-tail.ts';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/**
 * DuckDB's own default is 80 % of the machine's memory; a bounded default keeps a large
 * ingest or build on a shared laptop from taking it all: beyond it DuckDB spills to
 * `<db>.tmp/`. ALMP_MEMORY_LIMIT (Config.memoryLimit) overrides it.
 */
export const DEFAULT_MEMORY_LIMIT = '1536MB';

export interface DbOptions {
  /** Open read-only (readers of a published snapshot). */
  readonly readOnly?: boolean;
  /** DuckDB memory_limit, e.g. '2GB'; spills to temp_directory beyond it. */
  readonly memoryLimit?: string;
  /** DuckDB threads; unset: the process default (setDefaultThreads), else DuckDB's own (one per core). */
  readonly threads?: number;
}

let defaultThreads: number | undefined;

/**
 * Threads for every database this process opens without `threads` of its own: the command
 * line sets it from ALMP_THREADS, so that a restore, a doctor's read or a snapshot honours
 * it as the build does. The test suite sets 1: it runs four files at a time on 2 cores, where
 * DuckDB's two threads each only waited on each other (a fifth more CPU for the same tests).
 */
export function setDefaultThreads(threads: number | undefined): void {
  defaultThreads = threads;
}

export class Db {
  private constructor(
    readonly path: string,
    private inst: DuckDBInstance,
    private conn: DuckDBConnection,
    private readonly options: DbOptions,
  ) {}

  /** Whether this connection keeps DuckDB's query progress (watchProgress switches it on once). */
  private progressTracked = false;
  /** How often watchProgress reports by default: a few times a second for a terminal (tests shorten it). */
  progressEveryMs = 250;

  get instance(): DuckDBInstance {
    return this.inst;
  }

  get connection(): DuckDBConnection {
    return this.conn;
  }

  /**
   * The memory limit the database was opened with, as configured. A stage that lowers the
   * limit for a while restores this, not what DuckDB reports: that is rounded down ('2.7 GiB'
   * for 3GB, '1.4 GiB' for 1536MB), and setting it back lowered the limit by 0.1 GiB each time —
   * in the scheduler from 1.4 to 1.0 GiB over four builds.
   */
  get memoryLimit(): string {
    return this.options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  }

  static async open(path: string, options: DbOptions = {}): Promise<Db> {
    refuseSchemaName(path);
    if (path !== ':memory:' && !options.readOnly) makeFolderOf(path);
    const config: Record<string, string> = {};
    if (options.readOnly) config['access_mode'] = 'READ_ONLY';
    config['memory_limit'] = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    const threads = options.threads ?? defaultThreads;
    if (threads) config['threads'] = String(threads);
    // the format of a file created now (and of ATTACHed new ones); an existing file keeps its own
    config['storage_compatibility_version'] = STORAGE_VERSION;
    const instance = await DuckDBInstance.create(path, config).catch((error: unknown) => {
      throw notADatabase(path, error) ?? deniedDatabase(error, options.readOnly ? 'read' : 'write') ?? error;
    });
    const connection = await instance.connect();
    return new Db(path, instance, connection, options);
  }

  /**
   * Calls `report` with how far the statement running now has got (0–100; DuckDB's own
   * estimate from the rows its sources have read) every `everyMs` while one runs, until the
   * returned function is called: a file of 5·10^6 rows takes 10–20 s in one statement.
   * Tracking costs nothing measurable (10^7 rows read: 6.2–6.3 s with and without it).
   */
  async watchProgress(report: (percent: number) => void, everyMs = this.progressEveryMs): Promise<() => void> {
    if (!this.progressTracked) {
      await this.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
      this.progressTracked = true;
    }
    const timer = setInterval(() => {
      const { percentage } = this.conn.progress;
      if (percentage >= 0) report(Math.min(100, percentage));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Runs one statement (or several without parameters). */
  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain JS objects (BIGINT → bigint, DATE → Date at UTC midnight, DECIMAL → number). */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** Rows as JSON-safe objects (BIGINT → string, DATE → 'YYYY-MM-DD'). */
  async json<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  /**
   * As `json`, with each column's DuckDB type (a table on the terminal names its times' zone).
   * Every reader names a result's columns as its row objects are keyed and in the result's
   * order: a repeated name is 'a:1' the second time (a self-join's two measure_id), and the
   * writers follow these names rather than the objects' keys, which put a column named
   * '2024' (a PIVOT by year) before all others.
   */
  async jsonTyped(sql: string, params?: Params): Promise<{ columns: { name: string; type: string }[]; rows: Row[] }> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const types = reader.columnTypes();
    const names = reader.deduplicatedColumnNames();
    return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), rows: rowObjects(names, reader.convertRows(textConverter)) };
  }

  /**
   * Rows as plain JS objects (as `all`) with each column's DuckDB type ('DATE', 'BIGINT',
   * 'TIMESTAMP WITH TIME ZONE', …): a writer that keeps types (a spreadsheet) needs to tell
   * a DATE from a TIMESTAMP, which both arrive as Date.
   */
  async typed(sql: string, params?: Params): Promise<{ columns: { name: string; type: string }[]; rows: Row[] }> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const types = reader.columnTypes();
    const names = reader.deduplicatedColumnNames();
    return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), rows: rowObjects(names, reader.getRowsJS()) };
  }

  /**
   * Rows as `json` gives them, in batches of DuckDB's chunks (2,048 rows) as they are produced:
   * a result of millions of rows (every reject of a large file) never sits in memory whole.
   */
  async streamJson(sql: string, params?: Params): Promise<{ columns: { name: string; type: string }[]; batches: AsyncIterable<Row[]> }> {
    const result = await this.connection.stream(sql, params);
    const types = result.columnTypes();
    const names = result.deduplicatedColumnNames();
    return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), batches: rowObjectBatches(names, result.yieldConvertedRows(textConverter)) };
  }

  /** As `typed`, the rows in batches of DuckDB's chunks as they are produced (as `streamJson`). */
  async streamTyped(sql: string, params?: Params): Promise<{ columns: { name: string; type: string }[]; batches: AsyncIterable<Row[]> }> {
    const result = await this.connection.stream(sql, params);
    const types = result.columnTypes();
    const names = result.deduplicatedColumnNames();
    return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), batches: rowObjectBatches(names, result.yieldConvertedRows(typedConverter)) };
  }

  /**
   * The statement as the text to put inside `SELECT … FROM ( … )`, or undefined when it
   * cannot stand there (a PRAGMA, a CALL, an EXPLAIN).
   */
  async asSubquery(sql: string, params?: Params): Promise<string | undefined> {
    const stands = async (inner: string) => {
      try {
        await this.run(`SELECT 1 FROM (\n${inner}\n) LIMIT 0`, params);
        return true;
      } catch {
        return false;
      }
    };
    const plain = sql.trim().replace(/;$/, '');
    if (await stands(plain)) return plain;
    // a ';' followed by comments ('SELECT …; -- Stand Q3') stood inside the parentheses too
    const cut = withoutClosingSemicolon(sql);
    return cut !== undefined && cut !== plain && (await stands(cut)) ? cut : undefined;
  }

  /**
   * The rows a statement yields, counted in DuckDB, none of them read into Node: as a
   * subquery whose every column is evaluated (a hash of the whole row), so that an error in
   * any row — a conversion failing in row 200,000 — is raised here, before a byte is written;
   * a plain count(*) leaves unused columns out and counted 300,000 rows of a query that
   * fails (all 10^6 participations, 48 columns: 0.001 s; with the hash 0.11–0.17 s). A
   * statement that cannot be a subquery is read whole: counted from a stream it would stop
   * short as silently as the stream it is to check (whole-stream.ts).
   */
  async countRows(sql: string, params?: Params): Promise<number> {
    const inner = await this.asSubquery(sql, params);
    if (inner === undefined) return (await this.connection.runAndReadAll(sql, params)).currentRowCount;
    return await this.scalar(`SELECT count(*), max(hash(almp_whole_row__)) FROM (\n${inner}\n) AS almp_whole_row__`, params);
  }

  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** A single number from the first column of the first row. */
  async scalar(sql: string, params?: Params): Promise<number> {
    const row = await this.one(sql, params);
    const value = row ? Object.values(row)[0] : undefined;
    return value === null || value === undefined ? 0 : Number(value);
  }

  /**
   * Runs `work` in one transaction: either all of it is committed or none of it.
   * A crash (even SIGKILL) before COMMIT leaves the file as it was: DuckDB's WAL
   * replays only committed transactions.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async checkpoint(): Promise<void> {
    await this.run('CHECKPOINT');
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /**
   * Rewrites the file with the data it holds now, and nothing else. DuckDB leaves deleted rows
   * and freed blocks in the file, and a snapshot is a byte copy of it: after `almp forget`
   * the erased person's pseudonyms stood in both, readable from the bytes. COPY FROM DATABASE
   * into a new file is DuckDB's way to write only what is live
   * (https://duckdb.org/docs/stable/operations_manual/footprint_of_duckdb/reclaiming_space).
   * The caller holds the writer lock; the new file replaces the old one by rename.
   */
  async compact(): Promise<void> {
    const temp = `${this.path}.compact.tmp`;
    // an earlier copy's .wal (up to twice the database) takes room this copy needs
    for (const part of [temp, `${temp}.wal`]) rmSync(part, { force: true });
    await this.checkpoint();
    const current = (await this.one<{ name: string }>('SELECT current_database() AS name'))!.name;
    // The copy keeps the file's storage format: a table declared with a compression of the
    // older format (storage-format.ts) could not be created in the newer one.
    const version = await storageVersionOf(this);
    // ATTACH takes no bound parameter: the path is ours (beside the database), quoted as a literal
    await this.run(`ATTACH '${temp.replaceAll("'", "''")}' AS almp_compact (STORAGE_VERSION '${version.replaceAll("'", "''")}')`);
    try {
      await this.run(`COPY FROM DATABASE ${ident(current)} TO almp_compact`);
      // DETACH checkpoints the copy: a full disk can stop it there too (a review)
      await this.run('DETACH almp_compact');
    } catch (error) {
      // a copy cut short by a full disk, left in place, kept the disk full for every next
      // statement of the command (a review): removed, the command goes on without the rewrite
      await this.run('DETACH almp_compact').catch(() => undefined);
      for (const part of [temp, `${temp}.wal`]) rmSync(part, { force: true });
      throw error;
    }
    this.close();
    renameSync(temp, this.path);
    const reopened = await Db.open(this.path, this.options);
    this.inst = reopened.inst;
    this.conn = reopened.conn;
  }
}

/** Quotes an identifier for DuckDB ("a""b"). Values are always bound, never quoted. */
/** `--db README.md/almp.duckdb`: the folder cannot be made because part of it is a file (was a bare EEXIST). */
function makeFolderOf(path: string): void {
  try {
    // one level at a time: a recursive mkdir under /proc retried for ever (--db /proc/x/a.duckdb)
    if (fileInTheWay(dirname(path)) !== undefined) throw Object.assign(new Error('a file in the way'), { code: 'ENOTDIR' });
    makeFolders(dirname(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`Cannot use the database path ${path}: no folder can be made in ${nearestExisting(dirname(path))}.`, 'Check --db or ALMP_DB (the default is data/almp.duckdb).');
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
    throw new AlmpError(`Cannot use the database path ${path}: part of ${dirname(path)} is a file, not a folder.`, 'Check --db or ALMP_DB (the default is data/almp.duckdb).', 2);
  }
}

/**
 * A --db that names some other file gave DuckDB's "IO Error: … not a valid DuckDB database
 * file!" as an unexpected error to report; it is a wrong path or a damaged file.
 */
/** The schemas almp keeps its tables in (bootstrap.ts creates them). */
export const ALMP_SCHEMAS = ['raw', 'ref', 'meta', 'staging', 'core', 'mart'] as const;

/** Schemas DuckDB itself has whose names a database file must not take either (information_schema.duckdb failed the same way). */
const ENGINE_SCHEMAS = ['information_schema'] as const;

/**
 * DuckDB names a database after its file ('ref.duckdb' is the catalog 'ref'): with a schema's
 * name every query naming that schema stopped with "Ambiguous reference to catalog or schema",
 * after the file was created. Refused before anything is written.
 */
export function refuseSchemaName(path: string): void {
  const catalog = basename(path).replace(/\.[^.]*$/, '').toLowerCase();
  if (![...ALMP_SCHEMAS, ...ENGINE_SCHEMAS].includes(catalog as never)) return;
  throw new CliError(
    `The database file ${basename(path)} cannot be used: DuckDB names the database '${catalog}' after it, which is also the name of a schema in it (${[...ALMP_SCHEMAS, ...ENGINE_SCHEMAS].join(', ')}).`,
    `Name the file differently, e.g. --db ${join(dirname(path), 'almp.duckdb')}.`,
  );
}

function notADatabase(path: string, error: unknown): AlmpError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/not a valid DuckDB database file/i.test(message)) return undefined;
  return new AlmpError(
    `${path} is not a DuckDB database file (another file, or a database whose beginning is damaged).`,
    'Check --db or ALMP_DB. If it is the almp database and damaged: almp restore --list shows the snapshots, almp restore brings the latest back.',
  );
}

/**
 * DuckDB's refusal of a file the user may not open, as the CLI says a refused file of Node's:
 * `almp status` on a database of another user said "Unexpected error: IO Error: Cannot open
 * file "…": Permission denied … report it", and doctor advised a restore.
 */
function deniedDatabase(error: unknown, need: 'read' | 'write'): PermissionError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const file = /Cannot open file "([^"]+)": Permission denied/i.exec(message)?.[1];
  return file === undefined ? undefined : permissionError({ code: 'EACCES', syscall: 'open', path: file }, need);
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
