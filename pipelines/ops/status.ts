/**
 * `almp status`: what the operation is doing. Phases: last run of every job (ledger) →
 * next fire times (schedule file) → inbox and quarantine counts → overdue final reports
 * and data-quality findings of the last build (marts of the published snapshot).
 *
 * It never waits for the writer: while a writer holds the database, the ledger is read
 * from the latest snapshot (and the report says so).
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Db } from '../db/database.ts';
import { withReadOnlyDb, engineLockHolder } from '../commands/open-db.ts';
import type { Kind } from '../schema/kinds.ts';
import { isOpen, recentRejects, type RecentRejects } from './status-rejects.ts';
import { recentUnreadColumns, type UnreadColumn } from './status-columns.ts';
import { lastProduced, lastRuns, scheduledOut, type LedgerRow } from '../schedule/job-ledger.ts';
import { builtSinceWritten, dueReturn, latestDue, RETURN_CADENCE } from './status-due.ts';
import { readMarts } from './status-marts.ts';
import { JOB_NAMES, OUTPUT_JOBS, type ScheduleSettings } from '../schedule/schedule-config.ts';
import { nextFires } from '../schedule/cron-times.ts';
import { awaitingFirstParticipations, martsOutdated } from '../models/marts-version.ts';

/**
 * How long a fire time may pass without its run before status calls it missed: a run waits
 * in the scheduler's queue while another job (a large model build) holds the writer.
 */
const MISSED_AFTER_MS = 60 * 60 * 1000;
import { countInbox, cutOffInInbox, strayInInbox } from './inbox.ts';
import { countQuarantine } from './inbox-move.ts';
import { diskFindings, type DiskProbe } from './doctor-disk.ts';
import type { Finding } from './doctor.ts';
import { currentSnapshot, snapshotOfOther } from './snapshot.ts';
import { isStale, lockPathFor, readLockHolder, rotationLockPath, type LockHolder } from './writer-lock.ts';
import { foreignHolder, type ForeignHolder } from './foreign-holder.ts';

export interface JobStatus {
  readonly job: string;
  readonly enabled: boolean;
  readonly cron: string | null;
  readonly after: string | null;
  readonly lastRun?: LedgerRow;
  readonly next: string[];
  /** The first fire time since the job's last run that passed over an hour ago with no run since (UTC ISO). */
  readonly missedSince?: string;
  /**
   * Output jobs whose last run failed (in part): from when the scheduler runs it again, at the
   * first run of another job from then (the inbox scan; UTC ISO). An operator wondering why a
   * return failed saw the failure, not that it is retried, nor when.
   */
  readonly retryFrom?: string;
  /** Return jobs: the latest return that has fallen due and whether it was written since its due day. */
  readonly due?: {
    readonly period: string;
    readonly day: string;
    readonly writtenAt: string | null;
    /** Files loaded after the return was written and built into the marts since (UTC ISO of that build): its figures may differ now. */
    readonly builtSince?: { readonly files: number; readonly at: string };
  };
}

interface Ledger {
  readonly runs: LedgerRow[];
  /** Start of the last run that wrote its outputs, per return job (UTC ISO). */
  readonly produced: Record<string, string | undefined>;
  readonly rejects: RecentRejects[];
  readonly unreadColumns: UnreadColumn[];
  /** The folder the scheduler's returns count in (where it last wrote, else the schedule's out). */
  readonly out?: string;
  /** Built, but no participations file ever loaded (marts-version.ts): the outputs wait for it. */
  readonly awaitingParticipations?: boolean;
  /** Why the marts cannot be used by this version (marts-version.ts), if so. */
  readonly martsOutdated?: string;
  /** Per return job: files loaded after it was last written, and built into the marts since. */
  readonly builtSince?: Record<string, { files: number; at: string } | undefined>;
}

export { isOpen, type RecentRejects };

/** How far back status lists rejects. */
export const REJECTS_DAYS = 7;

