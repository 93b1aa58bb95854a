/**
 * The run ledger `meta.job_runs`: one row per job run (scheduled, catch-up, chained or
 * manual), written before the job starts and completed when it ends, so a crash leaves a
 * visible `running` row that the next start marks `interrupted`.
 * Times are stored as UTC TIMESTAMPs.
 */
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';

export type RunStatus = 'running' | 'success' | 'partial' | 'skipped' | 'error' | 'interrupted';
export type RunTrigger = 'cron' | 'catch_up' | 'after' | 'manual' | 'retry';

const LEDGER_DDL = [
  'CREATE SCHEMA IF NOT EXISTS meta',
  'CREATE SEQUENCE IF NOT EXISTS meta.job_run_seq START 1',
  `CREATE TABLE IF NOT EXISTS meta.job_runs (
     run_id BIGINT PRIMARY KEY DEFAULT nextval('meta.job_run_seq'),
     job VARCHAR NOT NULL,
     scheduled_at TIMESTAMP,          -- the cron fire time this run stands for (UTC); NULL when chained/manual
     trigger VARCHAR NOT NULL,        -- cron | catch_up | after | manual | retry
     started_at TIMESTAMP NOT NULL,
     ended_at TIMESTAMP,
     status VARCHAR NOT NULL,         -- running | success | partial | skipped | error | interrupted
     items INTEGER,                   -- number of items (files, models, outputs) handled
     items_failed INTEGER,
     detail JSON,                     -- the per-item results (names, status, rows, output folder; no personal data)
     error VARCHAR,
     catch_up BOOLEAN NOT NULL,
     pid INTEGER NOT NULL)`,
];

export async function ensureLedger(db: Db): Promise<void> {
  for (const ddl of LEDGER_DDL) await db.run(ddl);
}

/** UTC wall time as DuckDB TIMESTAMP text (bound as a parameter, never spliced). */
export function utcText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export async function recordStart(
  db: Db,
  run: { job: string; scheduledAt: Date | null; trigger: RunTrigger; startedAt: Date },
): Promise<number> {
  const row = await db.one<{ run_id: bigint }>(
    `INSERT INTO meta.job_runs (job, scheduled_at, trigger, started_at, status, catch_up, pid)
     VALUES ($job, CAST($scheduled AS TIMESTAMP), $trigger, CAST($started AS TIMESTAMP), 'running', $catchUp, $pid)
     RETURNING run_id`,
    {
      job: run.job,
      scheduled: run.scheduledAt ? utcText(run.scheduledAt) : null,
      trigger: run.trigger,
      started: utcText(run.startedAt),
      catchUp: run.trigger === 'catch_up',
      pid: process.pid,
    },
  );
  return Number(row!.run_id);
}

/**
 * `out`: the folder the run wrote its outputs into (dashboards, returns), stored with each
 * item as given (resolved by the caller): a run into another folder does not count as one
 * into the schedule's (lastProduced).
 */
export async function recordEnd(
  db: Db,
  runId: number,
  end: { endedAt: Date; status: Exclude<RunStatus, 'running'>; items: readonly ItemResult[]; error?: string; out?: string },
): Promise<void> {
  await db.run(
    `UPDATE meta.job_runs SET ended_at = CAST($ended AS TIMESTAMP), status = $status, items = $items,
       items_failed = $failed, detail = CAST($detail AS JSON), error = $error
     WHERE run_id = $id`,
    {
      id: runId,
      ended: utcText(end.endedAt),
      status: end.status,
      items: end.items.length,
      failed: end.items.filter((i) => i.status === 'error').length,
      detail: JSON.stringify(end.items.map(({ name, status, rows, error }) => ({ name, status, rows, error, out: end.out }))),
      error: end.error ?? null,
    },
  );
}

/** A run done by hand (almp run, npm start): one finished ledger row; `out`: the resolved output folder. */
export async function recordManualRun(db: Db, job: string, startedAt: Date, endedAt: Date, items: readonly ItemResult[], out?: string): Promise<void> {
  await ensureLedger(db);
  const id = await recordStart(db, { job, scheduledAt: null, trigger: 'manual', startedAt });
  const failed = items.filter((i) => i.status === 'error').length;
  await recordEnd(db, id, { endedAt, status: failed === 0 ? 'success' : failed === items.length ? 'error' : 'partial', items, out });
}

/** Rows left `running` by a process that no longer runs them (crash, kill -9). */
export async function markInterrupted(db: Db, endedAt: Date): Promise<number> {
  const rows = await db.all<{ run_id: bigint }>(
    `UPDATE meta.job_runs SET status = 'interrupted', ended_at = CAST($ended AS TIMESTAMP),
       error = coalesce(error, 'the process stopped before the job finished')
     WHERE status = 'running' RETURNING run_id`,
    { ended: utcText(endedAt) },
  );
  return rows.length;
}

/**
 * The time the job was last done up to: the latest fire time (or start, for chained and
 * manual runs) of a run that did its work. Errors and interruptions do not count.
 */
export async function lastDone(db: Db, job: string, out?: string): Promise<Date | undefined> {
  return lastDoneAt(db, job, 'coalesce(scheduled_at, started_at)', out);
}

/**
 * When the job's last done run started: what it read. A catch-up run's scheduled_at is its
 * missed fire time, hours before it ran: a file loaded in between looked newer than the build
 * that had read it, and the next start built once more (55 s at 10^6).
 */
