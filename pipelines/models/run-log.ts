/**
 * What each build did, kept in the database: one row per model (meta.model_runs) and per
 * data-quality check (meta.check_results) for every run, so a figure can be traced to the
 * run and the data findings it was computed with.
 */
import type { JobcenterCount } from './check-jobcenter.ts';
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';
import type { Severity } from './discover.ts';

export interface CheckResult {
  name: string;
  severity: Severity;
  description: string;
  failing: number;
  /** The failing rows per Jobcenter they belong to (null: not attributable), check-jobcenter.ts. */
  byJobcenter?: readonly JobcenterCount[];
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS meta.model_runs (
     run_id INTEGER NOT NULL, model VARCHAR NOT NULL, status VARCHAR NOT NULL, ms DOUBLE, "rows" BIGINT,
     error VARCHAR, as_of DATE NOT NULL, started_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta.check_results (
     run_id INTEGER NOT NULL, "check" VARCHAR NOT NULL, severity VARCHAR NOT NULL, description VARCHAR NOT NULL,
     failing_rows BIGINT NOT NULL, as_of DATE NOT NULL, checked_at TIMESTAMP NOT NULL)`,
  // Apart from meta.check_results, whose rows (one per check) stay as they were.
  `CREATE TABLE IF NOT EXISTS meta.check_results_jobcenter (
     run_id INTEGER NOT NULL, "check" VARCHAR NOT NULL, jobcenter_id VARCHAR, failing_rows BIGINT NOT NULL)`,
];

export async function ensureRunLog(db: Db): Promise<void> {
  for (const ddl of DDL) await db.run(ddl);
}

/** The as-of date of the last build, if the database has been built at all. */
export async function lastBuildAsOf(db: Db): Promise<string | undefined> {
  const built = await db.scalar("select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'model_runs'");
  if (!built) return undefined;
  const row = await db.one<{ as_of: string }>('select as_of::VARCHAR as as_of from meta.model_runs order by run_id desc limit 1');
  return row?.as_of;
}

export async function nextRunId(db: Db): Promise<number> {
  return (await db.scalar(
    'select coalesce(max(run_id), 0) + 1 from (select run_id from meta.model_runs union all select run_id from meta.check_results)',
  ));
}

/** One INSERT per run, not one per row: the rows travel as one JSON parameter. */
export async function recordChecks(db: Db, runId: number, asOf: string, at: Date, checks: readonly CheckResult[]): Promise<void> {
  if (checks.length === 0) return;
  await db.run(
    `INSERT INTO meta.check_results
     SELECT $run, c.name, c.severity, c.description, c.failing, $asOf::DATE, $at::TIMESTAMP
     FROM (SELECT unnest(from_json($rows, '[{"name":"VARCHAR","severity":"VARCHAR","description":"VARCHAR","failing":"BIGINT"}]'), recursive := true)) AS c`,
    { run: runId, rows: JSON.stringify(checks.map(({ name, severity, description, failing }) => ({ name, severity, description, failing }))), asOf, at: at.toISOString() },
  );
  const byJobcenter = checks.flatMap((c) => (c.byJobcenter ?? []).map((j) => ({ check: c.name, jobcenter_id: j.jobcenter_id, failing: j.failing })));
  if (byJobcenter.length === 0) return;
  await db.run(
    `INSERT INTO meta.check_results_jobcenter
     SELECT $run, c."check", c.jobcenter_id, c.failing
     FROM (SELECT unnest(from_json($rows, '[{"check":"VARCHAR","jobcenter_id":"VARCHAR","failing":"BIGINT"}]'), recursive := true)) AS c`,
    { run: runId, rows: JSON.stringify(byJobcenter) },
  );
}

export async function recordModels(db: Db, runId: number, asOf: string, at: Date, models: readonly ItemResult[]): Promise<void> {
  if (models.length === 0) return;
  const rows = models.map((m) => ({ model: m.name, status: m.status, ms: m.ms ?? null, rows: m.rows ?? null, error: m.error ?? null }));
  await db.run(
    `INSERT INTO meta.model_runs
     SELECT $run, m.model, m.status, m.ms, m."rows", m.error, $asOf::DATE, $at::TIMESTAMP
     FROM (SELECT unnest(from_json($rows, '[{"model":"VARCHAR","status":"VARCHAR","ms":"DOUBLE","rows":"BIGINT","error":"VARCHAR"}]'), recursive := true)) AS m`,
    { run: runId, rows: JSON.stringify(rows), asOf, at: at.toISOString() },
  );
}