export interface StatusReport {
  readonly database: string;
  /** False: nothing at that path (a mistyped --db, or nothing ingested yet). */
  readonly databaseExists: boolean;
  readonly writer?: LockHolder;
  /** The writer has held the database longer than WRITER_HUNG_AFTER_MS: a job hangs (status exits 1). */
  readonly writerHung?: boolean;
  /**
   * A program that is not almp holds the live database open for writing: every job waits for
   * it and fails (status said "no writer at the moment" and exited 0). Status exits 1.
   */
  readonly foreignHolder?: ForeignHolder;
  /** Where the ledger was read: the live database, the snapshot (writer busy), or nowhere yet. */
  readonly ledgerSource: 'live' | 'snapshot' | 'none';
  readonly jobs: JobStatus[];
  readonly inbox: Partial<Record<Kind, number>>;
  /** Inbox entries outside the kind folders: never read. */
  readonly strayInInbox: readonly string[];
  /** Where a return counts as written (the scheduler's output folder): the advice to write one names it. */
  readonly returnsOut?: string;
  /** Where the first participations are awaited (the inbox's folder), while none was ever loaded; the outputs wait till then. */
  readonly awaitingParticipations?: string;
  /**
   * The marts were built by another version (after an upgrade, a restored older snapshot):
   * almp dashboards and returns refuse them until a build, while status said all was well (an
   * upgrade audit). Status exits 1.
   */
  readonly martsOutdated?: string;
  /**
   * martsOutdated read from the last snapshot while a writer holds the database and the
   * scheduler runs: it rebuilds them (at its start and its models runs), maybe that writer is
   * the build — status does not send the operator to almp run (a review). It still exits 1:
   * whether that build is running or failed cannot be read while the writer holds the file (a
   * failed rebuild was reported as running, exit 0: a second review).
   */
  readonly martsRebuilding?: boolean;
  /** Inbox files that wait for their end ("kind/name: reason"). */
  readonly cutOffInInbox?: readonly string[];
  /** How long a cut-off file waits untouched before it is loaded as it is. */
  readonly cutOffWaitSeconds?: number;
  readonly quarantine: Record<string, number>;
  readonly snapshot?: string;
  /** The database the snapshot folder's snapshots belong to, when that is another one (they are then not read). */
  readonly snapshotOf?: string;
  /** The scheduler process holding `<db>.scheduler.lock`; undefined: no scheduler runs. */
  readonly scheduler?: LockHolder;
  /** Exits with no final report 14+ days after exit (reports_overdue, all slices '*'); undefined: no build yet. */
  readonly overdueReports?: { period: string; total: number; byJobcenter: { jobcenter_id: string; count: number }[] };
  readonly dataQuality?: { check: string; severity: string; description: string; failing_rows: number }[];
  /**
   * Doctor's disk findings that are not ok. With the disk full every job failed, but the
   * failures could not be written to the ledger: status showed the last good runs and
   * exited 0 (an hour later 'missed', blaming the scheduler).
   */
  readonly disk: Finding[];
  /** Files with rejected rows, or refused whole, in the last REJECTS_DAYS days (newest first). */
  readonly rejects: readonly RecentRejects[];
  /** Columns of files loaded in the last REJECTS_DAYS days that were not read but look like contract columns. */
  readonly unreadColumns: readonly UnreadColumn[];
}

