/**
 * `almp check`: runs the data-quality checks (sql/checks/*.sql, each a SELECT of failing
 * rows) against the data in force, without changing the database: the models the checks
 * read are built in a transaction that is rolled back afterwards.
 */
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { CliError, ModelError } from '../errors.ts';
import { firstRows, render, type QueryFormat } from '../ops/query.ts';
import { queryToXlsx, XLSX_MAX_ROWS } from '../ops/rows-xlsx-stream.ts';
import { checkGivenAsOf, futureEvents, germanDate, latestEvent, resolveAsOf } from './as-of.ts';
import { discoverProject, type Project, type SqlCheck } from './discover.ts';
import { topologicalOrder, upstreamClosure } from './graph.ts';
import { failingByJobcenter, jobcentersWithReturns } from './check-jobcenter.ts';
import { lastBuildAsOf, type CheckResult } from './run-log.ts';
import { checkSummary } from './summary.ts';
import { prepareSession } from './session.ts';
import { filesSinceBuild, martsOutdated, modelsVersion } from './marts-version.ts';
import type { ModelBuildResult } from './build.ts';
import { rows } from '../counts.ts';
import { forStorageVersion, storageVersionOf } from '../db/storage-format.ts';
import { writeRowsAsText } from '../ops/rows-text-stream.ts';
import { rowsProgress } from '../db/whole-stream.ts';

/** Counts the failing rows of every check; a check that cannot run is reported, not hidden. */
export async function runCheckQueries(db: Db, checks: readonly SqlCheck[], effects: Effects): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const known = await jobcentersWithReturns(db);
  for (const c of checks) {
    const byJobcenter = await failingByJobcenter(db, c.sql, known);
    const failing = byJobcenter.reduce((n, j) => n + j.failing, 0);
    results.push({ name: c.name, severity: c.severity, description: c.description, failing, byJobcenter });
    // The summary after the build lists every finding; a line of its own only for an error
    // (seven warning lines above it on every `almp run`, and on the console at every scheduled build).
    if (failing > 0 && c.severity === 'error') effects.warn(`data quality ${c.severity}: ${c.name}: ${rows(failing)} — ${c.description}`);
    else if (failing > 0) effects.log.info({ check: c.name, severity: c.severity, failing }, `data quality ${c.severity}: ${c.name}`);
  }
  return results;
}

export interface CheckOptions {
  readonly asOf?: string;
  /** List the failing rows of this check too (the list a controller follows up). */
  readonly show?: string;
  /** table: summary, then the rows; csv/json: the rows only (for a file or another tool); xlsx: the rows as a workbook. */
  readonly format?: QueryFormat;
  readonly maxRows?: number;
}

export async function runChecks(db: Db, options: CheckOptions, effects: Effects): Promise<ModelBuildResult['checks']> {
  const project = discoverProject();
  const shown = options.show === undefined ? undefined : project.checks.find((c) => c.name === options.show);
  if (options.show !== undefined && !shown) {
    throw new CliError(`There is no check '${options.show}'.`, `Choose one of: ${project.checks.map((c) => c.name).join(', ')}.`);
  }
  const format = options.format ?? 'table';
  // csv and json give the rows only, as the help says: without --show they printed the
  // human summary with exit 0, and a script reading CSV got prose
  if (format !== 'table' && !shown) {
    throw new CliError(
      `--format ${format} writes the rows of one check: name it with --show.`,
      `e.g. almp check --show exits_without_report --format ${format} > berichte-fehlen.${format} (checks: ${project.checks.map((c) => c.name).join(', ')})`,
    );
  }
  const asOf = await resolveAsOf(db, options.asOf, effects.now());
  const beyond = await checkGivenAsOf(db, options.asOf, asOf, 'Nothing was checked.', effects.now());
  const future = options.asOf === undefined ? await futureEvents(db, effects.now()) : undefined;
  if (future) effects.warn(future);
  const heading = options.asOf === undefined ? await asOfHeading(db, asOf) : `Checked as of ${germanDate(asOf)}.`;
  return withCheckInputs(db, project, asOf, async () => {
    const checks = await runCheckQueries(db, project.checks, effects);
    if (!shown || format === 'table') for (const line of [heading, ...checkSummary(checks)]) effects.out(line);
    if (shown) {
      if (format === 'table') {
        effects.out('');
        effects.out(`Failing rows of ${shown.name} (${shown.description}):`);
      }
      const sql = `SELECT * FROM (${shown.sql}) ORDER BY ALL`;
      if (format === 'xlsx') await queryToXlsx(db, sql, { sheetName: 'Befunde', tooMany: (n) => tooManyForSheet(shown.name, n), progress: (n) => effects.progress('Rows', n) }, (bytes) => effects.outBytes(bytes));
      else await showRows(db, sql, format, options.maxRows ?? 200, effects);
    }
    // after the findings, as run says it after its outputs: said first, it scrolled away
    if (beyond) effects.warn(`Note: ${beyond}.`);
    if (!shown && (await noParticipations(db))) {
      effects.warn("No participations are loaded: the checks found nothing because most of them have nothing to check. Load the Jobcenter's participations (almp ingest FILE --kind participations), then run almp check again.");
    }
    return checks;
  });
}