export async function lastDoneStarted(db: Db, job: string, out?: string): Promise<Date | undefined> {
  return lastDoneAt(db, job, 'started_at', out);
}

/** `out` (resolved): only runs into that folder count (INTO_OUT); a build by hand into another left the schedule's pages stale. */
async function lastDoneAt(db: Db, job: string, at: 'coalesce(scheduled_at, started_at)' | 'started_at', out?: string): Promise<Date | undefined> {
  const row = await db.one<{ t: Date | null }>(
    `SELECT max(${at}) AS t FROM meta.job_runs WHERE job = $job AND status IN ('success', 'partial', 'skipped') AND ${INTO_OUT}`,
    { job, out: out ?? null },
  );
  return row?.t ?? undefined;
}

/**
 * The job's latest run (into `out`, when given; `running` included): the scheduler catches up
 * one that errored or was cut off, whatever ran before it, and retries failed outputs.
 */
export async function latestRun(db: Db, job: string, out?: string): Promise<{ status: RunStatus; startedAt: Date } | undefined> {
  const row = await db.one<{ status: RunStatus; started_at: Date }>(
    `SELECT status, started_at FROM meta.job_runs WHERE job = $job AND ${INTO_OUT} ORDER BY run_id DESC LIMIT 1`,
    { job, out: out ?? null },
  );
  return row ? { status: row.status, startedAt: row.started_at } : undefined;
}

export type LedgerRow = {
  run_id: string;
  job: string;
  scheduled_at: string | null;
  trigger: RunTrigger;
  started_at: string;
  ended_at: string | null;
  status: RunStatus;
  items: number | null;
  items_failed: number | null;
  error: string | null;
  catch_up: boolean;
};

/** All runs, oldest first (JSON-safe values; times as UTC text). */
export async function allRuns(db: Db, job?: string): Promise<LedgerRow[]> {
  return db.json<LedgerRow>(
    `SELECT run_id, job, scheduled_at, trigger, started_at, ended_at, status, items, items_failed, error, catch_up
     FROM meta.job_runs WHERE $job IS NULL OR job = $job ORDER BY run_id`,
    { job: job ?? null },
  );
}

/**
 * The last run of every job; with `out` (resolved), of an output job the last run into that
 * folder — a hand run elsewhere that succeeded showed a failed scheduled run as fine (exit 0),
 * one that failed kept status red with nothing of the scheduler's to clear it.
 */
export async function lastRuns(db: Db, out?: string): Promise<LedgerRow[]> {
  // a skipped run's reason is its first item's (a return already written, no participations yet)
  return db.json<LedgerRow>(
    `SELECT run_id, job, scheduled_at, trigger, started_at, ended_at, status, items, items_failed,
       coalesce(error, CASE WHEN status = 'skipped' THEN json_extract_string(detail, '$[0].error') END) AS error, catch_up
     FROM meta.job_runs WHERE ${INTO_OUT} QUALIFY row_number() OVER (PARTITION BY job ORDER BY run_id DESC) = 1 ORDER BY job`,
    { out: out ?? null },
  );
}

/**
 * The folder the scheduler writes its outputs into, from its latest run that names one:
 * `almp status` run from another folder without the schedule file took `./out` for it and
 * called a written return missing. Undefined when no scheduled run named a folder.
 */
export async function scheduledOut(db: Db): Promise<string | undefined> {
  const row = await db.one<{ out: string | null }>(
    `SELECT json_extract_string(detail, '$[0].out') AS out FROM meta.job_runs
     WHERE trigger <> 'manual' AND json_extract_string(detail, '$[0].out') IS NOT NULL ORDER BY run_id DESC LIMIT 1`,
  );
  return row?.out ?? undefined;
}

/**
 * Whether a run wrote into `out` (a resolved folder): rows without a folder (written before
 * the ledger kept it, or of a job that writes nothing) count for any — what a run last did and
 * when; whether a return was written is lastProduced's, which counts none of them. SQL text,
 * for `$out` bound to the folder or NULL (any).
 */
const INTO_OUT = `($out::VARCHAR IS NULL OR coalesce(json_extract_string(detail, '$[0].out'), $out) = $out)`;

/**
 * Start of the last run of a job that wrote all its outputs. A partial run (some returns
 * failed, e.g. disk full) does not count: the next fire writes the set again, and status
 * does not report the return as written. With a period: only runs that wrote a return of
 * that period (item "return <layout> <period> …"). With `out` (resolved): only runs into that
 * folder — `almp run --out elsewhere` counted as written, the 06:00 job skipped the due
 * return and the schedule's out/returns never got it, while status said "written".
 */
export async function lastProduced(db: Db, job: string, period?: string, out?: string): Promise<Date | undefined> {
  // a written return names its folder; a run an older version recorded names none, and
  // counted as written into every folder: after an upgrade the scheduler skipped the due
  // return and status said 'written' with the schedule's out/returns empty (an upgrade audit)
  const row = await db.one<{ t: Date | null }>(
    `SELECT max(started_at) AS t FROM meta.job_runs WHERE job = $job AND status = 'success'
       AND ($out::VARCHAR IS NULL OR json_extract_string(detail, '$[0].out') = $out)
       AND ($period::VARCHAR IS NULL OR regexp_matches(CAST(detail AS VARCHAR), '"name":"return [^ "]+ ' || $period || '[ "]'))`,
    { job, period: period ?? null, out: out ?? null },
  );
  return row?.t ?? undefined;
}
