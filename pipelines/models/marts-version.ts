/**
 * Which model code built the marts. After an upgrade the database still holds the marts the
 * older version built: the new dashboards and returns read tables those never had (2 of 4
 * returns and 2 of 7 pages failed: mart.data_quality_jobcenter, mart.data_begin missing),
 * and the rest went out 'ok' with the older definitions (samples, marts of 2026-11-22:
 * 3,365 of 29,176 indicator rows and 292 return figures differ from a build by the new
 * code, e.g. occupancy 2025 6,169 / 23,585 instead of 5,933 / 22,583 participant-days). A
 * restored snapshot of an older version is the same case.
 *
 * Each successful build records a fingerprint of the SQL it ran (models, macros, checks)
 * in its own transaction; outputs refuse marts of another fingerprint and the scheduler
 * rebuilds them at start.
 */
import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';
import { discoverProject, type Project } from './discover.ts';
import { maskParticipantIds } from '../ingest/value-shapes.ts';

export const MARTS_BUILT_DDL =
  'CREATE TABLE IF NOT EXISTS meta.marts_built (models_version VARCHAR NOT NULL, run_id INTEGER NOT NULL, as_of DATE NOT NULL, built_at TIMESTAMP NOT NULL)';

/**
 * Fingerprint of the SQL a build runs: any change to a model, macro, check or reference CSV changes it.
 * Files by folder and name, not by their full path: the same version installed in another
 * folder (a new clone, a moved install) builds the same marts.
 */
export function modelsVersion(project: Project = discoverProject()): string {
  const hash = createHash('sha256');
  // the reference CSVs too: core.participations classifies exits by ref.exit_reasons, which
  // every open reloads from them (an upgraded list left marts and reused checks behind it)
  for (const part of [...project.macros, ...project.models, ...project.checks, ...(project.references ?? [])]) {
    hash.update(`${basename(dirname(part.file))}/${basename(part.file)}\0${part.sql}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Called inside the build's transaction, so the record commits with the marts or not at all. */
export async function recordMartsBuilt(db: Db, project: Project, runId: number, asOf: string, at: Date): Promise<void> {
  await db.run(MARTS_BUILT_DDL);
  await db.run('DELETE FROM meta.marts_built');
  await db.run('INSERT INTO meta.marts_built VALUES ($version, $run, $asOf::DATE, $at::TIMESTAMP)', {
    version: modelsVersion(project),
    run: runId,
    asOf,
    at: at.toISOString(),
  });
}

/** Why the marts cannot be used by this version, or undefined (also when there are none yet). */
export async function martsOutdated(db: Db, current: string = modelsVersion()): Promise<string | undefined> {
  const tables = await db.json<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema IN ('mart', 'meta') AND table_name IN ('indicator_values', 'marts_built')",
  );
  const names = new Set(tables.map((t) => t.name));
  if (!names.has('indicator_values')) return undefined;
  const built = names.has('marts_built') ? (await db.json<{ v: string }>('SELECT models_version AS v FROM meta.marts_built LIMIT 1'))[0]?.v : undefined;
  if (built === current) return undefined;
  return 'the marts were built by another version of almp-monitor (before an upgrade, or in a restored older snapshot); run almp run to rebuild them with this version';
}

/**
 * Marts built without a single participation (only provider files loaded): the pages and
 * the funder returns came out empty, every line 'ok', exit 0 — a return of none, ready to
 * send. Undefined when there are participations, or no marts yet.
 */
export async function martsWithoutParticipations(db: Db): Promise<string | undefined> {
  if (!(await db.one("SELECT 1 FROM information_schema.tables WHERE table_schema = 'core' AND table_name = 'participations'"))) return undefined;
  if ((await db.scalar('SELECT count(*) FROM core.participations')) > 0) return undefined;
  return "no participations are loaded, so every figure would be empty: load the Jobcenter's participations (almp ingest FILE --kind participations), then almp run";
}

/**
 * A new installation before its first participations: built marts without one, and no
 * participations file ever loaded. The scheduler's dashboards and returns wait for them
 * (skipped) instead of failing at every fire — a freshly installed service logged three
 * errors at start and every day after, and status exited 1 until the first delivery.
 * Once a participations file was loaded, marts without any are an error again.
 */
export async function awaitingFirstParticipations(db: Db): Promise<boolean> {
  if ((await martsWithoutParticipations(db)) === undefined) return false;
  return (await db.scalar("SELECT count(*) FROM meta.files WHERE kind = 'participations'")) === 0;
}

/** The one error result an output verb returns instead of writing from such marts (outdated, or without participations). */
export async function refuseOutdatedMarts(db: Db, name: string): Promise<ItemResult[] | undefined> {
  const reason = (await martsOutdated(db)) ?? (await martsWithoutParticipations(db));
  return reason ? [{ name, status: 'error', error: reason }] : undefined;
}

/**
 * Files loaded after the last build are not in its marts: `almp ingest` of a corrected
 * provider file, then `almp returns`, wrote the return without it and said nothing. The
 * outputs still go ahead (the help says "from the marts of the last build"), with this line.
 */
export async function filesSinceBuild(db: Db): Promise<string | undefined> {
  const built = await db.json<{ n: number }>("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'marts_built'");
  if (!built[0]?.n) return undefined;
  const files = await db.json<{ name: string }>(
    'SELECT name FROM meta.files WHERE loaded_at > (SELECT max(built_at) FROM meta.marts_built) ORDER BY loaded_at, name',
  );
  if (files.length === 0) return undefined;
  // a Kundennummer in a file name stays off the terminal, as in ingest's lines
  const names = files.slice(0, 3).map((f) => maskParticipantIds(f.name)).join(', ') + (files.length > 3 ? ', …' : '');
  const count = files.length === 1 ? '1 file' : `${files.length} files`;
  return `${count} loaded after the last build (${names}) ${files.length === 1 ? 'is' : 'are'} not in these figures — run almp run first to include ${files.length === 1 ? 'it' : 'them'}`;
}