/**
 * No participation in force: every check passed on an empty database, exit 0, while `almp run`
 * on it said what was missing and exited 1 (a review). The CLI exits 1 for it too.
 */
export async function noParticipations(db: Db): Promise<boolean> {
  return (await db.scalar('SELECT count(*) FROM raw.participations WHERE _current')) === 0;
}

/**
 * A check's failing rows as text: the table asks for the rows it shows, csv and json stream
 * (as almp query's), counted first — read whole, a check failing on every row of 10^6
 * participations took them all into Node.
 */
async function showRows(db: Db, sql: string, format: 'table' | 'csv' | 'json', maxRows: number, effects: Effects): Promise<void> {
  if (format === 'table') {
    const { columns, rows, total } = await firstRows(db, sql, maxRows);
    for (const line of render(rows, { format, maxRows, total, columns })) effects.out(line);
    return;
  }
  await writeRowsAsText(db, sql, format, (text) => effects.out(text), (total) => rowsProgress(effects, total));
}

/** Said before a row is read: the workbook was built from all rows in memory, then refused. */
function tooManyForSheet(check: string, failing: number): CliError {
  return new CliError(
    `The ${rows(failing)} failing ${check} do not fit one worksheet (at most ${XLSX_MAX_ROWS.toLocaleString('de-DE')} lines); nothing was written.`,
    `almp check --show ${check} shows the first of them; every row: almp check --show ${check} --format csv > ${check}.csv (comma-separated, UTF-8: in Excel through Daten > Aus Text/CSV).`,
  );
}

/**
 * Without --as-of the checks use the latest date in the data, which need not be the cut-off
 * of the last build (`almp run --as-of …`, the figures `almp status` reports): counts such as
 * overdue reports then differ from the build's without saying why.
 */
async function asOfHeading(db: Db, asOf: string): Promise<string> {
  const last = await lastBuildAsOf(db);
  // with nothing dated in the data (only the reference lists) the as-of is today, not a date of the data
  if ((await latestEvent(db)) === null) return `Checked as of ${germanDate(asOf)} (today: the data hold no dated record yet).`;
  const base = `Checked as of ${germanDate(asOf)} (the latest date in the data${(await latestEvent(db)) === asOf ? '' : ' up to today'})`;
  if (last === undefined || last === asOf) return `${base}.`;
  return `${base}; the last build used ${germanDate(last)}: give --as-of ${last} for the findings of its figures.`;
}

/**
 * Builds the models the checks read in a transaction, runs `read` on them and rolls back:
 * checks never change the database. Where the last build is of this as-of, by this version,
 * with no file loaded since, its tables are the ones a rebuild would make, and the checks
 * read them: rebuilt, 27 of the 44 models (one check reads mart.indicator_values) took a
 * check at 10^6 participations 47 s and 2 GB, holding the writer the scheduler waits for.
 */
export async function withCheckInputs<T>(db: Db, project: Project, asOf: string, read: () => Promise<T>, options: { reuseBuild?: boolean } = {}): Promise<T> {
  const reuse = (options.reuseBuild ?? true) && (await builtFor(db, asOf, project));
  const needed = upstreamClosure(project.models, project.checks.flatMap((c) => c.dependsOn));
  const order = reuse ? [] : topologicalOrder(project.models).filter((m) => needed.has(m.name));
  await db.run('BEGIN TRANSACTION');
  try {
    await prepareSession(db, project, { asOf, suppressionThreshold: 5, runId: 0 });
    const storage = await storageVersionOf(db);
    for (const model of order) {
      try {
        await db.run(forStorageVersion(model.sql, storage));
      } catch (error) {
        throw new ModelError(`Model ${model.name} failed while preparing the checks: ${String(error)}`, model.name, model.file, 'Fix the model; `almp run` shows the same error.');
      }
    }
    return await read();
  } finally {
    await db.run('ROLLBACK');
  }
}

/** The last build's tables are those of `asOf`, of this version's SQL, with no file loaded since. */
async function builtFor(db: Db, asOf: string, project: Project): Promise<boolean> {
  const recorded = await db.one("SELECT 1 FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'marts_built'");
  if (!recorded) return false;
  const built = await db.one<{ as_of: string; run_id: number }>('SELECT as_of::VARCHAR AS as_of, run_id FROM meta.marts_built LIMIT 1');
  if (built?.as_of !== asOf) return false;
  // a later build that failed (an erase by almp forget whose rebuild failed) left tables behind the data
  if ((await db.scalar('SELECT coalesce(max(run_id), 0) FROM meta.model_runs')) !== Number(built.run_id)) return false;
  return (await martsOutdated(db, modelsVersion(project))) === undefined && (await filesSinceBuild(db)) === undefined;
}
