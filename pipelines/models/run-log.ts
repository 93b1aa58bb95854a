/**
 * What each build did, kept in the database: one row per model (meta.model_runs) and per
 * data-quality check (meta.check_results) for every run, so a figure can be traced to the
 * run and the data findings it was computed with.
 */
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';
import type { Severity } from './discover.ts';

export interface CheckResult {
  name: string;
  severity: Severity;
  description: string;
  failing: number;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS meta.model_runs (
     run_id INTEGER NOT NULL, model VARCHAR NOT NULL, status VARCHAR NOT NULL, ms DOUBLE, "rows" BIGINT,
     error VARCHAR, as_of DATE NOT NULL, started_at TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta.check_results (
     run_id INTEGER NOT NULL, "check" VARCHAR NOT NULL, severity VARCHAR NOT NULL, description VARCHAR NOT NULL,
     failing_rows BIGINT NOT NULL, as_of DATE NOT NULL, checked_at TIMESTAMP NOT NULL)`,
];

export async function ensureRunLog(db: Db): Promise<void> {
  for (const ddl of DDL) await db.run(ddl);
}

export async function nextRunId(db: Db): Promise<number> {
  return (await db.scalar(
    'select coalesce(max(run_id), 0) + 1 from (select run_id from meta.model_runs union all select run_id from meta.check_results)',
  ));
}

export async function recordChecks(db: Db, runId: number, asOf: string, at: Date, checks: readonly CheckResult[]): Promise<void> {
  for (const c of checks) {
    await db.run('INSERT INTO meta.check_results VALUES ($run, $check, $severity, $description, $failing, $asOf::DATE, $at::TIMESTAMP)', {
      run: runId,
      check: c.name,
      severity: c.severity,
      description: c.description,
      failing: c.failing,
      asOf,
      at: at.toISOString(),
    });
  }
}

export async function recordModels(db: Db, runId: number, asOf: string, at: Date, models: readonly ItemResult[]): Promise<void> {
  for (const m of models) {
    await db.run('INSERT INTO meta.model_runs VALUES ($run, $model, $status, $ms, $rows, $error, $asOf::DATE, $at::TIMESTAMP)', {
      run: runId,
      model: m.name,
      status: m.status,
      ms: m.ms ?? null,
      rows: m.rows ?? null,
      error: m.error ?? null,
      asOf,
      at: at.toISOString(),
    });
  }
}