export async function statusReport(dbPath: string, settings: ScheduleSettings, now: Date, probe?: DiskProbe): Promise<StatusReport> {
  const held = readLockHolder(lockPathFor(dbPath));
  const writer = held && !isStale(held) ? held : undefined;
  // the next fire times are the schedule's; only a running scheduler keeps them
  const schedulerHeld = readLockHolder(`${dbPath}.scheduler.lock`);
  const scheduler = schedulerHeld && !isStale(schedulerHeld) ? schedulerHeld : undefined;
  // A snapshot copied from another database (a mistyped --db beside a schedule file's
  // folders) is not this one's: its runs and figures were reported as this database's.
  const otherSnapshot = snapshotOfOther(settings.snapshots, dbPath);
  const snapshot = otherSnapshot ? undefined : currentSnapshot(settings.snapshots);
  const duePeriods = Object.fromEntries(JOB_NAMES.map((job) => [job, latestDue(job, settings.jobs[job].workingDay, settings.timezone, now)?.period]));
  let ledgerSource: StatusReport['ledgerSource'] = 'none';
  let foreign: ForeignHolder | undefined;
  let ledger: Ledger = { runs: [], produced: {}, rejects: [], unreadColumns: [] };
  const since = new Date(now.getTime() - REJECTS_DAYS * 86_400_000);
  if (existsSync(dbPath) && !writer) {
    try {
      ledger = await withReadOnlyDb(dbPath, (db) => readLedger(db, duePeriods, since, resolve(settings.out)));
      ledgerSource = 'live';
    } catch (error) {
      const pid = engineLockHolder(error);
      if (pid === undefined) throw error;
      // an almp writer that took its lock after the look above is a writer, not a stranger
      if (pid > 0 && readLockHolder(lockPathFor(dbPath))?.pid !== pid) foreign = foreignHolder(pid);
    }
  }
  if (ledgerSource === 'none' && snapshot) {
    ledger = await withReadOnlyDb(snapshot, (db) => readLedger(db, duePeriods, since, resolve(settings.out)));
    ledgerSource = 'snapshot';
  }
  const marts = snapshot ? await withReadOnlyDb(snapshot, readMarts) : {};
  const jobs = JOB_NAMES.map((job): JobStatus => {
    const s = settings.jobs[job];
    const lastRun = settled(ledger.runs.find((r) => r.job === job), ledgerSource, writer !== undefined);
    // only the live ledger is current enough: a snapshot lacks every run since it was taken
    const missedSince = s.enabled && s.cron && ledgerSource === 'live' ? missedFire(s.cron, settings.timezone, lastRun, now) : undefined;
    const retryFrom = s.enabled && lastRun && OUTPUT_JOBS.has(job) && NEEDS_ATTENTION.has(lastRun.status) ? new Date(utcTime(lastRun.started_at).getTime() + settings.outputRetryMs).toISOString() : undefined;
    return {
      job,
      enabled: s.enabled,
      cron: s.cron,
      after: s.after,
      lastRun,
      ...(missedSince ? { missedSince } : {}),
      ...(retryFrom ? { retryFrom } : {}),
      next: s.enabled && s.cron ? nextFires(s.cron, settings.timezone, now, 2).map((d) => d.toISOString()) : [],
      ...(s.enabled ? dueReturn(job, s.workingDay, ledger.produced[job], settings.timezone, now, ledger.builtSince?.[job]) : {}),
    };
  });
  return {
    database: dbPath,
    databaseExists: existsSync(dbPath),
    writer,
    ...(writer && !rotating(dbPath) && writerHeldSince(writer) !== undefined && now.getTime() - writerHeldSince(writer)! > WRITER_HUNG_AFTER_MS ? { writerHung: true } : {}),
    scheduler,
    ...(foreign ? { foreignHolder: foreign } : {}),
    ledgerSource,
    jobs,
    inbox: existsSync(settings.inbox) ? countInbox(settings.inbox) : {},
    strayInInbox: strayInInbox(settings.inbox, now.getTime()),
    cutOffInInbox: cutOffInInbox(settings.inbox),
    cutOffWaitSeconds: settings.inboxCutOffWaitMs / 1000,
    quarantine: countQuarantine(settings.quarantine),
    snapshot,
    ...(otherSnapshot ? { snapshotOf: otherSnapshot } : {}),
    ...marts,
    disk: diskFindings(dbPath, settings.snapshots, probe).filter((f) => f.severity !== 'ok'),
    rejects: ledger.rejects,
    unreadColumns: ledger.unreadColumns,
    returnsOut: ledger.out ?? resolve(settings.out),
    ...(ledger.awaitingParticipations ? { awaitingParticipations: join(resolve(settings.inbox), 'participations') } : {}),
    ...(ledger.martsOutdated ? { martsOutdated: ledger.martsOutdated } : {}),
    ...(ledger.martsOutdated && ledgerSource === 'snapshot' && writer && scheduler && settings.jobs.models.enabled ? { martsRebuilding: true } : {}),
  };
}

/**
 * A run the ledger shows as running while no process writes: in a snapshot it is the build
 * that published it (the copy is taken before that run ends); in the live file, a run whose
 * process died (the scheduler marks it interrupted at its next start).
 */
function settled(run: LedgerRow | undefined, source: StatusReport['ledgerSource'], writerAlive: boolean): LedgerRow | undefined {
  if (!run || run.status !== 'running' || writerAlive) return run;
  return source === 'snapshot'
    ? { ...run, error: run.error ?? 'running when the snapshot was published (its outcome is in the live database)' }
    : { ...run, status: 'interrupted', error: run.error ?? 'no process runs it any more (stopped or killed)' };
}

/**
 * The first fire after the job's last run, when it lies over an hour back: nothing ran the
 * job since (the scheduler stopped, hangs, or never started here). A job that never ran
 * has no such fire: its first run is the scheduler's catch-up.
 */
function missedFire(cron: string, timezone: string, lastRun: LedgerRow | undefined, now: Date): string | undefined {
  if (!lastRun || lastRun.status === 'running') return undefined;
  const [fire] = nextFires(cron, timezone, utcTime(lastRun.started_at));
  return fire && now.getTime() - fire.getTime() > MISSED_AFTER_MS ? fire.toISOString() : undefined;
}

