/**
 * `almp schedule`: the long-running process. Phases: read the schedule file → open the
 * log → load the key → start the scheduler (catch-up, then the timers) → wait for the
 * stop signal (SIGTERM/SIGINT, bound by the CLI) → let the current job finish → exit 0.
 */
import { dirname } from 'node:path';
import type { Config } from '../config.ts';
import { type Effects, NO_PROGRESS } from '../effects.ts';
import { loadKey } from '../ingest/pseudonym.ts';
import { refuseNewKeyForFilledDb, refuseOtherKey } from '../ingest/key-guard.ts';
import { withDb } from '../commands/open-db.ts';
import { describeHolder, readLockHolder, rotationLockPath, withLockOrRefuse } from '../ops/writer-lock.ts';
import { AlmpError } from '../errors.ts';
import { openOpsLog } from '../ops/ops-logger.ts';
import { formatLocal } from '../ops/status-print.ts';
import { nextFires } from './cron-times.ts';
import { clockChangeWarnings } from './dst-hours.ts';
import { defaultJobs } from './default-jobs.ts';
import { loadScheduleSettings, type ScheduleSettings } from './schedule-config.ts';
import { Scheduler, type Job } from './scheduler.ts';
import { realVerbs, type Verbs } from './jobs/verbs.ts';

export interface ScheduleOptions {
  /** The schedule file (JSON); undefined: the defaults. */
  readonly configFile?: string;
  /** Aborted to stop gracefully. */
  readonly signal: AbortSignal;
  /** Base of the default output folder. */
  readonly cwd: string;
  /** Injected verbs (tests); default: the real ingest, models, dashboards and returns. */
  readonly verbs?: Verbs;
  /** Overrides the output folder of the schedule file (start --out). */
  readonly outDir?: string;
  /** Readable log lines on stderr too (the CLI: yes; tests: no). */
  readonly consoleLog?: boolean;
}

export async function scheduleCommand(config: Config, options: ScheduleOptions, effects: Effects): Promise<number> {
  // One scheduler per database: a second one ran every job twice, each waiting for the
  // other's writer lock. A lock left by a dead scheduler is taken over.
  return withLockOrRefuse(
    `${config.dbPath}.scheduler.lock`,
    (holder) => {
      const rotation = readLockHolder(rotationLockPath(config.dbPath));
      return holder && rotation?.pid === holder.pid
        ? new AlmpError(`almp rotate-key runs on ${config.dbPath} (${describeHolder(holder)}): the scheduler does not start on a database being rotated.`, 'Let the rotation finish, then start the scheduler on the new database it names.')
        : new AlmpError(`Another scheduler already runs on ${config.dbPath} (${describeHolder(holder)}).`, 'Stop it first (SIGTERM), or use it: almp status shows its jobs.');
    },
    () => runScheduler(config, options, effects),
  );
}

async function runScheduler(config: Config, options: ScheduleOptions, effects: Effects): Promise<number> {
  const loaded = loadScheduleSettings(options.configFile, { dataDir: dirname(config.dbPath), cwd: options.cwd });
  const settings = options.outDir ? Object.freeze({ ...loaded, out: options.outDir }) : loaded;
  const opsLog = openOpsLog({ logFile: settings.logFile, level: settings.logLevel, console: options.consoleLog ?? true, timeZone: settings.timezone });
  const { log } = opsLog;
  // SIGHUP (logrotate's postrotate, systemctl reload) ended the scheduler with code 129, a job
  // cut off and nothing logged — under Restart=on-failure systemd counts that a clean stop
  // and left it down. It now opens the log file anew, as daemons do.
  const reopen = () => {
    try {
      opsLog.reopen();
      log.info({ event: 'log_reopened' }, `SIGHUP: log file opened anew (${settings.logFile})`);
    } catch (error) {
      // the old file (moved away by logrotate) stays in use: the scheduler goes on
      log.warn({ event: 'log_reopen_failed', error: (error as Error).message }, `SIGHUP: could not open the log file anew, writing on into the old one: ${(error as Error).message}`);
    }
  };
  process.on('SIGHUP', reopen);
  try {
    // no progress bars: the operations log writes its lines to the same terminal at any time
    return await runJobs(config, settings, options, { ...effects, log, progress: () => NO_PROGRESS });
  } finally {
    process.off('SIGHUP', reopen);
    log.flush();
  }
}

/** The scheduler's life once its log is open: key check, catch-up and timers, then the stop. `effects.log` is the operations log. */
async function runJobs(config: Config, settings: ScheduleSettings, options: ScheduleOptions, effects: Effects): Promise<number> {
  const { log } = effects;
  for (const line of clockChangeWarnings(settings, effects.now())) {
    effects.warn(line);
    log.warn({ event: 'clock_change_hour' }, line);
  }
  const { key, source } = loadKey(config);
  const keyLocation = source === 'env' ? 'ALMP_PSEUDONYM_KEY' : config.keyFile;
  await withDb(config, (db) => (source === 'created' ? refuseNewKeyForFilledDb(db, config.keyFile) : refuseOtherKey(db, key, keyLocation, 'the scheduler did not start')), {
    effects,
    waitMs: settings.lockWaitMs,
  });
  if (source === 'created') effects.warn(`Created a new pseudonym key in ${config.keyFile} (owner-only). Back it up: without it new files no longer link to earlier data.`);
  const verbs = options.verbs ?? (await realVerbs());
  const jobs = defaultJobs(settings, config, verbs, key);
  const scheduler = new Scheduler({
    jobs,
    timezone: settings.timezone,
    withWriter: (work) => withDb(config, work, { effects, waitMs: settings.lockWaitMs }),
    effects,
    catchUp: settings.catchUp,
  });
  if (options.signal.aborted) return 0;
  await scheduler.start();
  printPlan(jobs, settings, config, effects);
  // A signal during the start (catch-up queued) has already fired: do not wait for another.
  if (!options.signal.aborted) await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  effects.out('Stopping: the current job finishes, no new job starts …');
  await scheduler.stop();
  effects.out('Stopped.');
  return 0;
}

function printPlan(jobs: readonly Job[], settings: ScheduleSettings, config: Config, effects: Effects): void {
  const now = effects.now();
  effects.out(`Scheduler running for ${config.dbPath} (timezone ${settings.timezone}); stop with Ctrl-C or SIGTERM.`);
  effects.out(`  inbox ${settings.inbox}/<kind>/ → archive ${settings.archive}, rejected → ${settings.quarantine}`);
  effects.out(`  outputs ${settings.out}; snapshots for readers ${settings.snapshots}; log ${settings.logFile}`);
  for (const job of jobs) {
    const fire = job.cron ? nextFires(job.cron, settings.timezone, now)[0] : undefined;
    const next = fire ? `next ${formatLocal(fire, settings.timezone)}` : '';
    const after = job.after ? `after ${job.after}` : '';
    effects.out(`  ${job.name.padEnd(17)} ${(job.cron ?? '').padEnd(16)} ${[after, next].filter(Boolean).join('; ')}`);
  }
}