/** A ledger time: the TIMESTAMPs are UTC without a zone ('2026-03-10 09:00:01'). */
function utcTime(text: string): Date {
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * How long a writer may hold the database before status calls it hung. The longest runs
 * measured take minutes (the whole pipeline at 10^7 participations 14 min, `almp forget` there
 * 9 min); a job stopped on a hung network folder held the lock for good while status read the
 * snapshot's runs and stayed green (a missed fire is only judged on the live ledger).
 */
export const WRITER_HUNG_AFTER_MS = 3 * 3_600_000;

/** `almp rotate-key` holds the writer lock through a whole rebuild, which may take long on a large archive. */
function rotating(dbPath: string): boolean {
  const holder = readLockHolder(rotationLockPath(dbPath));
  return holder !== undefined && !isStale(holder);
}

function writerHeldSince(writer: LockHolder): number | undefined {
  const since = Date.parse(writer.since);
  return Number.isNaN(since) ? undefined : since;
}

/** Last-run outcomes that need someone: a monitor (cron mail, Nagios, systemd) alerts on a non-zero exit. */
const NEEDS_ATTENTION: ReadonlySet<string> = new Set(['error', 'partial', 'interrupted']);

/** Jobs whose last run failed in whole or part, or was cut off; empty when all is well. */
export function jobsNeedingAttention(report: StatusReport): JobStatus[] {
  return report.jobs.filter((j) => j.enabled && j.lastRun !== undefined && NEEDS_ATTENTION.has(j.lastRun.status));
}

/** Enabled jobs that nothing ran since a fire time over an hour back. */
export function jobsMissingRuns(report: StatusReport): JobStatus[] {
  return report.jobs.filter((j) => j.missedSince !== undefined);
}

/** `almp status` exit code: 0 when the database exists, every enabled job's last run went through, none missed its fire, no writer hangs and no other program holds the database, the disk has room and the marts are this version's, 1 otherwise. */
export function statusExitCode(report: StatusReport): number {
  const diskFull = report.disk.some((f) => f.severity === 'error');
  return !report.databaseExists || diskFull || report.martsOutdated !== undefined || report.writerHung === true || report.foreignHolder !== undefined || jobsNeedingAttention(report).length > 0 || jobsMissingRuns(report).length > 0 || filesNotLoaded(report).length > 0 || report.strayInInbox.length > 0 ? 1 : 0;
}

/**
 * Files refused whole in the last REJECTS_DAYS days that no later file of the same kind and
 * name replaced: their data are missing from every figure. The ingest run that refused one
 * was "partial" (exit 1) only until the next run went through — an hourly monitor missed a
 * file the inbox job quarantined at 09:00 when a clean file loaded at 09:15.
 * A refused file whose content is loaded anyway is not missing: a re-ingest of a loaded
 * workbook with a mistyped --sheet kept status at 1 for 7 days, and loading the right file
 * again ("already loaded") could not clear it.
 */
export function filesNotLoaded(report: StatusReport): readonly RecentRejects[] {
  // a file read whose every row was rejected is missing as much (an inbox file archived so
  // was reported as "6 rows in 1 file – the good rows loaded": a review)
  return report.rejects.filter(isOpen).filter((r) => r.refused || r.none_loaded);
}

/**
 * `duePeriods`: per return job, the period due now; a return counts as produced only for it,
 * and only written into the folder the scheduler writes into (where it last wrote — the
 * default `./out` read from another working folder was another folder); before any
 * scheduled output run, the schedule's `out`.
 */
async function readLedger(db: Db, duePeriods: Readonly<Record<string, string | undefined>>, since: Date, configuredOut: string): Promise<Ledger> {
  const exists = await db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'job_runs'");
  if (exists === 0) return { runs: [], produced: {}, rejects: [], unreadColumns: [] };
  const out = (await scheduledOut(db)) ?? configuredOut;
  const produced: Record<string, string | undefined> = {};
  for (const job of Object.keys(RETURN_CADENCE)) produced[job] = (await lastProduced(db, job, duePeriods[job], out))?.toISOString();
  const awaitingParticipations = await awaitingFirstParticipations(db);
  const outdated = await martsOutdated(db);
  const builtSince: Record<string, { files: number; at: string } | undefined> = {};
  for (const job of Object.keys(RETURN_CADENCE)) builtSince[job] = await builtSinceWritten(db, produced[job]);
  return { runs: await lastRuns(db, out), produced, builtSince, rejects: await recentRejects(db, since), unreadColumns: await recentUnreadColumns(db, since), out, awaitingParticipations, ...(outdated ? { martsOutdated: outdated } : {}) };
}
